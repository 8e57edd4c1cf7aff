package dev.jeplua.gui;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.session.ExecutionContext;
import java.awt.Frame;
import java.awt.event.WindowEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.SwingUtilities;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A minimal script runner for the Xvfb smoke test's child JVM: engine + lazily started Swing
 * service, runs the script file given as the first argument, exits when nothing keeps it
 * alive (status 0) or the script fails (status 1). Lua gets {@code simulate_user_close()},
 * which closes every window the way a window manager's close button does.
 */
public final class GuiSmokeMain {
    private GuiSmokeMain() {}

    /** @param args the Lua script path */
    public static void main(String[] args) throws Exception {
        LuaEngine engine = LuaEngine.builder(new EngineConfig())
                .library(new dev.jeplua.gui.model.GuiLib(SwingWindowService.lazy(false)))
                .build();
        // what a window manager's close button does: WINDOW_CLOSING on the EDT (Xvfb has no window manager)
        NamedFunction.define(engine.globals(), "simulate_user_close", a -> {
            SwingUtilities.invokeLater(() -> {
                for (Frame f : Frame.getFrames()) {
                    if (f.isDisplayable()) {
                        f.dispatchEvent(new WindowEvent(f, WindowEvent.WINDOW_CLOSING));
                    }
                }
            });
            return LuaValue.NONE;
        });
        engine.start();
        byte[] code = Files.readAllBytes(Path.of(args[0]));
        engine.post("main chunk", () -> engine.compile(code, "@" + args[0]).call());
        engine.submit(new CallbackTask(LuaValue.NONE, LuaValue.NONE, "noop", ExecutionContext.NONE) {
            @Override
            protected void done(Varargs results, LuaValue error, String traceback) {
                engine.setExitWhenIdle(true);
            }
        });
        int status = engine.termination().join();
        engine.close();
        System.out.flush();
        System.exit(status);
    }
}

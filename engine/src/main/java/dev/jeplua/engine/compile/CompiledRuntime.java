package dev.jeplua.engine.compile;

import dev.jeplua.engine.debug.InterruptibleDebugLib;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;

/**
 * Run-time checks generated bodies call on entry. Engine thread.
 */
public final class CompiledRuntime {
    private CompiledRuntime() {}

    /**
     * True when a call must run on LuaJ's interpreter rather than compiled: the closure has no
     * engine globals, the debug library is not the engine's, a debugger is attached, or the
     * running coroutine has a hook set with {@code debug.sethook} (the interpreter calls hooks at
     * each instruction, line and call; compiled code does not).
     *
     * @param g the closure's globals, possibly null
     */
    public static boolean mustInterpret(Globals g) {
        if (g == null || !(g.debuglib instanceof InterruptibleDebugLib d)) {
            return true;
        }
        if (d.pendingNow() && d.hook() != null) {
            return true;
        }
        LuaThread t = g.running;
        return t == null || t.state.hookfunc != null || t.state.inhook;
    }
}

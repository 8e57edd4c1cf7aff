// Native-window update benchmark (issue 5), run by bench/gui.sh as a single-file Java program
// against the runnable jar:  java -cp cli/target/jeplua.jar bench/GuiUpdateBench.java [rounds]
// Needs a display (bench/gui.sh uses xvfb-run when DISPLAY is unset).
//
// Each round runs ONE event-loop batch that makes 1,000 _PY.updateElement calls on a window
// with 100 labels and a slider, and measures: the Lua time of the 1,000 calls; the time until
// the EDT has applied the batch (end-of-batch flush + invokeLater + Swing updates); how many
// update runnables and paint passes the EDT ran for it; and, throughout, by how much the gaps
// between ticks of a 5 ms setInterval exceed 5 ms (the engine's timers must stay on time).
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.gui.model.LazyWindowService;
import dev.jeplua.gui.model.WindowService;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.gui.SwingWindowService;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.swing.JComponent;
import javax.swing.RepaintManager;
import javax.swing.SwingUtilities;
import org.luaj.vm2.LuaValue;

public class GuiUpdateBench {
    static final AtomicLong paints = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        SwingWindowService swing = new SwingWindowService();
        LuaEngine engine = LuaEngine.builder(new EngineConfig().stdout(true))
                .library(new dev.jeplua.gui.model.GuiLib(new LazyWindowService(false, () -> swing))).build();
        engine.start();
        engine.post("setup", () -> engine.globals().set("nanos",
                new NamedFunction("nanos", a -> LuaValue.valueOf((double) System.nanoTime())))).get();
        run(engine, """
                win = _PY.createNativeWindow("update bench", 500, 700)
                local els = {}
                for i = 1, 100 do els[i] = {type = "label", id = "l" .. i, text = "label " .. i} end
                els[101] = {type = "slider", id = "s", min = 0, max = 1000}
                _PY.setNativeUI(win, {elements = els})
                _PY.showNativeWindow(win)
                -- lateness of a tick = gap since the previous tick minus the 5 ms period
                local period = 5
                local last = nanos()
                setInterval(function()
                  local now = nanos()
                  lates[#lates + 1] = math.max(0, (now - last) / 1e6 - period)
                  last = now
                end, period)
                lates = {}
                function late_stats()
                  table.sort(lates)
                  local n = #lates
                  local s = string.format("%d ticks, gap beyond the period: p50 %.2f ms, p99 %.2f ms, max %.2f ms", n,
                    lates[math.max(1, math.floor(n * 0.5))] or 0, lates[math.max(1, math.floor(n * 0.99))] or 0, lates[n] or 0)
                  lates = {}
                  return s
                end
                """);
        SwingUtilities.invokeAndWait(() -> RepaintManager.setCurrentManager(new CountingRepaintManager()));
        Thread.sleep(1500);   // let the window appear and paint once before measuring
        System.out.println("timers during window start-up (toolkit, FlatLaf, first paint): 5 ms interval: " + stats(engine));
        Thread.sleep(1500);
        System.out.println("timers, idle baseline over 1.5 s with the window open: 5 ms interval: " + stats(engine));
        double[] lua = new double[rounds];
        double[] edt = new double[rounds];
        long[] updateRuns = new long[rounds];
        long[] paintPasses = new long[rounds];
        for (String kind : new String[] {"100 labels x 10 texts", "1 slider x 1000 values"}) {
            for (int r = 0; r < rounds; r++) {
                String body = kind.startsWith("100")
                        ? "_PY.updateElement(win, 'l' .. (i % 100 + 1), 'text', 'r" + r + " ' .. i)"
                        : "_PY.updateElement(win, 's', 'value', (i + " + r + ") % 1000)";
                long applied0 = swing.updateBatchesApplied();
                long paints0 = paints.get();
                long t0 = System.nanoTime();
                ExecutionResult res = engine.execute("local t0 = nanos() for i = 1, 1000 do " + body + " end return nanos() - t0",
                        LuaEngine.ExecOptions.repl("=bench", null)).get(10, TimeUnit.SECONDS);
                lua[r] = ((Number) ((ExecutionResult.Ok) res).values().get(0)).doubleValue() / 1e6;
                while (swing.updateBatchesApplied() == applied0) {
                    SwingUtilities.invokeAndWait(() -> { });
                }
                edt[r] = (System.nanoTime() - t0) / 1e6;
                SwingUtilities.invokeAndWait(() -> { });   // the repaint the batch caused runs after it
                SwingUtilities.invokeAndWait(() -> { });
                updateRuns[r] = swing.updateBatchesApplied() - applied0;
                paintPasses[r] = paints.get() - paints0;
                Thread.sleep(20);
            }
            Arrays.sort(lua);
            Arrays.sort(edt);
            System.out.printf("RESULT %s: 1,000 updateElement calls in one batch: Lua %.2f ms median (min %.2f, max %.2f); "
                            + "applied on the EDT %.2f ms median after the batch started (max %.2f); "
                            + "EDT update runnables per batch: %s; paint passes per batch: %s (%d rounds)%n",
                    kind, lua[rounds / 2], lua[0], lua[rounds - 1], edt[rounds / 2], edt[rounds - 1],
                    Arrays.toString(Arrays.stream(updateRuns).distinct().toArray()),
                    Arrays.toString(Arrays.stream(paintPasses).distinct().toArray()), rounds);
        }
        System.out.println("RESULT timers during the measured rounds: 5 ms interval: " + stats(engine));
        engine.close();
        System.exit(0);
    }

    static String stats(LuaEngine engine) throws Exception {
        ExecutionResult r = engine.execute("return late_stats()", LuaEngine.ExecOptions.repl("=bench", null)).get(10, TimeUnit.SECONDS);
        return String.valueOf(((ExecutionResult.Ok) r).values().get(0));
    }

    static void run(LuaEngine engine, String code) throws Exception {
        ExecutionResult r = engine.execute(code, LuaEngine.ExecOptions.repl("=bench", null)).get(10, TimeUnit.SECONDS);
        if (!(r instanceof ExecutionResult.Ok)) {
            throw new IllegalStateException(r.toString());
        }
    }

    /** Counts Swing paint passes (each call paints every dirty region at once). EDT. */
    static final class CountingRepaintManager extends RepaintManager {
        @Override
        public void paintDirtyRegions() {
            paints.incrementAndGet();
            super.paintDirtyRegions();
        }
    }
}

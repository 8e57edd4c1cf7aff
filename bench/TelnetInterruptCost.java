// What interruptibility costs (issue 3): the engine's InterruptibleDebugLib checks one volatile
// per Lua instruction so that Ctrl-C / :interrupt / REST timeouts can stop a runaway chunk.
// Runs a CPU-bound Lua benchmark, fib(N) (default 30), on plain LuaJ globals with
//   (a) no debug library (no per-instruction hook at all),
//   (b) LuaJ's DebugLib (what tracebacks with line numbers need; the engine's baseline),
//   (c) the engine's InterruptibleDebugLib (DebugLib + the interrupt check),
// and through (d) LuaEngine.execute (the real engine: coroutine, context, interrupt check),
// printing the best and median of several runs and the ratios c/b and c/a.
// Single-file program against the runnable jar; bench/telnet.sh runs it:
//   java -cp cli/target/jeplua.jar bench/TelnetInterruptCost.java [n] [runs]
import dev.jeplua.engine.EngineConfig;
import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

public class TelnetInterruptCost {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String fib = "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(" + n + ")";

        Globals plain = JsePlatform.standardGlobals();
        Globals debug = JsePlatform.debugGlobals();
        Globals interruptible = JsePlatform.standardGlobals();
        var ctor = Class.forName("dev.jeplua.engine.InterruptibleDebugLib").getDeclaredConstructor(Globals.class);
        ctor.setAccessible(true);
        interruptible.load((LuaValue) ctor.newInstance(interruptible));

        double[] a = time("(a) LuaJ, no debug library", plain, fib, runs);
        double[] b = time("(b) LuaJ DebugLib", debug, fib, runs);
        double[] c = time("(c) InterruptibleDebugLib", interruptible, fib, runs);

        LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false).storePath(java.nio.file.Files.createTempDirectory("bench").resolve("s.db")));
        engine.start();
        double[] d = new double[runs];
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            ExecutionResult r = engine.execute(fib, LuaEngine.ExecOptions.repl("=bench", null)).get(5, TimeUnit.MINUTES);
            long t1 = System.nanoTime();
            if (!(r instanceof ExecutionResult.Ok)) {
                throw new IllegalStateException(r.toString());
            }
            if (i >= 0) {
                d[i] = (t1 - t0) / 1e6;
            }
        }
        report("(d) LuaEngine.execute", d);
        engine.close();

        System.out.printf("ratio c/b (interrupt check over DebugLib): best %.3f, median %.3f%n", best(c) / best(b), median(c) / median(b));
        System.out.printf("ratio c/a (debug hook + check over no hook): best %.3f, median %.3f%n", best(c) / best(a), median(c) / median(a));
        System.out.printf("ratio d/b (whole engine over DebugLib):      best %.3f, median %.3f%n", best(d) / best(b), median(d) / median(b));
        System.exit(0);
    }

    static double[] time(String label, Globals g, String code, int runs) {
        LuaValue chunk = g.load(code, "=bench");
        double[] ms = new double[runs];
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            LuaValue v = chunk.call();
            long t1 = System.nanoTime();
            if (v.isnil()) {
                throw new IllegalStateException();
            }
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        report(label, ms);
        return ms;
    }

    static void report(String label, double[] ms) {
        System.out.printf("%-32s best %8.1f ms   median %8.1f ms%n", label, best(ms), median(ms));
    }

    static double best(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

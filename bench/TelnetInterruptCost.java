// What interruptibility costs (issue 3): the engine's InterruptibleDebugLib checks one volatile
// per Lua instruction so that Ctrl-C / :interrupt / REST timeouts can stop a runaway chunk.
// Times a CPU-bound Lua benchmark, fib(N) (default 30), in ONE variant per JVM (so the JIT's
// profile of one variant does not slow another):
//   a  plain LuaJ globals, no debug library (no per-instruction hook at all),
//   b  LuaJ's DebugLib (what tracebacks with line numbers need: the engine's baseline),
//   c  the engine's InterruptibleDebugLib (DebugLib + the interrupt check),
//   d  LuaEngine.execute (the real engine: coroutine, context, InterruptibleDebugLib).
// Prints "variant best median" in ms; bench/telnet.sh runs each variant in a fresh JVM and
// prints the ratios. Single-file program against the runnable jar:
//   java -cp cli/target/jeplua.jar bench/TelnetInterruptCost.java <a|b|c|d> [n] [runs]
import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

public class TelnetInterruptCost {
    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "c";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String fib = "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(" + n + ")";
        double[] ms = switch (variant) {
            case "a" -> time(JsePlatform.standardGlobals(), fib, runs);
            case "b" -> time(JsePlatform.debugGlobals(), fib, runs);
            case "c" -> {
                Globals g = JsePlatform.standardGlobals();
                var ctor = Class.forName("dev.jeplua.engine.debug.InterruptibleDebugLib").getDeclaredConstructor(Globals.class);
                ctor.setAccessible(true);
                g.load((LuaValue) ctor.newInstance(g));
                yield time(g, fib, runs);
            }
            case "d" -> engine(fib, runs);
            default -> throw new IllegalArgumentException("variant a, b, c or d");
        };
        System.out.printf("%s %.1f %.1f%n", variant, best(ms), median(ms));
        System.exit(0);
    }

    static double[] engine(String fib, int runs) throws Exception {
        LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false)
                .storePath(java.nio.file.Files.createTempDirectory("bench").resolve("s.db")));
        engine.start();
        double[] ms = new double[runs];
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            ExecutionResult r = engine.execute(fib, LuaEngine.ExecOptions.repl("=bench", null)).get(5, TimeUnit.MINUTES);
            long t1 = System.nanoTime();
            if (!(r instanceof ExecutionResult.Ok)) {
                throw new IllegalStateException(r.toString());
            }
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        engine.close();
        return ms;
    }

    static double[] time(Globals g, String code, int runs) {
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
        return ms;
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

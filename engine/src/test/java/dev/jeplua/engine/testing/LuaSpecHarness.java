package dev.jeplua.engine.testing;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.bridge.WebControlLib;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.loop.ManualTicker;
import dev.jeplua.engine.session.ExecutionContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Runs Lua spec files against a real engine driven on the test thread with a
 * {@link ManualTicker} — no sleeps, no engine thread.
 *
 * <p>Lua side: {@code test(name, fn)} declares a test; inside it {@code advance(ms)} moves the
 * manual clock, runs everything that became due and then continues the test (it yields, so
 * the test body runs in a coroutine like any callback); {@code output()} returns what was
 * printed since the last call; {@code errors()} what the engine reported on stderr;
 * {@code eq(actual, expected [, msg])} compares deeply. A test fails when it raises or when
 * it is still suspended at the end.
 */
public final class LuaSpecHarness {
    private final ManualTicker ticker = new ManualTicker();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final LuaEngine engine;
    private Coroutine waiting;
    private double waitingMs;
    private final List<String> tests = new ArrayList<>();
    private final LuaTable testFns = new LuaTable();

    /**
     * A fresh engine with the host library the engine module still holds (web control) and the
     * harness functions. Net, store and windows live in their own modules: their tests pass
     * their library to {@link #LuaSpecHarness(EngineConfig, Library...)}.
     */
    public LuaSpecHarness() {
        this(new EngineConfig());
    }

    /** A fresh engine built from {@code config} (its ticker and stdout/stderr are replaced), with the engine module's host libraries. */
    public LuaSpecHarness(EngineConfig config) {
        this(config, new WebControlLib());
    }

    /** A fresh engine built from {@code config} with exactly these host libraries. */
    public LuaSpecHarness(EngineConfig config, Library... libraries) {
        LuaEngine.Builder builder = LuaEngine.builder(
                config.ticker(ticker).stdout(false).stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8)));
        for (Library library : libraries) {
            builder.library(library);
        }
        engine = builder.build();
        engine.output().subscribe(chunk -> printed.writeBytes(chunk.bytes()));
        LuaValue g = engine.globals();
        NamedFunction.define(g, "test", a -> {
            String name = a.checkjstring(1);
            tests.add(name);
            testFns.set(name, a.checkfunction(2));
            return LuaValue.NONE;
        });
        NamedFunction.define(g, "advance", a -> {
            waitingMs = a.checkdouble(1);
            waiting = engine.runningCoroutine();
            engine.scheduler().yield(LuaValue.NONE);
            return LuaValue.NONE;
        });
        NamedFunction.define(g, "output", a -> {
            byte[] bytes = printed.toByteArray();
            printed.reset();
            return LuaValue.valueOf(bytes);
        });
        NamedFunction.define(g, "errors", a -> {
            String s = stderr.toString(StandardCharsets.UTF_8);
            stderr.reset();
            return LuaValue.valueOf(s);
        });
        NamedFunction.define(g, "eq", a -> {
            if (!deepEquals(a.arg(1), a.arg(2))) {
                throw new LuaError((a.isnoneornil(3) ? "" : a.tojstring(3) + ": ") + "expected " + show(a.arg(2))
                        + " but got " + show(a.arg(1)));
            }
            return LuaValue.NONE;
        });
    }

    /** The engine under test. */
    public LuaEngine engine() {
        return engine;
    }

    /** The manual clock. */
    public ManualTicker ticker() {
        return ticker;
    }

    /** Loads a spec file's source and returns the names of the tests it declares. */
    public List<String> load(String source, String chunkName) {
        String[] error = new String[1];
        run(
                new CallbackTask(
                        engine.compile(source.getBytes(StandardCharsets.UTF_8), chunkName),
                        LuaValue.NONE,
                        "main chunk",
                        ExecutionContext.NONE) {
                    @Override
                    protected void done(Varargs results, LuaValue err, String traceback) {
                        if (err != null) {
                            error[0] = err.tojstring() + "\n" + traceback;
                        }
                    }
                });
        if (error[0] != null) {
            throw new AssertionError("spec file failed to load: " + error[0]);
        }
        return List.copyOf(tests);
    }

    /** Runs one declared test to completion, advancing manual time as it asks; throws AssertionError on failure. */
    public void runTest(String name) {
        String[] error = new String[1];
        boolean[] finished = new boolean[1];
        run(new CallbackTask(testFns.get(name), LuaValue.NONE, "test", ExecutionContext.NONE) {
            @Override
            protected void done(Varargs results, LuaValue err, String traceback) {
                finished[0] = true;
                if (err != null) {
                    error[0] = err.tojstring() + "\n" + traceback;
                }
            }
        });
        if (error[0] != null) {
            throw new AssertionError(name + ": " + error[0]);
        }
        if (!finished[0]) {
            throw new AssertionError(name + ": test coroutine never finished (suspended without a wake-up)");
        }
    }

    /** Runs code as a fresh chunk and drives the loop until idle (helper for Java tests). */
    public void runChunk(String code) {
        load(code, "=chunk");
    }

    /** Advances manual time by ms and runs what became due. */
    public void advance(double ms) {
        ticker.advanceMillis(ms);
        engine.runUntilIdle();
    }

    private void run(CallbackTask task) {
        engine.submit(task);
        engine.runUntilIdle();
        while (waiting != null) {
            Coroutine co = waiting;
            waiting = null;
            ticker.advanceMillis(waitingMs);
            engine.runUntilIdle();
            engine.submit(new CallbackTask(
                    new NamedFunction("resume", a -> {
                        engine.scheduler().resumeFromEngine(co, LuaValue.NONE);
                        return LuaValue.NONE;
                    }),
                    LuaValue.NONE,
                    "test",
                    ExecutionContext.NONE));
            engine.runUntilIdle();
        }
    }

    /** Everything printed and not yet read. */
    public String takeOutput() {
        String s = printed.toString(StandardCharsets.UTF_8);
        printed.reset();
        return s;
    }

    /** Everything reported on stderr and not yet read. */
    public String takeErrors() {
        String s = stderr.toString(StandardCharsets.UTF_8);
        stderr.reset();
        return s;
    }

    static boolean deepEquals(LuaValue a, LuaValue b) {
        if (a.istable() && b.istable()) {
            LuaTable ta = (LuaTable) a;
            LuaTable tb = (LuaTable) b;
            for (Varargs e = ta.next(LuaValue.NIL); !e.arg1().isnil(); e = ta.next(e.arg1())) {
                if (!deepEquals(e.arg(2), tb.rawget(e.arg1()))) {
                    return false;
                }
            }
            for (Varargs e = tb.next(LuaValue.NIL); !e.arg1().isnil(); e = tb.next(e.arg1())) {
                if (ta.rawget(e.arg1()).isnil()) {
                    return false;
                }
            }
            return true;
        }
        return a.raweq(b);
    }

    static String show(LuaValue v) {
        if (v.istable()) {
            StringBuilder sb = new StringBuilder("{");
            LuaTable t = (LuaTable) v;
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                sb.append('[')
                        .append(show(e.arg1()))
                        .append("]=")
                        .append(show(e.arg(2)))
                        .append(", ");
            }
            return sb.append('}').toString();
        }
        return v.isstring() && !v.isnumber() ? "\"" + v.tojstring() + "\"" : v.tojstring();
    }
}

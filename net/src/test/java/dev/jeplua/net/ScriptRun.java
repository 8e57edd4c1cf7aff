package dev.jeplua.net;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.session.ExecutionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Runs a Lua script the way the command line does — real clock, engine thread, exit when
 * nothing keeps the process alive — and records what it printed, what it reported on stderr,
 * its exit status and how long the run took.
 */
final class ScriptRun {
    final String output;
    final String errors;
    final int status;
    final long elapsedMs;

    private ScriptRun(String output, String errors, int status, long elapsedMs) {
        this.output = output;
        this.errors = errors;
        this.status = status;
        this.elapsedMs = elapsedMs;
    }

    /** Loads {@code /lua/<name>} from the test resources and runs it with a global {@code ARGS} table. */
    static ScriptRun resource(String name, long maxMs, String... args) {
        try (InputStream in = ScriptRun.class.getResourceAsStream("/lua/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test script " + name);
            }
            return source(new String(in.readAllBytes(), StandardCharsets.UTF_8), "@" + name, maxMs, args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code code}; fails with an AssertionError (showing what was printed) when the engine
     * has not ended by itself within {@code maxMs}.
     */
    static ScriptRun source(String code, String chunkName, long maxMs, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LuaEngine engine = LuaEngine.builder(
                        new EngineConfig().stdout(false).stderr(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .library(new NetLib())
                .build();
        engine.output().subscribe(chunk -> {
            synchronized (out) {
                out.writeBytes(chunk.bytes());
            }
        });
        long start = System.nanoTime();
        try {
            engine.start();
            engine.post("setup", () -> {
                        org.luaj.vm2.LuaTable t = new org.luaj.vm2.LuaTable();
                        for (int i = 0; i < args.length; i++) {
                            t.set(i + 1, LuaValue.valueOf(args[i]));
                        }
                        engine.globals().set("ARGS", t);
                        engine.globals()
                                .set(
                                        "clock_ms",
                                        new dev.jeplua.engine.api.NamedFunction(
                                                "clock_ms", a -> LuaValue.valueOf(System.nanoTime() / 1e6)));
                    })
                    .join();
            engine.submit(
                    new CallbackTask(
                            new org.luaj.vm2.lib.VarArgFunction() {
                                @Override
                                public Varargs invoke(Varargs a) {
                                    return engine.compile(code.getBytes(StandardCharsets.UTF_8), chunkName)
                                            .invoke(LuaValue.NONE);
                                }
                            },
                            LuaValue.NONE,
                            "main chunk",
                            ExecutionContext.NONE) {
                        @Override
                        protected void done(Varargs results, LuaValue error, String traceback) {
                            if (error != null) {
                                engine.reportCallbackError("main chunk", error, traceback);
                            }
                        }
                    });
            engine.setExitWhenIdle(true);
            int status;
            try {
                status = engine.termination().get(maxMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("script did not end within " + maxMs + " ms; printed:\n" + text(out)
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new ScriptRun(text(out), err.toString(StandardCharsets.UTF_8), status, ms);
        } finally {
            engine.close();
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return "status " + status + " after " + elapsedMs + " ms\n--- output\n" + output + "--- stderr\n" + errors;
    }
}

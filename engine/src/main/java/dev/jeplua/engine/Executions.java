package dev.jeplua.engine;

import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.debug.InterruptibleDebugLib;
import dev.jeplua.engine.loop.Ticker;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.engine.session.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * REPL and REST executions ({@link LuaEngine#execute}): code compiled and run in a coroutine
 * with its own output capture, its outcome turned into an {@link ExecutionResult}, an optional
 * timeout on the engine's {@link Ticker} that interrupts it, and the counts {@code /status} shows.
 */
final class Executions {
    private final LuaEngine engine;
    private final ChunkCompiler compiler;
    private final InterruptibleDebugLib debug;
    private long executions;
    private long executionErrors;
    private final java.util.List<ExecutionObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    Executions(LuaEngine engine, ChunkCompiler compiler, InterruptibleDebugLib debug) {
        this.engine = engine;
        this.compiler = compiler;
        this.debug = debug;
    }

    /** Executions so far and how many failed. Engine thread. */
    long[] counts() {
        return new long[] {executions, executionErrors};
    }

    /** Adds an observer of the executions started from now on. Any thread. */
    void addObserver(ExecutionObserver observer) {
        observers.add(observer);
    }

    /** See {@link LuaEngine#execute}; tells the observers when it ends. Any thread. */
    CompletableFuture<ExecutionResult> execute(String code, ExecOptions options) {
        CompletableFuture<ExecutionResult> result = run(code, options);
        if (!observers.isEmpty()) {
            long started = System.nanoTime();
            Session session = options.context().session();
            String kind = session != null ? session.kind() : options.chunkName().replaceFirst("^[=@]", "");
            result.whenComplete((r, failure) -> {
                long nanos = System.nanoTime() - started;
                for (ExecutionObserver o : observers) {
                    o.executed(kind, r, nanos);
                }
            });
        }
        return result;
    }

    private CompletableFuture<ExecutionResult> run(String code, ExecOptions options) {
        CompletableFuture<ExecutionResult> f = new CompletableFuture<>();
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        ExecutionContext given = options.context();
        ExecutionContext ctx;
        if (given == null || given == ExecutionContext.NONE) {
            ctx = new ExecutionContext(null, capture);
        } else if (given.kind() == ExecutionContext.Kind.EXECUTION) {
            ctx = given; // a per-execution context made by the caller: use as it is
        } else {
            ctx = given.derive(capture);
        }
        ByteArrayOutputStream buf = ctx.capture();
        LuaValue body = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue chunk = options.interactive()
                        ? compiler.compileInteractive(code, options.chunkName())
                        : compiler.compile(code.getBytes(StandardCharsets.UTF_8), options.chunkName());
                return chunk.invoke(LuaValue.NONE);
            }
        };
        CallbackTask task = new CallbackTask(body, LuaValue.NONE, "execution", ctx) {
            @Override
            protected void done(Varargs results, LuaValue error, String traceback) {
                String out = buf.toString(StandardCharsets.UTF_8);
                executions++;
                if (ctx.interruptReason() != null) {
                    debug.interruptHandled();
                }
                if (error == null) {
                    f.complete(new ExecutionResult.Ok(JavaValues.toJava(results), JavaValues.toStrings(results), out));
                    return;
                }
                executionErrors++;
                String reason = ctx.interruptReason();
                if ("timeout".equals(reason)) {
                    f.complete(new ExecutionResult.Timeout(out));
                } else if (reason != null) {
                    f.complete(new ExecutionResult.Interrupted(out));
                } else {
                    f.complete(new ExecutionResult.Error(error.tojstring(), traceback, out));
                }
            }
        };
        try {
            engine.submit(task);
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
            return f;
        }
        if (options.timeoutMs() > 0) {
            Ticker.Scheduled watchdog = engine.config().ticker().schedule(options.timeoutMs(), () -> {
                if (!f.isDone()) {
                    engine.interrupt(ctx, "timeout");
                    f.complete(new ExecutionResult.Timeout(buf.toString(StandardCharsets.UTF_8)));
                }
            });
            f.whenComplete((result, failure) -> watchdog.cancel());
        }
        return f;
    }
}

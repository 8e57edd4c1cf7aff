package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reads engine state that belongs to the engine thread (timer queue, execution counts) for a
 * handler without blocking its I/O thread: the read is posted to the engine, and the exchange,
 * kept open with a dispatch, is answered on its I/O thread when the value arrives. Any thread.
 */
final class EngineQuery {
    private EngineQuery() {}

    /**
     * Runs {@code read} on the engine thread.
     *
     * @return a future completed with the value, or exceptionally with
     *         {@link RejectedExecutionException} when the engine does not accept work
     */
    static <T> CompletableFuture<T> ask(LuaEngine engine, String kind, Supplier<T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.post(kind, () -> f.complete(read.get())).whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * Keeps {@code exchange} open until {@code value} completes, then calls {@code answer} with
     * the value (or null) and the failure's cause (or null) on the exchange's I/O thread.
     */
    static <T> void answerWhenDone(
            HttpServerExchange exchange, CompletableFuture<T> value, BiConsumer<T, Throwable> answer) {
        exchange.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> value.whenComplete((v, e) -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    try {
                        exchange.getIoThread().execute(() -> answer.accept(v, cause));
                    } catch (RejectedExecutionException closed) {
                        // the server closed meanwhile; nobody is left to answer
                    }
                }));
    }

    /**
     * The status and body for a failed engine read: 503 when the engine does not accept work or
     * did not answer in time (Lua code keeps it busy), 500 otherwise.
     */
    static void fail(HttpServerExchange exchange, Throwable cause) {
        if (cause instanceof TimeoutException) {
            Json.error(exchange, 503, "engine busy: Lua code has been running without yielding; try again later");
        } else if (cause instanceof RejectedExecutionException) {
            Json.error(exchange, 503, "engine not accepting work (" + cause.getMessage() + ")");
        } else {
            Json.error(exchange, 500, "internal error: " + cause);
        }
    }
}

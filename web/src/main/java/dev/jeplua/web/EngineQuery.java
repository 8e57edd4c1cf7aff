package dev.jeplua.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Answers a request with engine state that belongs to the engine thread (timer queue, execution
 * counts) without blocking its I/O thread: the value is asked with {@code LuaEngine.ask}, and the
 * exchange, kept open with a dispatch, is answered on its I/O thread when the value arrives. Any
 * thread.
 */
final class EngineQuery {
    private EngineQuery() {}

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

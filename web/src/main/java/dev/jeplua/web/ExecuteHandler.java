package dev.jeplua.web;

import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.engine.session.Session;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;

/**
 * {@code POST /execute} and {@code POST /plua/execute} (README.md#rest-api-and-web-repl): runs Lua code on the engine
 * and answers
 * <pre>
 * {"success": bool, "result": first value, "results": [all values], "output": "what it printed",
 *  "error": message or null, "execution_time_ms": ms, "request_id": "..."}
 * </pre>
 * Status: 200 success; 400 compile/runtime error (with the Lua message), malformed JSON or a
 * missing {@code code}; 408 timeout (the code is interrupted at its next instruction and the
 * engine keeps serving); 413 body over 1 MiB; 415 not {@code application/json}; 503 engine
 * stopped or its queue full.
 *
 * <p>Never blocks an I/O thread: the body is read asynchronously, the code is submitted with
 * {@link LuaEngine#execute}, and the exchange is completed on its I/O thread when the future
 * completes or the timeout (an I/O-thread timer, cancelled on completion) fires first.
 * Output is captured per execution, so concurrent requests never see each other's prints.
 */
final class ExecuteHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ExecuteHandler.class);
    /** Largest accepted request body: 1 MiB. */
    static final long MAX_BODY_BYTES = 1024 * 1024;
    /** How much of an oversized chunked body is read and dropped before the connection is closed instead: 16 MiB. */
    static final long MAX_DISCARDED_BYTES = 16 * 1024 * 1024;

    static final HttpString SESSION = new HttpString("X-Session");
    /** Longest {@code X-Request-Id} echoed, in characters. */
    static final int MAX_REQUEST_ID = 128;
    /** Chunk name of REST code: errors read {@code rest:1: message}. */
    static final String CHUNK_NAME = "=rest";

    private final LuaEngine engine;
    private final SessionRegistry sessions;
    private final AtomicLong requestIds = new AtomicLong();
    private final String idPrefix = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "-";

    ExecuteHandler(LuaEngine engine, SessionRegistry sessions) {
        this.engine = engine;
        this.sessions = sessions;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!isJson(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            fail(exchange, 415, "Content-Type must be application/json");
            return;
        }
        if (exchange.getRequestContentLength() > MAX_BODY_BYTES) {
            fail(exchange, 413, "request body too large (limit 1 MiB)");
            return;
        }
        exchange.setMaxEntitySize(MAX_BODY_BYTES + MAX_DISCARDED_BYTES);
        BodyReader reader = new BodyReader();
        exchange.getRequestReceiver().receivePartialBytes(reader, (ex, e) -> {
            if (e instanceof RequestTooBigException) {
                fail(ex, 413, "request body too large (limit 1 MiB)");
            } else {
                log.debug("reading request body failed", e);
                if (!ex.isResponseStarted()) {
                    fail(ex, 400, "cannot read request body: " + e.getMessage());
                }
            }
        });
    }

    /**
     * Collects the body, up to 1 MiB. A larger body can only arrive chunked (a declared length
     * over 1 MiB is refused before reading); it is read on and dropped, up to
     * {@link #MAX_DISCARDED_BYTES} more, so the client, which is still sending, can read the 413
     * answer (closing with unread data would reset the connection and lose the answer).
     */
    private final class BodyReader implements Receiver.PartialBytesCallback {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private long total;

        @Override
        public void handle(HttpServerExchange exchange, byte[] bytes, boolean last) {
            total += bytes.length;
            if (total <= MAX_BODY_BYTES) {
                body.write(bytes, 0, bytes.length);
            }
            if (last) {
                if (total > MAX_BODY_BYTES) {
                    fail(exchange, 413, "request body too large (limit 1 MiB)");
                } else {
                    onBody(exchange, body.toByteArray());
                }
            }
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mime =
                (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    private void onBody(HttpServerExchange exchange, byte[] body) {
        ExecuteRequest request;
        Session session = null;
        try {
            request = ExecuteRequest.parse(body);
            String sessionId = exchange.getRequestHeaders().getFirst(SESSION);
            if (sessionId != null) {
                session = sessions.get(sessionId.trim(), SessionRegistry.remote(exchange.getSourceAddress()));
            }
        } catch (ExecuteRequest.BadRequest | IllegalArgumentException e) {
            fail(exchange, 400, e.getMessage());
            return;
        }
        Session s = session;
        // Keeps the exchange open after this callback returns; it is completed when the engine answers.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> run(exchange, request, s));
    }

    private void run(HttpServerExchange exchange, ExecuteRequest request, Session session) {
        String requestId = requestId(exchange);
        long start = System.nanoTime();
        ExecutionContext ctx = new ExecutionContext(session, new ByteArrayOutputStream());
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<ExecutionResult> future =
                engine.execute(request.code(), new LuaEngine.ExecOptions(CHUNK_NAME, ctx, 0, request.interactive()));
        XnioExecutor.Key timeout = exchange.getIoThread()
                .executeAfter(
                        () -> {
                            if (answered.compareAndSet(false, true)) {
                                engine.interrupt(ctx, "timeout");
                                String output = ctx.capture().toString(StandardCharsets.UTF_8);
                                respond(
                                        exchange,
                                        408,
                                        body(
                                                false,
                                                List.of(),
                                                output,
                                                "execution timed out after " + seconds(request.timeoutMs())
                                                        + " s and was interrupted",
                                                null,
                                                start,
                                                requestId));
                            }
                        },
                        request.timeoutMs(),
                        TimeUnit.MILLISECONDS);
        future.whenComplete((result, failure) -> {
            timeout.remove();
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                exchange.getIoThread().execute(() -> complete(exchange, result, failure, start, requestId));
            } catch (RejectedExecutionException e) {
                log.debug("server closed before execution {} finished", requestId);
            }
        });
    }

    private void complete(
            HttpServerExchange exchange, ExecutionResult result, Throwable failure, long start, String requestId) {
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (!(cause instanceof RejectedExecutionException)) {
                log.error("execution {} failed inside the engine", requestId, cause);
            }
            String message = cause instanceof RejectedExecutionException
                    ? "engine not accepting work (" + cause.getMessage() + ")"
                    : "internal error: " + cause;
            respond(
                    exchange,
                    cause instanceof RejectedExecutionException ? 503 : 500,
                    body(false, List.of(), "", message, null, start, requestId));
            return;
        }
        switch (result) {
            case ExecutionResult.Ok ok ->
                respond(exchange, 200, body(true, ok.values(), ok.output(), null, null, start, requestId));
            case ExecutionResult.Error err ->
                respond(
                        exchange,
                        400,
                        body(false, List.of(), err.output(), err.message(), err.traceback(), start, requestId));
            case ExecutionResult.Timeout t ->
                respond(
                        exchange,
                        408,
                        body(
                                false,
                                List.of(),
                                t.output(),
                                "execution timed out and was interrupted",
                                null,
                                start,
                                requestId));
            case ExecutionResult.Interrupted i ->
                respond(
                        exchange,
                        503,
                        body(
                                false,
                                List.of(),
                                i.output(),
                                "execution interrupted (engine shutting down)",
                                null,
                                start,
                                requestId));
        }
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    /**
     * The client's {@code X-Request-Id} when it is 1 to {@value #MAX_REQUEST_ID} printable ASCII
     * characters (no spaces or control characters: it is echoed in a header and in logs),
     * otherwise a generated one.
     */
    private String requestId(HttpServerExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst(Json.REQUEST_ID);
        if (given != null && isSafeRequestId(given)) {
            return given;
        }
        return idPrefix + requestIds.incrementAndGet();
    }

    static boolean isSafeRequestId(String id) {
        if (id.isEmpty() || id.length() > MAX_REQUEST_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> body(
            boolean success,
            List<Object> values,
            String output,
            String error,
            String traceback,
            long start,
            String requestId) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("success", success);
        b.put("result", values.isEmpty() ? null : values.get(0));
        b.put("results", values instanceof ArrayList<?> ? values : new ArrayList<>(values));
        b.put("output", output);
        b.put("error", error);
        if (traceback != null) {
            b.put("traceback", traceback);
        }
        b.put("execution_time_ms", Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0);
        b.put("request_id", requestId);
        return b;
    }

    private static void respond(HttpServerExchange exchange, int status, Map<String, Object> body) {
        exchange.getResponseHeaders().put(Json.REQUEST_ID, String.valueOf(body.get("request_id")));
        Json.send(exchange, status, body);
    }

    /** An error before any code ran: {@code {"success": false, "error": message}}. */
    private static void fail(HttpServerExchange exchange, int status, String message) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("success", false);
        b.put("error", message);
        Json.send(exchange, status, b);
    }
}

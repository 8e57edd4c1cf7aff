package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.loop.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /engine/callbacks[?limit=n]} (README.md#rest-api-and-web-repl): the first {@code limit} pending timers in
 * due order,
 * <pre>
 * {"callbacks": [{"id": 3, "kind": "timeout"|"interval", "due_in_ms": 120, "system": false}],
 *  "count": entries listed, "total": pending timers, "truncated": total &gt; count,
 *  "running_intervals": n}
 * </pre>
 * {@code limit} defaults to {@value #DEFAULT_LIMIT}; larger values are cut to
 * {@value #MAX_LIMIT}, so the answer stays small with a million timers; a non-integer or
 * negative {@code limit} is 400. {@code due_in_ms} is whole milliseconds from now on the loop's
 * clock (0 when overdue); {@code system} marks timers created with {@code {system=true}}. Read
 * on the engine thread, so it answers once running Lua code yields or ends; after 2 s of
 * waiting it answers 503 {@code {"error": "engine busy: ..."}} instead. The I/O thread is never
 * blocked.
 */
final class CallbacksHandler implements HttpHandler {
    /** How long the answer waits for the engine thread before giving up with 503 (Lua code is running). */
    static final long ENGINE_WAIT_MS = 2000;
    /** Timers listed when no {@code limit} is given. */
    static final int DEFAULT_LIMIT = 1000;
    /** Most timers listed whatever {@code limit} asks. */
    static final int MAX_LIMIT = 10_000;

    private final LuaEngine engine;

    CallbacksHandler(LuaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        int limit = DEFAULT_LIMIT;
        Deque<String> given = exchange.getQueryParameters().get("limit");
        if (given != null && !given.isEmpty()) {
            String v = given.peekFirst().trim();
            if (!v.matches("[0-9]{1,9}")) {
                Json.error(exchange, 400, "\"limit\" must be a whole number from 0 to " + MAX_LIMIT);
                return;
            }
            limit = Math.min(MAX_LIMIT, Integer.parseInt(v));
        }
        int max = limit;
        CompletableFuture<Map<String, Object>> callbacks =
                engine.ask("callbacks", () -> read(max)).orTimeout(ENGINE_WAIT_MS, TimeUnit.MILLISECONDS);
        EngineQuery.answerWhenDone(exchange, callbacks, (body, failure) -> {
            if (failure != null) {
                EngineQuery.fail(exchange, failure);
            } else {
                Json.send(exchange, 200, body);
            }
        });
    }

    /**
     * Engine thread. {@code TimerQueue.snapshot()} copies and sorts every pending timer
     * (O(n log n)); only the first {@code limit} become JSON.
     */
    private Map<String, Object> read(int limit) {
        long now = engine.loop().ticker().nanoTime();
        List<Timer> all = engine.loop().timers().snapshot();
        List<Map<String, Object>> callbacks = new ArrayList<>(Math.min(limit, all.size()));
        for (Timer t : all) {
            if (callbacks.size() >= limit) {
                break;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", t.id());
            c.put("kind", t.isInterval() ? "interval" : "timeout");
            c.put("due_in_ms", Math.max(0, Math.round((t.dueNanos() - now) / 1e6)));
            c.put("system", t.isSystem());
            callbacks.add(c);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callbacks", callbacks);
        body.put("count", callbacks.size());
        body.put("total", all.size());
        body.put("truncated", all.size() > callbacks.size());
        body.put("running_intervals", engine.loop().timers().intervalCount());
        return body;
    }
}

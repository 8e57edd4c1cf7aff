package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.loop.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /engine/callbacks} (SPEC §6): the pending timers in due order,
 * <pre>
 * {"callbacks": [{"id": 3, "kind": "timeout"|"interval", "due_in_ms": 120, "system": false}],
 *  "count": n, "running_intervals": n}
 * </pre>
 * {@code due_in_ms} is whole milliseconds from now on the loop's clock (0 when overdue);
 * {@code system} marks timers created with {@code {system=true}}. Read on the engine thread, so
 * it answers once running Lua code yields or ends; after 2 s of waiting it answers 503
 * {@code {"error": "engine busy: ..."}} instead. The I/O thread is never blocked.
 */
final class CallbacksHandler implements HttpHandler {
    /** How long the answer waits for the engine thread before giving up with 503 (Lua code is running). */
    static final long ENGINE_WAIT_MS = 2000;

    private final LuaEngine engine;

    CallbacksHandler(LuaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        CompletableFuture<Map<String, Object>> callbacks = EngineQuery.ask(engine, "callbacks", this::read)
                .orTimeout(ENGINE_WAIT_MS, TimeUnit.MILLISECONDS);
        EngineQuery.answerWhenDone(exchange, callbacks, (body, failure) -> {
            if (failure != null) {
                EngineQuery.fail(exchange, failure);
            } else {
                Json.send(exchange, 200, body);
            }
        });
    }

    /** Engine thread. */
    private Map<String, Object> read() {
        long now = engine.loop().ticker().nanoTime();
        List<Map<String, Object>> callbacks = new ArrayList<>();
        int intervals = 0;
        for (Timer t : engine.loop().timers().snapshot()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", t.id());
            c.put("kind", t.isInterval() ? "interval" : "timeout");
            c.put("due_in_ms", Math.max(0, Math.round((t.dueNanos() - now) / 1e6)));
            c.put("system", t.isSystem());
            callbacks.add(c);
            if (t.isInterval()) {
                intervals++;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callbacks", callbacks);
        body.put("count", callbacks.size());
        body.put("running_intervals", intervals);
        return body;
    }
}

package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: whether the engine can run work now, read without waiting for the engine
 * thread ({@link LuaEngine#health()}):
 * <pre>
 * 200 {"status":"healthy", "busy_ms":0, "queued":0}
 * 503 {"status":"unresponsive", "busy_ms":7012, "queued":3}   one batch of Lua code has run over 5 s while work waits
 * 503 {"status":"stopped", ...}                               the engine loop has ended
 * </pre>
 * I/O thread.
 */
final class HealthHandler implements HttpHandler {
    private final LuaEngine engine;

    HealthHandler(LuaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        dev.jeplua.engine.EngineHealth health = engine.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.status());
        body.put("busy_ms", health.busyMs());
        body.put("queued", health.queued());
        Json.send(exchange, health.ok() ? 200 : 503, body);
    }
}

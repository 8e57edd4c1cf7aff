package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;

/**
 * {@code GET /health} (SPEC §6): {@code {"status":"healthy"}} while the engine runs, without
 * waiting for the engine thread (a long Lua computation does not make the process unhealthy);
 * 503 {@code {"status":"stopped"}} once the engine loop has ended. I/O thread.
 */
final class HealthHandler implements HttpHandler {
    private final LuaEngine engine;

    HealthHandler(LuaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (engine.termination().isDone()) {
            Json.send(exchange, 503, Map.of("status", "stopped"));
        } else {
            Json.send(exchange, 200, Map.of("status", "healthy"));
        }
    }
}

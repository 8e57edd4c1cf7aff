package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the engine's metrics ({@link EngineMetrics}) in the Prometheus text
 * format, version 0.0.4, as Prometheus scrapes it (README.md#metrics). Behind the same guard and
 * token as every other route (docs/security.md). The engine thread's figures are read first
 * (at most 500 ms), then the registry writes the text on the I/O thread.
 */
final class MetricsHandler implements HttpHandler {
    /** The content type of the Prometheus text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final EngineMetrics metrics;

    MetricsHandler(LuaEngine engine) {
        this.metrics = EngineMetrics.of(engine);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        EngineQuery.answerWhenDone(exchange, metrics.refresh(), (ignored, failure) -> {
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
            exchange.getResponseSender().send(metrics.scrape(), StandardCharsets.UTF_8);
        });
    }
}

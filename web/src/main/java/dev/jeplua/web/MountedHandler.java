package dev.jeplua.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Adapts a {@link MountedRoute} to Undertow: reads the body without blocking (1 MiB at most,
 * 413 beyond), calls the route, and answers on the exchange's I/O thread when its future
 * completes. Any thread.
 */
final class MountedHandler implements HttpHandler {
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final MountedRoute route;

    MountedHandler(MountedRoute route) {
        this.route = route;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.getRequestContentLength() > MAX_BODY_BYTES) {
            Json.error(exchange, 413, "request body too large (limit 1 MiB)");
            return;
        }
        exchange.setMaxEntitySize(MAX_BODY_BYTES);
        exchange.getRequestReceiver()
                .receiveFullBytes(
                        (ex, body) -> {
                            String path = ex.getRelativePath().isEmpty() ? "/" : ex.getRelativePath();
                            CompletableFuture<MountedRoute.Answer> answer;
                            try {
                                answer =
                                        route.handle(ex.getRequestMethod().toString(), path, ex.getQueryString(), body);
                            } catch (RuntimeException e) {
                                answer = CompletableFuture.failedFuture(e);
                            }
                            EngineQuery.answerWhenDone(ex, answer, (a, failure) -> {
                                if (failure != null) {
                                    EngineQuery.fail(ex, failure);
                                } else {
                                    ex.setStatusCode(a.status());
                                    if (a.json() != null) {
                                        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Json.CONTENT_TYPE);
                                        ex.getResponseSender()
                                                .send(ByteBuffer.wrap(a.json().getBytes(StandardCharsets.UTF_8)));
                                    } else {
                                        ex.endExchange();
                                    }
                                }
                            });
                        },
                        (ex, e) -> {
                            if (!ex.isResponseStarted()) {
                                if (e instanceof RequestTooBigException) {
                                    Json.error(ex, 413, "request body too large (limit 1 MiB)");
                                } else {
                                    Json.error(ex, 400, "cannot read request body: " + e.getMessage());
                                }
                            }
                        });
    }
}

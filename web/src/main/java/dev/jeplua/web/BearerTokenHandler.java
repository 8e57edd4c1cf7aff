package dev.jeplua.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Deque;

/**
 * Requires {@code Authorization: Bearer <token>} on every request when the server has a token
 * ({@code --api-token}, SPEC §2 and §7); answers 401 with {@code {"error": ...}} and
 * {@code WWW-Authenticate: Bearer} otherwise. Two exceptions, both needed by a browser:
 * {@code GET /} (the static page, which holds no data and asks the user for the token) and
 * the WebSocket upgrade of {@code /ws}, which browsers cannot give headers and which may
 * carry the token as {@code ?token=}. Tokens are compared in constant time. I/O thread.
 */
final class BearerTokenHandler implements HttpHandler {
    private final byte[] expected;
    private final HttpHandler next;

    /**
     * @param token the required token (non-empty)
     * @param next  the handler protected requests go to
     */
    BearerTokenHandler(String token, HttpHandler next) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (Methods.GET.equals(exchange.getRequestMethod()) && (path.equals("/") || path.equals("/index.html"))) {
            next.handleRequest(exchange);
            return;
        }
        String given = null;
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else if (path.equals("/ws")) {
            Deque<String> q = exchange.getQueryParameters().get("token");
            given = q == null ? null : q.peekFirst();
        }
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Json.error(exchange, 401, given == null
                    ? "missing token: send 'Authorization: Bearer <token>' (the server was started with --api-token)"
                    : "wrong token");
            return;
        }
        next.handleRequest(exchange);
    }
}

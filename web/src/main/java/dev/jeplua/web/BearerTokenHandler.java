package dev.jeplua.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Deque;
import java.util.Set;

/**
 * Requires the token on every request when the server has one ({@code --api-token}, README.md#command-line
 * and §7); answers 401 with {@code {"error": ...}} and {@code WWW-Authenticate: Bearer}
 * otherwise. The token is taken from
 * <ul>
 * <li>{@code Authorization: Bearer <token>} (every route);</li>
 * <li>on {@code /ws} only, for browsers, which cannot set headers on a WebSocket: the
 *     subprotocol {@code jeplua.token.<base64url of the UTF-8 token, no padding>} in
 *     {@code Sec-WebSocket-Protocol} (the handshake then answers with the protocol
 *     {@value #WS_PROTOCOL} when the client also offered it, else with the token protocol
 *     itself, see {@link #wsProtocols}), or the query parameter {@code ?token=}.</li>
 * </ul>
 * Only the static page and its script and style ({@code GET /}, {@code /index.html},
 * {@code /app.js}, {@code /app.css}) are served without a token: they hold no data, and the page
 * asks the user for the token. Tokens are compared in constant time (SHA-256 digests of both
 * compared with {@link MessageDigest#isEqual}, so neither content nor length leaks through
 * timing). I/O thread.
 */
final class BearerTokenHandler implements HttpHandler {
    /** The plain subprotocol of the output stream, offered by the page next to the token protocol. */
    static final String WS_PROTOCOL = "jeplua";
    /** Prefix of the subprotocol carrying the token. */
    static final String WS_TOKEN_PREFIX = "jeplua.token.";

    private static final Set<String> PUBLIC_PATHS =
            Set.of("/", "/index.html", PageHandler.SCRIPT_PATH, PageHandler.STYLE_PATH);

    private final byte[] expected;
    private final HttpHandler next;

    /**
     * @param token the required token (non-empty)
     * @param next  the handler protected requests go to
     */
    BearerTokenHandler(String token, HttpHandler next) {
        this.expected = sha256(token);
        this.next = next;
    }

    /**
     * The subprotocols the {@code /ws} handshake may answer with, in the server's preference:
     * {@value #WS_PROTOCOL} and, with a token, {@code jeplua.token.<base64url>} (Undertow
     * answers with the first protocol the client offered that is in this set).
     */
    static Set<String> wsProtocols(String token) {
        return token == null ? Set.of(WS_PROTOCOL) : Set.of(WS_PROTOCOL, tokenProtocol(token));
    }

    /** {@code jeplua.token.<base64url of the UTF-8 token, no padding>}. */
    static String tokenProtocol(String token) {
        return WS_TOKEN_PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (Methods.GET.equals(exchange.getRequestMethod()) && PUBLIC_PATHS.contains(path)) {
            next.handleRequest(exchange);
            return;
        }
        String given = null;
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else if (path.equals("/ws")) {
            given = fromProtocol(exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_PROTOCOL));
            if (given == null) {
                Deque<String> q = exchange.getQueryParameters().get("token");
                given = q == null ? null : q.peekFirst();
            }
        }
        if (given == null || !MessageDigest.isEqual(expected, sha256(given))) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
                exchange.setPersistent(false);
            }
            Json.error(
                    exchange,
                    401,
                    given == null
                            ? "missing token: send 'Authorization: Bearer <token>' (the server was started with --api-token)"
                            : "wrong token");
            return;
        }
        next.handleRequest(exchange);
    }

    /** The token of a {@code jeplua.token.*} subprotocol, "" when it is not valid base64url, null when none is offered. */
    private static String fromProtocol(HeaderValues values) {
        if (values == null) {
            return null;
        }
        for (String value : values) {
            for (String p : value.split(",")) {
                String protocol = p.trim();
                if (protocol.startsWith(WS_TOKEN_PREFIX)) {
                    try {
                        return new String(
                                Base64.getUrlDecoder().decode(protocol.substring(WS_TOKEN_PREFIX.length())),
                                StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return "";
                    }
                }
            }
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}

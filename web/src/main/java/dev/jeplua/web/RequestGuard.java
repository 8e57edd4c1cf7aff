package dev.jeplua.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: browser-facing protections that do not depend on the
 * route (DNS rebinding, cross-site requests, response headers). I/O thread, never blocks.
 *
 * <p><b>Security headers</b> go on every answer: {@code X-Content-Type-Options: nosniff}, the
 * {@link #CSP}, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}.
 *
 * <p><b>Host</b> (DNS rebinding): the {@code Host} header must name this server. Accepted:
 * <ul>
 * <li>{@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the configured bind host (unless it is
 *     a wildcard such as {@code 0.0.0.0}), and an IP literal equal to the local address the
 *     connection arrived on (a browser connects to the address it names, so an IP literal
 *     cannot be rebound) &mdash; each with the port the connection arrived on, or without a
 *     port only when that port is 80;</li>
 * <li>a name of the allow list ({@code --api-allow-host}): {@code NAME} with any port or none,
 *     {@code NAME:PORT} exactly, {@code *} any host at all (turns the check off).</li>
 * </ul>
 * Anything else, including a missing or repeated {@code Host}, is answered
 * 421 {@code {"error": ...}} (400 for a missing/repeated/malformed header) and logged.
 *
 * <p><b>Origin</b>: a request that carries {@code Origin} (browsers send it on every
 * cross-origin request, on POST and on WebSocket handshakes) must come from this server's own
 * origin ({@code http://} or {@code https://} followed by the accepted {@code Host} value) or
 * from the allow list ({@code --api-allow-origin}, exact {@code scheme://host[:port]});
 * {@code Origin: null} (sandboxed frames, {@code file:} pages) only when the list holds
 * {@code null}. Otherwise 403 {@code {"error": ...}}. Requests without {@code Origin} (curl,
 * scripts) are not affected. An allowed foreign origin gets {@code Access-Control-Allow-Origin}
 * with its own value and {@code Vary: Origin}; its CORS preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered 200 here. No other request gets CORS headers.
 */
final class RequestGuard implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

    /** Content-Security-Policy of every answer: the page's own scripts and styles, connections to itself only. */
    static final String CSP =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:;"
                    + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static final HttpString CONTENT_SECURITY_POLICY = new HttpString("Content-Security-Policy");
    static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    static final HttpString X_FRAME_OPTIONS = new HttpString("X-Frame-Options");
    static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    /** Longest Host or Origin value quoted in an error message or log line. */
    private static final int QUOTE_LIMIT = 100;

    private final String bindHost;
    private final boolean anyHost;
    /** Allow-list names without a port (any port accepted), lower case. */
    private final Set<String> allowedNames;
    /** Allow-list {@code name:port} entries, lower case. */
    private final Set<String> allowedAuthorities;

    private final Set<String> allowedOrigins;
    private final HttpHandler next;

    /**
     * @param bindHost     the configured bind host (a name or an IP literal; brackets optional for IPv6)
     * @param allowHosts   extra accepted {@code Host} names ({@code NAME}, {@code NAME:PORT} or {@code *})
     * @param allowOrigins extra accepted origins ({@code scheme://host[:port]} or {@code null})
     * @param next         the handler accepted requests go to
     */
    RequestGuard(String bindHost, List<String> allowHosts, List<String> allowOrigins, HttpHandler next) {
        this.bindHost = hostName(bindHost);
        this.anyHost = allowHosts.contains("*");
        this.allowedNames = allowHosts.stream()
                .filter(h -> !h.equals("*") && !hasPort(h))
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.allowedAuthorities = allowHosts.stream()
                .filter(RequestGuard::hasPort)
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.allowedOrigins =
                allowOrigins.stream().map(RequestGuard::normalizeOrigin).collect(Collectors.toUnmodifiableSet());
        this.next = next;
    }

    /** The bind host as it appears in a Host header: lower case, IPv6 in brackets, wildcards dropped (null). */
    private static String hostName(String bindHost) {
        if (bindHost == null || bindHost.isEmpty()) {
            return null;
        }
        String h = bindHost.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
            return null;
        }
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /** True for {@code name:port} and {@code [v6]:port}. */
    static boolean hasPort(String authority) {
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        return colon > bracket && (bracket >= 0 || authority.indexOf(':') == colon);
    }

    /** An origin as browsers serialize it: lower case, no trailing slash. */
    static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        var headers = exchange.getResponseHeaders();
        headers.put(X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(CONTENT_SECURITY_POLICY, CSP);
        headers.put(X_FRAME_OPTIONS, "DENY");
        headers.put(REFERRER_POLICY, "no-referrer");

        HeaderValues hosts = exchange.getRequestHeaders().get(Headers.HOST);
        if (hosts == null || hosts.size() != 1) {
            reject(exchange, 400, hosts == null ? "missing Host header" : "more than one Host header");
            return;
        }
        String host = hosts.getFirst().trim().toLowerCase(Locale.ROOT);
        String hostProblem = checkHost(exchange, host);
        if (hostProblem != null) {
            reject(exchange, hostProblem.startsWith("malformed") ? 400 : 421, hostProblem);
            return;
        }

        HeaderValues origins = exchange.getRequestHeaders().get(Headers.ORIGIN);
        if (origins != null) {
            if (origins.size() != 1) {
                reject(exchange, 403, "more than one Origin header");
                return;
            }
            String origin = normalizeOrigin(origins.getFirst());
            boolean own = origin.equals("http://" + host) || origin.equals("https://" + host);
            boolean listed = !own && allowedOrigins.contains(origin);
            if (!own && !listed) {
                reject(
                        exchange,
                        403,
                        "origin " + quote(origins.getFirst()) + " is not allowed"
                                + " (only this server's own pages, or origins given with --api-allow-origin)");
                return;
            }
            if (listed) {
                headers.put(ALLOW_ORIGIN, origins.getFirst().trim());
                headers.add(Headers.VARY, "Origin");
                headers.put(EXPOSE_HEADERS, "X-Request-Id");
                if (Methods.OPTIONS.equals(exchange.getRequestMethod())
                        && exchange.getRequestHeaders().contains(REQUEST_METHOD)) {
                    headers.put(ALLOW_METHODS, "GET, POST, OPTIONS");
                    headers.put(ALLOW_HEADERS, "Authorization, Content-Type, X-Session, X-Request-Id");
                    headers.put(MAX_AGE, "600");
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("preflight", "ok");
                    body.put("origin", origins.getFirst().trim());
                    Json.send(exchange, 200, body);
                    return;
                }
            }
        }
        next.handleRequest(exchange);
    }

    /** Null when {@code host} (lower case, trimmed) names this server; otherwise why not. */
    private String checkHost(HttpServerExchange exchange, String host) {
        String name;
        String port;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return "malformed Host header " + quote(host);
            }
            name = host.substring(0, end + 1);
            String rest = host.substring(end + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return "malformed Host header " + quote(host);
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0 && host.indexOf(':', colon + 1) >= 0) {
                return "malformed Host header " + quote(host);
            }
            name = colon < 0 ? host : host.substring(0, colon);
            port = colon < 0 ? null : host.substring(colon + 1);
        }
        if (name.isEmpty() || (port != null && !PORT.matcher(port).matches())) {
            return "malformed Host header " + quote(host);
        }
        if (anyHost || allowedNames.contains(name) || (port != null && allowedAuthorities.contains(host))) {
            return null;
        }
        InetSocketAddress local = exchange.getDestinationAddress();
        int localPort = local == null ? -1 : local.getPort();
        boolean ours = LOOPBACK_NAMES.contains(name) || name.equals(bindHost) || isLocalAddress(name, local);
        if (!ours) {
            return "Host " + quote(host) + " is not a name of this server (DNS rebinding protection;"
                    + " allow it with --api-allow-host)";
        }
        boolean portOk = port == null ? localPort == 80 : Integer.parseInt(port) == localPort;
        if (!portOk) {
            return "Host " + quote(host) + " does not name this server's port " + localPort;
        }
        return null;
    }

    /** True when {@code name} is an IP literal equal to the address the connection arrived on. */
    private static boolean isLocalAddress(String name, InetSocketAddress local) {
        if (local == null || local.getAddress() == null) {
            return false;
        }
        InetAddress address = local.getAddress();
        if (name.startsWith("[")) {
            return address instanceof Inet6Address
                    && name.length() > 2
                    && sameV6(name.substring(1, name.length() - 1), (Inet6Address) address);
        }
        return !(address instanceof Inet6Address) && name.equals(address.getHostAddress());
    }

    private static boolean sameV6(String literal, Inet6Address address) {
        if (!literal.matches("[0-9a-f:.]+")) {
            return false; // never resolve a name here: only literals are compared
        }
        try {
            return InetAddress.getByName(literal).equals(address);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String quote(String value) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < QUOTE_LIMIT; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.append(value.length() > QUOTE_LIMIT ? "...'" : "'").toString();
    }

    private static void reject(HttpServerExchange exchange, int status, String message) {
        log.warn(
                "refused {} {} from {}: {}",
                exchange.getRequestMethod(),
                quote(exchange.getRequestPath()),
                exchange.getSourceAddress(),
                message);
        if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            exchange.setPersistent(false);
        }
        Json.error(exchange, status, message);
    }
}

package dev.jeplua.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The web REPL page (README.md#rest-api-and-web-repl): {@code GET /} (and {@code /index.html}) the HTML,
 * {@code GET /app.js} its script, {@code GET /app.css} its style. No CDN: it works without
 * network access. Script and style are separate resources, not inline, so the
 * Content-Security-Policy ({@link RequestGuard#CSP}) allows only the page's own files. Each
 * instance serves one resource, read once from the jar ({@code dev/jeplua/web/...}) and served
 * from memory with {@code Cache-Control: no-cache}. I/O thread.
 */
final class PageHandler implements HttpHandler {
    static final String RESOURCE = "index.html";
    static final String SCRIPT_PATH = "/app.js";
    static final String STYLE_PATH = "/app.css";
    static final String QUICKAPP_SCRIPT_PATH = "/quickapp.js";

    private final byte[] content;
    private final String contentType;

    /** The HTML page. */
    PageHandler() {
        this(RESOURCE, "text/html; charset=utf-8");
    }

    /**
     * @param resource    file name next to this class in the jar
     * @param contentType the Content-Type it is served with
     * @throws IllegalStateException when the resource is missing from the jar
     */
    PageHandler(String resource, String contentType) {
        this.contentType = contentType;
        try (InputStream in = PageHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "web page resource dev/jeplua/web/" + resource + " missing from the jar");
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web page resource " + resource + " from the jar", e);
        }
    }

    /** The page's script, {@code /app.js}. */
    static PageHandler script() {
        return new PageHandler("app.js", "text/javascript; charset=utf-8");
    }

    /** The page's QuickApp panel script, {@code /quickapp.js} (docs/fibaro.md "Web panel"). */
    static PageHandler quickAppScript() {
        return new PageHandler("quickapp.js", "text/javascript; charset=utf-8");
    }

    /** The page's style, {@code /app.css}. */
    static PageHandler style() {
        return new PageHandler("app.css", "text/css; charset=utf-8");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(ByteBuffer.wrap(content));
    }
}

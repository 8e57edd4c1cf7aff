package dev.jeplua.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code GET /}: the web REPL page (SPEC §6), one self-contained HTML file with its CSS and
 * script inline (no CDN: it works without network access), read once from the jar
 * ({@code dev/jeplua/web/index.html}) and served from memory. I/O thread.
 */
final class PageHandler implements HttpHandler {
    static final String RESOURCE = "index.html";
    private final byte[] page;

    PageHandler() {
        try (InputStream in = PageHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("web page resource dev/jeplua/web/" + RESOURCE + " missing from the jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web page from the jar", e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(ByteBuffer.wrap(page));
    }
}

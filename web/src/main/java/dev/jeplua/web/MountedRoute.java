package dev.jeplua.web;

import java.util.concurrent.CompletableFuture;

/**
 * A route prefix served by code outside the web module (e.g. the Fibaro HC3 API under
 * {@code /api}), mounted with {@link WebServer#mount} before the server starts. The web module
 * keeps its request guard, token check and JSON error answers in front of it; the route only
 * turns a request into a JSON answer, off the I/O thread if it likes.
 */
@FunctionalInterface
public interface MountedRoute {
    /**
     * Answers one request. Called on an I/O thread with the whole body read; must not block.
     *
     * @param method the HTTP method, upper case
     * @param path   the path below the mount prefix, starting with {@code /} (URL-encoded as sent)
     * @param query  the query string without {@code ?}, empty when none
     * @param body   the request body (empty when none; at most 1 MiB)
     * @return completed with the answer; completing exceptionally gives 503 (engine not
     *     accepting work) or 500
     */
    CompletableFuture<Answer> handle(String method, String path, String query, byte[] body);

    /**
     * An answer: status and a JSON text body.
     *
     * @param status the HTTP status
     * @param json   the body as JSON text, or null for an empty body
     */
    record Answer(int status, String json) {}
}

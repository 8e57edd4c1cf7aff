package dev.jeplua.fibaro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Proxy mode (docs/fibaro.md#proxy-mode): forwards the HC3 REST requests the offline HC3 does not
 * answer itself to a real HC3, over HTTP with Basic auth, through the JDK {@link HttpClient}.
 * Which requests are forwarded is decided by {@link #shouldForward}; the answer is HC3's status
 * and JSON body as they come. Failures become HC3-shaped errors
 * ({@code {"type":"ERROR","reason":"HC3_UNREACHABLE"|"HC3_TIMEOUT"|...,"message":...}}): 502 when
 * the HC3 cannot be reached (connection refused, unknown host), 504 after {@link #timeout()}, 401
 * (HC3's own status) when it refuses the credentials.
 *
 * <p>Threads: any; {@link #forward} blocks the calling thread up to the timeout, {@link
 * #forwardAsync} never blocks.
 */
public final class Hc3Proxy {
    /** Default time a forwarded request may take, connection included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Settings settings;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * Where the real HC3 is and how to log in.
     *
     * @param url      the HC3's base URL, e.g. {@code http://192.168.1.57} (the {@code /api} prefix
     *                 is added; a trailing {@code /} or {@code /api} is dropped)
     * @param user     the HC3 user
     * @param password the HC3 password
     */
    public record Settings(URI url, String user, String password) {
        /** The names read from the environment and the {@code .env} files. */
        public static final List<String> NAMES = List.of("HC3_URL", "HC3_USER", "HC3_PASSWORD");

        /**
         * Resolves the settings: each name from {@code env} (the process environment) when set
         * there, else from the first of {@code envFiles} that defines it (files that do not exist
         * are skipped).
         *
         * @param env      the process environment
         * @param envFiles {@code .env} files in lookup order (the QuickApp's folder, then the
         *                 working directory)
         * @return the settings
         * @throws IllegalArgumentException naming the missing variables and where they were looked
         *     for, or a bad URL, or a {@code .env} file that cannot be read
         */
        public static Settings resolve(Map<String, String> env, List<Path> envFiles) {
            Map<String, String> found = new LinkedHashMap<>();
            for (String name : NAMES) {
                String v = env.get(name);
                if (v != null && !v.isBlank()) {
                    found.put(name, v.strip());
                }
            }
            for (Path f : envFiles) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                Map<String, String> file = readDotEnv(f);
                for (String name : NAMES) {
                    String v = file.get(name);
                    if (v != null && !v.isBlank()) {
                        found.putIfAbsent(name, v);
                    }
                }
            }
            List<String> missing = new ArrayList<>();
            for (String name : NAMES) {
                if (!found.containsKey(name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("proxy mode needs " + String.join(", ", missing)
                        + " (environment, or a .env file in " + envFiles + ")");
            }
            String url = found.get("HC3_URL");
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            if (url.endsWith("/api")) {
                url = url.substring(0, url.length() - 4);
            }
            if (!url.contains("://")) {
                url = "http://" + url;
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HC3_URL is not a URL: " + found.get("HC3_URL"));
            }
            if (uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("HC3_URL is not an http(s) URL: " + found.get("HC3_URL"));
            }
            return new Settings(uri, found.get("HC3_USER"), found.get("HC3_PASSWORD"));
        }

        /** The password stays out of logs. */
        @Override
        public String toString() {
            return "Settings[url=" + url + ", user=" + user + "]";
        }
    }

    /**
     * Reads a {@code .env} file: {@code NAME=value} lines, an optional leading {@code export },
     * {@code #} comment lines, values optionally in single or double quotes (the quotes are
     * dropped; no escapes, no variable expansion), an unquoted value ends at {@code " #"}.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static Map<String, String> readDotEnv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2
                    && (value.startsWith("\"") && value.endsWith("\"")
                            || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int hash = value.indexOf(" #");
                if (hash >= 0) {
                    value = value.substring(0, hash).strip();
                }
            }
            out.put(name, value);
        }
        return out;
    }

    /**
     * @param settings where the HC3 is
     * @param timeout  how long one forwarded request may take, connection included
     */
    public Hc3Proxy(Settings settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The settings this proxy uses. */
    public Settings settings() {
        return settings;
    }

    /** How long one forwarded request may take. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether the offline HC3's answer should be replaced by the real HC3's: no route serves the
     * path, or the resource does not exist locally (404: a device, global variable, room … of the
     * real home).
     */
    public static boolean shouldForward(Hc3Api.Response local) {
        return !local.handled() || local.status() == 404;
    }

    /**
     * Forwards one request and waits for the answer (at most {@link #timeout()}).
     *
     * @param method HTTP method
     * @param target path without {@code /api}, with an optional query string
     * @param body   JSON text, or null for none
     * @return HC3's answer, or an HC3-shaped error (502, 504, 401 …); never throws
     */
    public Hc3Api.Response forward(String method, String target, String body) {
        return forwardAsync(method, target, body).join();
    }

    /**
     * Forwards one request without blocking.
     *
     * @return a future of HC3's answer or an HC3-shaped error; never completes exceptionally
     */
    public CompletableFuture<Hc3Api.Response> forwardAsync(String method, String target, String body) {
        HttpRequest request;
        URI uri;
        try {
            uri = URI.create(settings.url() + "/api" + (target.startsWith("/") ? "" : "/") + target);
            String auth = Base64.getEncoder()
                    .encodeToString((settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
            HttpRequest.BodyPublisher publisher = body == null || body.isBlank()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
            request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Authorization", "Basic " + auth)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .header("X-Fibaro-Version", "2")
                    .method(method.toUpperCase(Locale.ROOT), publisher)
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    error(400, "BAD_REQUEST", "cannot forward " + target + " to the HC3: " + e.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> answer(r.statusCode(), r.body()))
                .exceptionally(e -> failure(uri, e));
    }

    private Hc3Api.Response answer(int status, String text) {
        if (status == 401 || status == 403) {
            return error(
                    status,
                    status == 401 ? "UNAUTHORIZED" : "FORBIDDEN",
                    "the HC3 at " + settings.url() + " refused user '" + settings.user() + "' (" + status
                            + "): check HC3_USER and HC3_PASSWORD");
        }
        if (text == null || text.isBlank()) {
            return new Hc3Api.Response(status, null, true);
        }
        try {
            return new Hc3Api.Response(status, JsonText.parse(text), true);
        } catch (JsonProcessingException e) {
            return new Hc3Api.Response(status, NODES.textNode(text), true); // HC3 answers some routes with plain text
        }
    }

    private Hc3Api.Response failure(URI uri, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return error(
                    504,
                    "HC3_TIMEOUT",
                    "the HC3 at " + settings.url() + " did not answer " + uri.getPath() + " within "
                            + timeout.toMillis() + " ms");
        }
        String why = cause instanceof ConnectException
                ? "connection refused"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return error(502, "HC3_UNREACHABLE", "the HC3 at " + settings.url() + " is not reachable (" + why + ")");
    }

    private static Hc3Api.Response error(int status, String reason, String message) {
        ObjectNode e = NODES.objectNode();
        e.put("type", "ERROR").put("reason", reason).put("message", message);
        return new Hc3Api.Response(status, (JsonNode) e, true);
    }
}

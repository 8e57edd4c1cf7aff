package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.bridge.ViewUpdates;
import dev.jeplua.engine.output.OutputBus;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The REST API, web REPL page and live output stream of one engine on one address
 * (README.md#rest-api-and-web-repl), on Undertow:
 * <pre>
 * GET  /status            engine figures                 StatusHandler
 * POST /execute           run Lua code (also /plua/execute) ExecuteHandler
 * GET  /engine/callbacks  pending timers                 CallbacksHandler
 * GET  /health            {"status":"healthy"}           HealthHandler
 * GET  /metrics           Prometheus text format         MetricsHandler
 * GET  /                  web REPL page (+ /app.js, /app.css, /quickapp.js) PageHandler
 * WS   /ws                print output stream            OutputStreamHandler
 * ANY  PREFIX/...         a route mounted by another module   MountedRoute ({@link #mount})
 * </pre>
 * Every request first passes {@link RequestGuard} (security headers on every answer; the
 * {@code Host} must name this server, 421 otherwise: DNS rebinding; a foreign {@code Origin}
 * gets 403), then, with a token, {@link BearerTokenHandler} (every route but the static page
 * needs it, {@code /ws} included). Every answer Undertow lets us write is JSON
 * ({@code {"error": ...}} with 400/401/403/404/405/421/500 for the cases no handler covers;
 * never an HTML page or a stack trace). Undertow itself answers a request it cannot parse (bad
 * request line, bad percent-encoding, more than {@link #MAX_PARAMETERS} query parameters) with
 * an empty 400 and closes the connection, and closes without an answer a connection whose
 * headers exceed {@link #MAX_HEADER_BYTES}. Handlers never block an I/O thread and never
 * touch Lua: they submit to the engine and complete the exchange when it answers.
 *
 * <p>Connections: see {@link Limits} (idle 60 s, keep-alive 60 s, headers within 10 s); the
 * output stream is pinged every 25 s, so an idle but live {@code /ws} client stays connected.
 *
 * <p>Lifecycle: construct, {@link #start()} (binds; returns the bound address, so tests can
 * bind port 0), {@link #close(Duration)}. The two I/O threads are daemon threads named
 * {@code jeplua-web I/O-n}; the server does not keep the process alive by itself (the caller
 * takes a keep-alive handle when it should). Public methods are any thread.
 */
public final class WebServer implements AutoCloseable {
    static {
        // Undertow and XNIO log through JBoss Logging; route it to SLF4J so a plain script run
        // prints nothing of theirs below the configured level.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    /**
     * Where and how the server listens, and whom it answers.
     *
     * @param host         address to bind ({@code 127.0.0.1} by default in the CLI)
     * @param port         TCP port, 0 for any free port
     * @param token        bearer token every request must carry ({@code --api-token}), or null for none
     * @param sessionIdle  how long an {@code X-Session} session may go without a request before it is closed
     * @param allowHosts   extra accepted {@code Host} header values besides the loopback names and the bind
     *                     host ({@code --api-allow-host}, repeatable): {@code NAME} (any port), {@code NAME:PORT},
     *                     or {@code *} (any host: turns DNS-rebinding protection off); see {@link RequestGuard}
     * @param allowOrigins extra accepted {@code Origin} values besides the server's own pages
     *                     ({@code --api-allow-origin}, repeatable): exact {@code scheme://host[:port]}, or
     *                     {@code null} for {@code Origin: null}; they also get CORS answers
     * @throws IllegalArgumentException for an empty or blank token, a token with control characters
     *                                  or surrounding spaces (it could never be sent in a header), or an
     *                                  empty/null entry in the lists
     */
    public record Options(
            String host,
            int port,
            String token,
            Duration sessionIdle,
            List<String> allowHosts,
            List<String> allowOrigins) {
        public Options {
            if (token != null) {
                if (token.isBlank()) {
                    throw new IllegalArgumentException(
                            "the API token must not be empty (leave out --api-token for no token)");
                }
                if (!token.equals(token.strip()) || hasControlCharacter(token)) {
                    throw new IllegalArgumentException(
                            "the API token must not start or end with spaces or contain control characters");
                }
            }
            allowHosts = checked(allowHosts, "--api-allow-host");
            allowOrigins = checked(allowOrigins, "--api-allow-origin");
        }

        /** Options with the default session idle time of 10 minutes and no extra hosts or origins. */
        public Options(String host, int port, String token) {
            this(host, port, token, Duration.ofMinutes(10));
        }

        /** Options with no extra hosts or origins. */
        public Options(String host, int port, String token, Duration sessionIdle) {
            this(host, port, token, sessionIdle, List.of(), List.of());
        }

        /** Options with the default session idle time of 10 minutes. */
        public Options(String host, int port, String token, List<String> allowHosts, List<String> allowOrigins) {
            this(host, port, token, Duration.ofMinutes(10), allowHosts, allowOrigins);
        }

        private static List<String> checked(List<String> values, String option) {
            if (values == null) {
                return List.of();
            }
            // plain loops: this runs on the command line's start-up path, before any lambda is needed
            String[] trimmed = new String[values.size()];
            for (int i = 0; i < trimmed.length; i++) {
                String v = values.get(i);
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException(option + " needs a non-empty value");
                }
                trimmed[i] = v.trim();
            }
            return List.of(trimmed);
        }

        private static boolean hasControlCharacter(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Connection limits (package-private: tests shorten them).
     *
     * @param idleTimeoutMs     a connection with no read or write for this long is closed while it waits for
     *                          data ({@code UndertowOptions.IDLE_TIMEOUT}); an execution waiting for the engine
     *                          is not "waiting for data" and is not cut
     * @param noRequestMs       a keep-alive connection without a new request for this long is closed
     * @param parseTimeoutMs    the request line and headers must arrive within this time (slow-loris)
     * @param wsPingMs          interval of the server's pings on {@code /ws} (keeps an idle stream within the
     *                          idle timeout and finds dead peers)
     */
    record Limits(int idleTimeoutMs, int noRequestMs, int parseTimeoutMs, long wsPingMs) {
        /** 60 s idle, 60 s between keep-alive requests, 10 s to send the headers, a ping every 25 s. */
        static final Limits DEFAULT = new Limits(60_000, 60_000, 10_000, 25_000);
    }

    /** Largest request line plus headers, in bytes (a larger one closes the connection). */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Most request headers; most query parameters. */
    static final int MAX_HEADERS = 64;

    static final int MAX_PARAMETERS = 64;

    private final LuaEngine engine;
    private final Options options;
    private final Limits limits;
    private final SessionRegistry sessions;
    private final OutputStreamHandler outputStream;
    private Undertow undertow;
    private XnioWorker worker;
    private ExecutorService tasks;
    private OutputBus.Subscription subscription;
    /** Ends the {@code /ws} clients' subscription to {@code _PY.broadcast_view_update}. */
    private Runnable viewUpdates;

    private ScheduledExecutorService sweeper;
    private InetSocketAddress address;
    /** Route prefixes served by other modules ({@link #mount}). */
    private final Map<String, MountedRoute> mounts = new LinkedHashMap<>();

    /**
     * @param engine  the engine requests run on
     * @param options address, port, token, allowed hosts and origins
     */
    public WebServer(LuaEngine engine, Options options) {
        this(engine, options, Limits.DEFAULT);
    }

    WebServer(LuaEngine engine, Options options, Limits limits) {
        this.engine = engine;
        this.options = options;
        this.limits = limits;
        this.sessions = new SessionRegistry(engine, options.sessionIdle());
        this.outputStream = new OutputStreamHandler(engine, sessions);
    }

    /**
     * Binds the address and starts serving.
     *
     * @return the bound address (with the real port when 0 was asked for)
     * @throws IOException           when the address cannot be bound (message names it and the reason,
     *                               e.g. {@code cannot bind 127.0.0.1:8080: Address already in use})
     * @throws IllegalStateException when already started
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (undertow != null) {
            throw new IllegalStateException("web server already started on " + address);
        }
        String where = options.host() + ":" + options.port();
        try {
            InetAddress.getByName(options.host());
        } catch (UnknownHostException e) {
            throw new IOException("cannot bind " + where + ": unknown host", e);
        }
        // Our own worker with a plain task pool: XNIO's default pool (jboss-threads) touches
        // sun.misc.Unsafe, which makes JDK 24+ print a warning on stderr of every script run.
        ExecutorService tasks = Executors.newFixedThreadPool(
                2, r -> Thread.ofPlatform().daemon().name("jeplua-web-task").unstarted(r));
        XnioWorker worker = Xnio.getInstance(Undertow.class.getClassLoader())
                .createWorkerBuilder()
                .setWorkerName("jeplua-web")
                .setWorkerIoThreads(2)
                .setDaemon(true)
                .setExternalExecutorService(tasks)
                .build();
        Undertow server = Undertow.builder()
                .addHttpListener(options.port(), options.host())
                .setWorker(worker)
                .setServerOption(
                        UndertowOptions.MAX_ENTITY_SIZE,
                        ExecuteHandler.MAX_BODY_BYTES + ExecuteHandler.MAX_DISCARDED_BYTES)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, 1000)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, limits.idleTimeoutMs())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, limits.noRequestMs())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, limits.parseTimeoutMs())
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADERS)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, MAX_PARAMETERS)
                .setServerOption(UndertowOptions.MAX_COOKIES, MAX_HEADERS)
                .setHandler(new JsonErrors(routes()))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            safeStop(server, worker, tasks);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = cause instanceof BindException ? cause.getMessage() : cause.toString();
            throw new IOException("cannot bind " + where + ": " + reason, cause);
        }
        undertow = server;
        this.worker = worker;
        this.tasks = tasks;
        address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        subscription = engine.output().subscribe(outputStream);
        viewUpdates = ViewUpdates.of(engine).subscribe(outputStream::sendToAll);
        sweeper = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("jeplua-web-sessions").unstarted(r));
        long every = Math.max(1, Math.min(60_000, options.sessionIdle().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(sessions::closeIdle, every, every, TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(
                outputStream::pingAll, limits.wsPingMs(), limits.wsPingMs(), TimeUnit.MILLISECONDS);
        log.info("REST API listening on http://{}:{}/", options.host(), address.getPort());
        return address;
    }

    private HttpHandler routes() {
        ExecuteHandler execute = new ExecuteHandler(engine, sessions);
        String token = options.token();
        Set<String> protocols = BearerTokenHandler.wsProtocols(token);
        List<Handshake> handshakes = List.of(
                new Hybi13Handshake(protocols, false),
                new Hybi08Handshake(protocols, false),
                new Hybi07Handshake(protocols, false));
        HttpHandler notUpgrade = ex -> Json.error(
                ex,
                400,
                "/ws is a WebSocket endpoint: send a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket, Sec-WebSocket-Key, Sec-WebSocket-Version: 13)");
        RoutingHandler routes = Handlers.routing()
                .get("/", new PageHandler())
                .get("/index.html", new PageHandler())
                .get(PageHandler.SCRIPT_PATH, PageHandler.script())
                .get(PageHandler.STYLE_PATH, PageHandler.style())
                .get(PageHandler.QUICKAPP_SCRIPT_PATH, PageHandler.quickAppScript())
                .get("/status", new StatusHandler(engine))
                .post("/execute", execute)
                .post("/plua/execute", execute)
                .get("/engine/callbacks", new CallbacksHandler(engine))
                .get("/health", new HealthHandler(engine))
                .get("/metrics", new MetricsHandler(engine))
                .get("/ws", new WebSocketProtocolHandshakeHandler(handshakes, outputStream, notUpgrade))
                .setFallbackHandler(ex -> Json.error(ex, 404, "no such endpoint: " + ex.getRequestPath()))
                .setInvalidMethodHandler(ex -> Json.error(
                        ex, 405, "method " + ex.getRequestMethod() + " not allowed on " + ex.getRequestPath()));
        HttpHandler served = routes;
        if (!mounts.isEmpty()) {
            PathHandler paths = Handlers.path(routes);
            mounts.forEach((prefix, route) -> paths.addPrefixPath(prefix, new MountedHandler(route)));
            served = paths;
        }
        HttpHandler guarded = token == null ? served : new BearerTokenHandler(token, served);
        return new RequestGuard(options.host(), options.allowHosts(), options.allowOrigins(), guarded);
    }

    /**
     * Mounts {@code route} under {@code prefix}: every method on {@code prefix} and the paths
     * below it goes to the route, behind the same request guard and token check as the other
     * routes. Call before {@link #start()}.
     *
     * @param prefix e.g. {@code /api}: starts with {@code /}, no trailing {@code /}
     * @return this server
     * @throws IllegalStateException    when the server has started
     * @throws IllegalArgumentException for a malformed or already mounted prefix
     */
    public synchronized WebServer mount(String prefix, MountedRoute route) {
        if (undertow != null) {
            throw new IllegalStateException("mount before start: " + prefix);
        }
        if (!prefix.startsWith("/") || prefix.endsWith("/") || mounts.containsKey(prefix)) {
            throw new IllegalArgumentException("bad or duplicate mount prefix: " + prefix);
        }
        mounts.put(prefix, route);
        return this;
    }

    /** The bound address, or null before {@link #start()}. */
    public synchronized InetSocketAddress address() {
        return address;
    }

    /** Number of connected output stream ({@code /ws}) clients. */
    public int webClients() {
        return outputStream.clientCount();
    }

    /**
     * The warning to print when binding {@code host} exposes code execution to other machines:
     * a non-loopback address without a token (docs/security.md); empty otherwise.
     */
    public static Optional<String> securityWarning(String host, int port, String token) {
        if (token != null && !token.isEmpty() || Loopback.isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of(
                "jeplua: warning: the REST API on " + host + ":" + port + " has no --api-token: anyone who can reach"
                        + " this address can run any Lua code in this process (remote code execution)");
    }

    /**
     * Stops listening, closes open connections and ends sessions, waiting at most
     * {@code timeout}. Idempotent.
     *
     * @return true if everything stopped within the time
     */
    public boolean close(Duration timeout) {
        Undertow server;
        XnioWorker w;
        ExecutorService t;
        synchronized (this) {
            server = undertow;
            w = worker;
            t = tasks;
            undertow = null;
            if (server == null) {
                return true;
            }
            subscription.close();
            viewUpdates.run();
            sweeper.shutdownNow();
        }
        outputStream.closeAll();
        sessions.closeAll();
        Thread stopper = Thread.ofPlatform().daemon().name("jeplua-web-stop").start(() -> safeStop(server, w, t));
        try {
            stopper.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            log.warn("REST API on {} did not stop within {} ms", address, timeout.toMillis());
            return false;
        }
        return true;
    }

    /** Closes with a 2 s bound (see {@link #close(Duration)}). */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    /** Closes the listener, then the worker's I/O threads (which closes open connections), then its task pool. */
    private static void safeStop(Undertow server, XnioWorker worker, ExecutorService tasks) {
        try {
            server.stop();
            worker.shutdown();
            if (!worker.awaitTermination(1, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("stopping the REST API failed: {}", e.toString());
        } finally {
            tasks.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "WebServer[" + (address == null ? options.host() + ":" + options.port() : address) + "]";
    }

    /** Turns an exception escaping a handler into a logged error and a JSON 500, never an HTML page. */
    private static final class JsonErrors implements HttpHandler {
        private final HttpHandler next;

        JsonErrors(HttpHandler next) {
            this.next = next;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            try {
                next.handleRequest(exchange);
            } catch (Exception e) {
                log.error("handler failed for {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), e);
                if (!exchange.isResponseStarted()) {
                    Json.error(exchange, 500, "internal error: " + e);
                }
            }
        }
    }
}

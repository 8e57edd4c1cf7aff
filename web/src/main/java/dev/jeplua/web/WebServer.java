package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.output.OutputBus;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
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
 * (SPEC §6), on Undertow:
 * <pre>
 * GET  /status            engine figures                 StatusHandler
 * POST /execute           run Lua code (also /plua/execute) ExecuteHandler
 * GET  /engine/callbacks  pending timers                 CallbacksHandler
 * GET  /health            {"status":"healthy"}           HealthHandler
 * GET  /                  web REPL page                  PageHandler
 * WS   /ws                print output stream            OutputStreamHandler
 * </pre>
 * Every answer is JSON ({@code {"error": ...}} with 401/404/405/500 for the cases no handler
 * covers; never an HTML page or a stack trace). With a token every request except the page
 * needs {@code Authorization: Bearer <token>}. Handlers never block an I/O thread and never
 * touch Lua: they submit to the engine and complete the exchange when it answers.
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
     * Where and how the server listens.
     *
     * @param host        address to bind ({@code 127.0.0.1} by default in the CLI)
     * @param port        TCP port, 0 for any free port
     * @param token       bearer token every request must carry, or null for none
     * @param sessionIdle how long an {@code X-Session} session may go without a request before it is closed
     */
    public record Options(String host, int port, String token, Duration sessionIdle) {
        /** Options with the default session idle time of 10 minutes. */
        public Options(String host, int port, String token) {
            this(host, port, token, Duration.ofMinutes(10));
        }
    }

    private final LuaEngine engine;
    private final Options options;
    private final SessionRegistry sessions;
    private final OutputStreamHandler outputStream;
    private Undertow undertow;
    private XnioWorker worker;
    private ExecutorService tasks;
    private OutputBus.Subscription subscription;
    private ScheduledExecutorService sweeper;
    private InetSocketAddress address;

    /**
     * @param engine  the engine requests run on
     * @param options address, port and token
     */
    public WebServer(LuaEngine engine, Options options) {
        this.engine = engine;
        this.options = options;
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
        ExecutorService tasks = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon()
                .name("jeplua-web-task").unstarted(r));
        XnioWorker worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorkerBuilder()
                .setWorkerName("jeplua-web")
                .setWorkerIoThreads(2)
                .setDaemon(true)
                .setExternalExecutorService(tasks)
                .build();
        Undertow server = Undertow.builder()
                .addHttpListener(options.port(), options.host())
                .setWorker(worker)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, ExecuteHandler.MAX_BODY_BYTES + ExecuteHandler.MAX_DISCARDED_BYTES)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, 1000)
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
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("jeplua-web-sessions").unstarted(r));
        long every = Math.max(1, Math.min(60_000, options.sessionIdle().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(sessions::closeIdle, every, every, TimeUnit.MILLISECONDS);
        log.info("REST API listening on http://{}:{}/", options.host(), address.getPort());
        return address;
    }

    private HttpHandler routes() {
        ExecuteHandler execute = new ExecuteHandler(engine, sessions);
        RoutingHandler routes = Handlers.routing()
                .get("/", new PageHandler())
                .get("/index.html", new PageHandler())
                .get("/status", new StatusHandler(engine))
                .post("/execute", execute)
                .post("/plua/execute", execute)
                .get("/engine/callbacks", new CallbacksHandler(engine))
                .get("/health", new HealthHandler(engine))
                .get("/ws", Handlers.websocket(outputStream))
                .setFallbackHandler(ex -> Json.error(ex, 404, "no such endpoint: " + ex.getRequestPath()))
                .setInvalidMethodHandler(ex -> Json.error(ex, 405,
                        "method " + ex.getRequestMethod() + " not allowed on " + ex.getRequestPath()));
        return options.token() == null || options.token().isEmpty() ? routes : new BearerTokenHandler(options.token(), routes);
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
     * a non-loopback address without a token (SPEC §7); empty otherwise.
     */
    public static Optional<String> securityWarning(String host, int port, String token) {
        if (token != null && !token.isEmpty()) {
            return Optional.empty();
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (loopback) {
            return Optional.empty();
        }
        return Optional.of("jeplua: warning: the REST API on " + host + ":" + port + " has no --api-token: anyone who can reach"
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

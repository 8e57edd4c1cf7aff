package dev.jeplua.cli;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.StartupTrace;
import dev.jeplua.fibaro.FibaroLib;
import dev.jeplua.telnet.TelnetServer;
import dev.jeplua.web.MountedRoute;
import dev.jeplua.web.WebServer;
import dev.jeplua.web.WebServerControlService;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.luaj.vm2.LuaValue;

/**
 * The servers of a run that the command line asks for — the telnet REPL and the REST API (with
 * the HC3 API mounted under {@code /api} when {@code --fibaro} is on) — started on the thread
 * {@code jeplua-server-start} while the script already runs, so a short script never waits for
 * Netty and Undertow; and, when the run ends first, the exit without waiting for them (a port that
 * was taken still gets its warning).
 *
 * <p>When the run may end by itself, the start waits a little ({@link #startInBackground}'s
 * delay, brought forward by {@link #startSoon} once the first start-up step's batch is over): a
 * script that is over by then never starts them, which is most of what a short script's process
 * would otherwise spend (docs/design.md#start-up-and-exit-cli). Built by {@link Launcher};
 * {@link #startInBackground} once, {@link #finishAtExit} on the main thread at the end.
 */
final class ServerStarter {
    private final EngineConfig config;
    private final Launcher.Security security;
    private final String apiToken;
    /** The service behind {@code _PY.start_web_server}; its clients count as web clients. */
    private final WebServerControlService webControl;
    /** With {@code --fibaro}: the QuickApp runtime, whose HC3 API the REST server mounts under /api. */
    private final FibaroLib fibaro;

    private final PrintStream err;
    /** Where the telnet REPL listens, or null when it is off or could not start. */
    private volatile java.net.InetSocketAddress telnetAddress;

    private volatile CompletableFuture<Void> serversStarted = CompletableFuture.completedFuture(null);
    /** Taken by whoever deals with a server first: the starter thread, or the exit path's port probe. */
    private final AtomicBoolean telnetClaimed = new AtomicBoolean();

    private final AtomicBoolean apiClaimed = new AtomicBoolean();
    /** Set when the starter thread has finished (or failed) starting that server and said so. */
    private volatile boolean telnetTried;

    private volatile boolean apiTried;
    /** The REST API once it is bound. */
    private volatile WebServer apiServer;
    /** Set when the run is over: servers not started yet are not started any more. */
    private volatile boolean exiting;

    /** The starter thread: waiting for its start time, starting the servers, or not starting them at all. */
    private enum Phase {
        WAITING,
        STARTING,
        CANCELLED
    }

    private final java.util.concurrent.atomic.AtomicReference<Phase> phase =
            new java.util.concurrent.atomic.AtomicReference<>(Phase.WAITING);
    /** When the starter thread starts the servers ({@link System#nanoTime}); only ever brought forward. */
    private volatile long startAt;

    private volatile Thread starter;

    ServerStarter(
            EngineConfig config,
            Launcher.Security security,
            WebServerControlService webControl,
            FibaroLib fibaro,
            PrintStream err) {
        this.config = config;
        this.security = security;
        this.apiToken = security.apiToken();
        this.webControl = webControl;
        this.fibaro = fibaro;
        this.err = err;
    }

    /**
     * Starts the servers on the daemon thread {@code jeplua-server-start}, {@code delayMs} from now
     * or earlier ({@link #startSoon}, {@link #awaitStarted}); a run that ends first never starts
     * them. Main thread, once.
     *
     * @param delayMs how long the thread waits before it starts them (ms; 0 = at once)
     */
    void startInBackground(LuaEngine engine, long delayMs) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        this.serversStarted = started;
        startAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        Thread thread = new Thread(
                () -> {
                    try {
                        if (awaitStartTime()) {
                            startServers(engine);
                        }
                    } finally {
                        started.complete(null);
                    }
                },
                "jeplua-server-start");
        thread.setDaemon(true);
        starter = thread;
        thread.start();
    }

    /**
     * Waits until the start time, then claims the start; false when the run ended first. Starter
     * thread.
     */
    private boolean awaitStartTime() {
        while (phase.get() == Phase.WAITING) {
            long wait = startAt - System.nanoTime();
            if (wait <= 0) {
                return phase.compareAndSet(Phase.WAITING, Phase.STARTING);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(this, wait);
        }
        return false;
    }

    /**
     * Brings the start forward to at most {@code withinMs} from now (the script's start-up steps
     * are done, so the run goes on unless it ends in that time). Any thread.
     */
    synchronized void startSoon(long withinMs) {
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(withinMs);
        if (at - startAt < 0) {
            startAt = at;
            Thread t = starter;
            if (t != null) {
                java.util.concurrent.locks.LockSupport.unpark(t);
            }
        }
    }

    /** Starts the servers now if they wait, and waits until the starter thread is done (each started, or failed with a warning). */
    void awaitStarted() {
        startSoon(0);
        serversStarted.join();
    }

    /**
     * The end of a run, after the engine reported its termination: closes the engine and with it
     * the servers; a server start still under way does not hold up the exit (servers do not keep a
     * script run alive, and that includes their start-up; the process exit releases the ports), and
     * a taken port still gets its warning. May halt the JVM with {@code status} at once when a
     * server is still starting. Main thread.
     */
    void finishAtExit(LuaEngine engine, int status) {
        exiting = true;
        if (phase.compareAndSet(Phase.WAITING, Phase.CANCELLED)) {
            // the run ended before the servers' start time: they are not started at all
            serversStarted.complete(null);
            Thread t = starter;
            if (t != null) {
                java.util.concurrent.locks.LockSupport.unpark(t);
            }
        }
        engine.close();
        if (!serversStarted.isDone() && selectorThreadsRunning()) {
            // A server start is under way and its I/O threads already wait in native code, which
            // HotSpot's exit waits up to 0.3 s for (even with halt): let that start finish (it is
            // nearly done, and no other server starts now), then close what it started.
            try {
                serversStarted.get(300, TimeUnit.MILLISECONDS);
                engine.close();
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                // halt below
            }
        }
        warnPortsTaken();
        if (!serversStarted.isDone()) {
            // A server still starting (Undertow/XNIO class initialisation) would hold up the JVM's
            // orderly exit by ~0.3 s; everything of ours is closed and flushed, so end now.
            System.out.flush();
            StartupTrace.mark("launcher: closed, halting (a server start under way)");
            StartupTrace.report(err);
            err.flush();
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * Starts the servers the command line asked for (telnet REPL, REST API). They do not keep a
     * script run alive; {@link LuaEngine#close()} closes them (registered with addCloseable).
     * A port already in use gives a warning on stderr and the script still runs.
     */
    private void startServers(LuaEngine engine) {
        StartupTrace.mark("servers: starting");
        if (!exiting && telnetClaimed.compareAndSet(false, true)) {
            startTelnet(engine);
            telnetTried = true;
            StartupTrace.mark("servers: telnet done");
        }
        if (!exiting && apiClaimed.compareAndSet(false, true)) {
            startRestApi(engine);
            apiTried = true;
            StartupTrace.mark("servers: REST API done");
        }
    }

    /**
     * Sets {@code _PY.config[key]} on the engine thread, so the table tells what is running
     * rather than what was asked for (e.g. {@code api_enabled} after a failed bind). Any thread.
     */
    private static void hostConfigNow(LuaEngine engine, String key, boolean value) {
        try {
            engine.post("config", () -> {
                LuaValue py = engine.globals().get("_PY");
                if (py.istable() && py.get("config").istable()) {
                    py.get("config").set(key, LuaValue.valueOf(value));
                }
            });
        } catch (RuntimeException e) {
            // engine already stopped: nobody can read the table any more
        }
    }

    /**
     * For a run that ended before a server was started: says whether its port was taken
     * (a plain bind and close, well under a millisecond each), so the warning a longer run would
     * print is not lost.
     */
    private void warnPortsTaken() {
        java.util.Map<String, Object> hc = config.hostConfig();
        int telnetPort = ((Number) hc.getOrDefault("telnet_port", 8023)).intValue();
        if (telnetPort > 0 && (telnetClaimed.compareAndSet(false, true) || !telnetTried)) {
            probe(
                    "telnet REPL",
                    String.valueOf(hc.getOrDefault("telnet_host", "127.0.0.1")),
                    telnetPort,
                    () -> telnetAddress == null && !telnetTried);
        }
        if (!Boolean.FALSE.equals(hc.get("api_enabled")) && (apiClaimed.compareAndSet(false, true) || !apiTried)) {
            probe(
                    "REST API",
                    String.valueOf(hc.getOrDefault("api_host", "127.0.0.1")),
                    ((Number) hc.getOrDefault("api_port", 8080)).intValue(),
                    () -> apiServer == null && !apiTried);
        }
    }

    /**
     * Binds and closes {@code host:port}; when that fails and {@code notOurs} still holds (the
     * starter thread has neither bound it nor reported on it meanwhile), prints the warning.
     */
    private void probe(String what, String host, int port, java.util.function.BooleanSupplier notOurs) {
        if (port <= 0) {
            return;
        }
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            if (notOurs.getAsBoolean()) {
                err.println("jeplua: warning: " + what + " not started: cannot bind " + host + ":" + port + " ("
                        + e.getMessage() + ")");
            }
        }
    }

    /** True when some thread waits for I/O in native code (a started server's selector). */
    private static boolean selectorThreadsRunning() {
        return Thread.getAllStackTraces().values().stream()
                .anyMatch(st -> st.length > 0
                        && st[0].isNativeMethod()
                        && st[0].getClassName().startsWith("sun.nio.ch."));
    }

    /**
     * The REST API (README.md#rest-api-and-web-repl) unless {@code --no-api}, plus the service behind
     * {@code _PY.start_web_server}. A port in use or a bad host is a one-line warning; the
     * script still runs. A non-loopback address without {@code --api-token} gets a warning
     * naming the risk (docs/security.md).
     */
    private void startRestApi(LuaEngine engine) {
        java.util.Map<String, Object> hc = config.hostConfig();
        WebServer api = null;
        if (!Boolean.FALSE.equals(hc.get("api_enabled"))) {
            String host = String.valueOf(hc.getOrDefault("api_host", "127.0.0.1"));
            int port = ((Number) hc.getOrDefault("api_port", 8080)).intValue();
            WebServer server = new WebServer(
                    engine,
                    new WebServer.Options(host, port, apiToken, security.allowHosts(), security.allowOrigins()));
            FibaroLib hc3 = fibaro;
            if (hc3 != null) {
                server.mount("/api", (method, path, query, body) -> hc3.request(
                                method,
                                query.isEmpty() ? path : path + "?" + query,
                                new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .thenApply(r -> new MountedRoute.Answer(r.status(), r.body() == null ? null : r.bodyText())));
            }
            try {
                int bound = server.start().getPort();
                apiServer = server;
                engine.addCloseable(server);
                WebServer.securityWarning(host, bound, apiToken).ifPresent(err::println);
                api = server;
            } catch (IOException e) {
                err.println("jeplua: warning: REST API not started: " + e.getMessage());
                hostConfigNow(engine, "api_enabled", false);
            }
        }
        WebServer running = api;
        engine.registerGauge(
                "web_clients", () -> (running == null ? 0 : running.webClients()) + webControl.webClients());
    }

    /**
     * The telnet REPL (README.md#telnet-repl-and-repl-client) unless {@code --no-telnet} (telnet_port 0). A port in use or a
     * bad host is a one-line warning and the script still runs; a non-loopback address gets a
     * warning naming the risk (docs/security.md).
     */
    private void startTelnet(LuaEngine engine) {
        java.util.Map<String, Object> hc = config.hostConfig();
        int port = ((Number) hc.getOrDefault("telnet_port", 8023)).intValue();
        String host = String.valueOf(hc.getOrDefault("telnet_host", "127.0.0.1"));
        TelnetServer server = null;
        if (port > 0) {
            TelnetServer s = new TelnetServer(
                    engine, new TelnetServer.Options(host, port, security.telnetToken(), security.telnetTimeoutMs()));
            try {
                telnetAddress = s.start();
                engine.addCloseable(s);
                server = s;
                if (!telnetAddress.getAddress().isLoopbackAddress()) {
                    err.println(
                            "jeplua: warning: the telnet REPL listens on " + host + ":" + port
                                    + ", reachable from other machines: anyone who connects can run any code (remote code execution)");
                }
            } catch (IOException e) {
                err.println("jeplua: warning: telnet REPL not started: cannot bind " + host + ":" + port + " ("
                        + e.getMessage() + ")");
            }
        }
        TelnetServer running = server;
        engine.registerGauge("telnet_clients", () -> running == null ? 0 : running.clientCount());
    }
}

package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.bridge.WebServerControl;
import dev.jeplua.engine.loop.EventLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second REST listener behind {@code _PY.start_web_server(host, port)},
 * {@code _PY.stop_web_server()} and {@code _PY.get_web_server_status()} (README.md#_py-host-bridge-alias-jeplua): a
 * {@link WebServer} with the same API, page and output stream, on the address the script
 * chooses and with the command line's token, allowed hosts and origins (the same Host, Origin
 * and token rules as the main listener, see {@link RequestGuard}). While it runs it holds a keep-alive handle, so a
 * script that starts it keeps running until it stops it (README.md#command-line, alive-keepers).
 *
 * <p>Called on the engine thread (by {@code WebControlLib}); {@link #close()} and
 * {@link #webClients()} are any thread.
 */
public final class WebServerControlService implements WebServerControl, AutoCloseable {
    private final LuaEngine engine;
    private final String token;
    private final List<String> allowHosts;
    private final List<String> allowOrigins;
    private final PrintStream warnings;
    private final boolean insecureBind;
    private WebServer server;
    private EventLoop.KeepAlive keepAlive;
    private String host;
    private long startedNanos;

    /**
     * @param engine   the engine the listener serves
     * @param token    bearer token the listener requires (the CLI's {@code --api-token}), or null
     * @param warnings where the remote-code-execution warning goes (stderr)
     */
    public WebServerControlService(LuaEngine engine, String token, PrintStream warnings) {
        this(engine, token, List.of(), List.of(), warnings);
    }

    /**
     * @param engine       the engine the listener serves
     * @param token        bearer token the listener requires (the CLI's {@code --api-token}), or null
     * @param allowHosts   extra accepted Host names (the CLI's {@code --api-allow-host}), see {@link WebServer.Options}
     * @param allowOrigins extra accepted origins (the CLI's {@code --api-allow-origin}), see {@link WebServer.Options}
     * @param warnings     where the remote-code-execution warning goes (stderr)
     * @throws IllegalArgumentException for an empty token or an empty list entry (as {@link WebServer.Options})
     */
    public WebServerControlService(
            LuaEngine engine, String token, List<String> allowHosts, List<String> allowOrigins, PrintStream warnings) {
        this(engine, token, allowHosts, allowOrigins, true, warnings);
    }

    /**
     * @param engine       the engine the listener serves
     * @param token        bearer token the listener requires (the CLI's {@code --api-token}), or null
     * @param allowHosts   extra accepted Host names (the CLI's {@code --api-allow-host}), see {@link WebServer.Options}
     * @param allowOrigins extra accepted origins (the CLI's {@code --api-allow-origin}), see {@link WebServer.Options}
     * @param insecureBind false: {@link #start} refuses a non-loopback address without a token (as the
     *                     command line does without {@code --insecure-bind}); true: it binds and warns
     * @param warnings     where the remote-code-execution warning goes (stderr)
     * @throws IllegalArgumentException for an empty token or an empty list entry (as {@link WebServer.Options})
     */
    public WebServerControlService(
            LuaEngine engine,
            String token,
            List<String> allowHosts,
            List<String> allowOrigins,
            boolean insecureBind,
            PrintStream warnings) {
        this.insecureBind = insecureBind;
        // validated now, so a bad command line fails at start-up and not at _PY.start_web_server
        WebServer.Options checked = new WebServer.Options("127.0.0.1", 0, token, allowHosts, allowOrigins);
        this.engine = engine;
        this.token = token;
        this.allowHosts = checked.allowHosts();
        this.allowOrigins = checked.allowOrigins();
        this.warnings = warnings;
    }

    @Override
    public synchronized int start(String host, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("a web server is already running on port "
                    + server.address().getPort() + " (stop it with _PY.stop_web_server())");
        }
        if (!insecureBind && token == null && !Loopback.isLoopback(host)) {
            throw new IOException(
                    "refusing to listen on " + host + " without a token: anyone who can reach it could run any"
                            + " code as you (start jeplua with --api-token, or --insecure-bind if the network is trusted)");
        }
        WebServer s = new WebServer(engine, new WebServer.Options(host, port, token, allowHosts, allowOrigins));
        InetSocketAddress bound = s.start();
        WebServer.securityWarning(host, bound.getPort(), token).ifPresent(w -> {
            warnings.println(w);
            warnings.flush();
        });
        server = s;
        this.host = host;
        startedNanos = System.nanoTime();
        keepAlive = engine.loop().keepAlive();
        return bound.getPort();
    }

    @Override
    public boolean stop() {
        WebServer s;
        EventLoop.KeepAlive k;
        synchronized (this) {
            s = server;
            k = keepAlive;
            server = null;
            keepAlive = null;
        }
        if (s == null) {
            return false;
        }
        s.close(Duration.ofSeconds(2));
        k.release();
        return true;
    }

    @Override
    public synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", server != null);
        if (server != null) {
            int port = server.address().getPort();
            m.put("host", host);
            m.put("port", port);
            m.put("uptime", (System.nanoTime() - startedNanos) / 1e9);
            m.put("url", "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        }
        return m;
    }

    /** Output stream clients of the running listener (0 when none runs). */
    public synchronized int webClients() {
        return server == null ? 0 : server.webClients();
    }

    /** Stops the listener if one runs (engine shutdown). */
    @Override
    public void close() {
        stop();
    }
}

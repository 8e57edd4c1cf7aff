package dev.jeplua.telnet;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.output.OutputBus;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telnet REPL server (README.md#telnet-repl-and-repl-client): many clients on one Netty I/O thread
 * ({@code jeplua-telnet-1}), each a Lua REPL on the engine ({@link TelnetSessionHandler}),
 * all receiving every {@code print} of the engine ({@link OutputBroadcaster}).
 *
 * <p>Security (see {@link Options}): an optional token every connection must send first; HTTP
 * requests (a web page posting to the port) are closed before anything runs
 * ({@link CrossProtocolGuard}); a default per-command timeout; at most about 1 MiB of output
 * waits for a client that does not read, and its input is not read while its output is backed
 * up; control characters in output are shown escaped ({@link ControlCharacters}).
 *
 * <p>The server does not keep a script run alive. Lifecycle: construct, {@link #start()}
 * (any thread, once), {@link #close()} (any thread, bounded wait).
 */
public final class TelnetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelnetServer.class);

    private final LuaEngine engine;
    private final Options options;
    private final OutputBroadcaster broadcaster = new OutputBroadcaster();
    private EventLoopGroup group;
    private Channel serverChannel;
    private OutputBus.Subscription subscription;

    /**
     * What a telnet server is told at construction.
     *
     * @param host               address to bind ({@code 127.0.0.1} by default in the CLI); not null
     * @param port               TCP port, 0–65535; 0 picks a free one (see {@link #start()}'s result)
     * @param token              the shared secret a client must send as its first line,
     *                           {@code :auth <token>}, before anything else is accepted; null for
     *                           none. Not empty, no control characters, no leading or trailing
     *                           whitespace (it could not be typed as a line that matches)
     * @param executionTimeoutMs default per-command timeout in ms of every client's code (0 = none;
     *                           a client may set its own with {@code :timeout}); a command running
     *                           longer is interrupted and its client told so, and the engine goes on
     * @throws IllegalArgumentException on a null host, a port out of range, a negative timeout or an
     *                                  unusable token (the message says which)
     */
    public record Options(String host, int port, String token, long executionTimeoutMs) {
        /** Default per-command timeout of telnet clients' code: 30 s. */
        public static final long DEFAULT_EXECUTION_TIMEOUT_MS = 30_000;

        public Options {
            if (host == null) {
                throw new IllegalArgumentException("telnet host must not be null");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("telnet port must be 0-65535, got " + port);
            }
            if (executionTimeoutMs < 0) {
                throw new IllegalArgumentException(
                        "telnet execution timeout must be >= 0 ms (0 = none), got " + executionTimeoutMs);
            }
            if (token != null) {
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("the telnet token is empty (give a non-empty token, or none)");
                }
                if (!token.equals(token.strip())) {
                    throw new IllegalArgumentException("the telnet token must not start or end with whitespace");
                }
                if (token.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                    throw new IllegalArgumentException(
                            "the telnet token must not contain control characters (line breaks included)");
                }
            }
        }

        /** No token and the {@linkplain #DEFAULT_EXECUTION_TIMEOUT_MS default timeout}. */
        public static Options defaults(String host, int port) {
            return new Options(host, port, null, DEFAULT_EXECUTION_TIMEOUT_MS);
        }

        /** These options with {@code token} (null = none). */
        public Options withToken(String token) {
            return new Options(host, port, token, executionTimeoutMs);
        }

        /** These options with another default per-command timeout in ms (0 = none). */
        public Options withExecutionTimeoutMs(long timeoutMs) {
            return new Options(host, port, token, timeoutMs);
        }

        @Override
        public String toString() {
            // never log the token itself
            return "Options[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "set")
                    + ", executionTimeoutMs=" + executionTimeoutMs + "]";
        }
    }

    /**
     * @param engine  the engine clients' code runs on
     * @param options address, token and default per-command timeout
     */
    public TelnetServer(LuaEngine engine, Options options) {
        this.engine = engine;
        this.options = options;
    }

    /**
     * A server without a token.
     *
     * @param engine    the engine clients' code runs on
     * @param host      address to bind ({@code 127.0.0.1} by default in the CLI)
     * @param port      TCP port; 0 picks a free one (see {@link #start()}'s result)
     * @param timeoutMs per-command timeout in ms for every client (0 = none; a client may set
     *                  its own with {@code :timeout})
     */
    public TelnetServer(LuaEngine engine, String host, int port, long timeoutMs) {
        this(engine, new Options(host, port, null, timeoutMs));
    }

    /** A server without a token, with the {@linkplain Options#DEFAULT_EXECUTION_TIMEOUT_MS default timeout} (30 s). */
    public TelnetServer(LuaEngine engine, String host, int port) {
        this(engine, Options.defaults(host, port));
    }

    /** The options this server was made with. */
    public Options options() {
        return options;
    }

    /**
     * Binds and starts serving. Any thread; call once.
     *
     * @return the bound address (with the real port when 0 was asked for)
     * @throws IOException when the address cannot be bound (e.g. {@link java.net.BindException}
     *                     when the port is in use); nothing is left running then
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (group != null) {
            throw new IllegalStateException("telnet server already started");
        }
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("jeplua-telnet", true));
        try {
            serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new TelnetInitializer(engine, broadcaster, options))
                    .bind(options.host(), options.port())
                    .sync()
                    .channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            group = null;
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(
                    "cannot start the telnet server on " + options.host() + ":" + options.port() + ": "
                            + e.getMessage(),
                    e);
        }
        subscription = engine.output().subscribe(broadcaster);
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.debug("telnet REPL listening on {}:{}", bound.getHostString(), bound.getPort());
        return bound;
    }

    /** Number of connected clients. Any thread. */
    public int clientCount() {
        return broadcaster.clientCount();
    }

    /** The connected (and authenticated) clients' handlers, a snapshot; for tests. Any thread. */
    java.util.List<TelnetSessionHandler> clients() {
        return broadcaster.clients();
    }

    /** The bound address, or null before {@link #start()}. */
    public InetSocketAddress address() {
        Channel ch = serverChannel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    /**
     * Stops accepting, disconnects every client (running commands are interrupted, sessions
     * closed) and stops the I/O thread, waiting at most 1 s. Any thread; idempotent.
     */
    @Override
    public synchronized void close() {
        if (group == null) {
            return;
        }
        if (subscription != null) {
            subscription.close();
        }
        serverChannel.close();
        for (TelnetSessionHandler client : broadcaster.clients()) {
            if (client.session() != null) {
                client.session().close();
            }
        }
        boolean done =
                group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (!done) {
            log.warn("telnet server did not stop within 1 s");
        }
        group = null;
    }

    @Override
    public String toString() {
        return "telnet server " + options.host() + ":" + options.port();
    }
}

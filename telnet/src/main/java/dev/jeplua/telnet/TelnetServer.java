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
 * The telnet REPL server (SPEC §4): many clients on one Netty I/O thread
 * ({@code jeplua-telnet-1}), each a Lua REPL on the engine ({@link TelnetSessionHandler}),
 * all receiving every {@code print} of the engine ({@link OutputBroadcaster}).
 *
 * <p>The server does not keep a script run alive. Lifecycle: construct, {@link #start()}
 * (any thread, once), {@link #close()} (any thread, bounded wait).
 */
public final class TelnetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelnetServer.class);

    private final LuaEngine engine;
    private final String host;
    private final int port;
    private final long timeoutMs;
    private final OutputBroadcaster broadcaster = new OutputBroadcaster();
    private EventLoopGroup group;
    private Channel serverChannel;
    private OutputBus.Subscription subscription;

    /**
     * @param engine    the engine clients' code runs on
     * @param host      address to bind ({@code 127.0.0.1} by default in the CLI)
     * @param port      TCP port; 0 picks a free one (see {@link #start()}'s result)
     * @param timeoutMs per-command timeout in ms for every client (0 = none; a client may set
     *                  its own with {@code :timeout})
     */
    public TelnetServer(LuaEngine engine, String host, int port, long timeoutMs) {
        this.engine = engine;
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
    }

    /** A server without a per-command timeout. */
    public TelnetServer(LuaEngine engine, String host, int port) {
        this(engine, host, port, 0);
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
                    .childHandler(new TelnetInitializer(engine, broadcaster, timeoutMs))
                    .bind(host, port)
                    .sync()
                    .channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            group = null;
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the telnet server on " + host + ":" + port + ": " + e.getMessage(), e);
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
        boolean done = group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (!done) {
            log.warn("telnet server did not stop within 1 s");
        }
        group = null;
    }

    @Override
    public String toString() {
        return "telnet server " + host + ":" + port;
    }
}

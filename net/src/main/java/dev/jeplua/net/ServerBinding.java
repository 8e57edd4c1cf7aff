package dev.jeplua.net;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.reload.RunScope;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The listening socket of one {@code net} server ({@code HTTPServer}, {@code WebSocketServer},
 * {@code TCPServer}) and what the three do alike around it; each server keeps its own pipeline.
 * <pre>
 * srv:start(host, port, ...)   -- host nil: 127.0.0.1; port 0: a free port; returns the bound port
 * srv:isRunning()              -- true between a successful start and stop
 * srv:getPort()                -- the last bound port (also after stop), nil before the first start
 * srv:stop()                   -- closes the listening socket and every accepted connection
 * srv:unref()                  -- the running server no longer keeps the process alive
 * </pre>
 * A running server keeps the process alive until {@code stop} or {@code unref}. The server may be
 * started again after {@code stop}. Everything here runs on the engine thread, except the
 * child initializer given to {@link #bind}, which runs on the Netty thread of each new connection.
 */
final class ServerBinding {
    /** Pending-connection backlog the HTTP and TCP servers ask the OS for. */
    static final int BACKLOG = 1024;
    /** Backlog value that leaves Netty's default (the system's maximum). */
    static final int SYSTEM_BACKLOG = 0;

    /** Where {@code start} binds. */
    record Address(String host, int port) {}

    private final NetRuntime rt;
    private final String type;
    /** The listening channel; null while not running. */
    private Channel channel;
    /** The connections accepted during the current (or last) run. */
    private ChannelGroup children;
    /** Held while running; released by stop or unref. */
    private KeepAlive keepAlive;
    /** The last bound port; 0 before the first start. */
    private int port;
    /** Id in the engine's {@link RunScope} while running ({@code --watch} closes it, the inspector lists it). */
    private String scopeId;

    /**
     * @param rt   the shared net runtime (event loop group, keep-alive)
     * @param type the Lua type name of the server handle ({@code "HTTPServer"}), which prefixes
     *             error messages and method names
     */
    ServerBinding(NetRuntime rt, String type) {
        this.rt = rt;
        this.type = type;
    }

    /**
     * Reads {@code start}'s host (argument 1; nil means {@code 127.0.0.1}) and port (argument 2),
     * after checking the server is not running.
     *
     * @param args {@code start}'s arguments after self
     * @throws LuaError {@code <type>:start: server already running on port <port>}, or a bad
     *     argument error for a host that is not a string or a port that is not a number
     */
    Address address(Varargs args) {
        String fname = type + ":start";
        if (channel != null) {
            throw new LuaError(fname + ": server already running on port " + port);
        }
        String host = args.arg1().isnil() ? "127.0.0.1" : args.arg1().checkjstring();
        if (!args.arg(2).isnumber()) {
            throw LuaArgs.argError(
                    2, fname, "number expected, got " + args.arg(2).typename());
        }
        return new Address(host, args.arg(2).toint());
    }

    /**
     * Binds a server socket on the net runtime's event loop group (SO_REUSEADDR, TCP_NODELAY on
     * accepted connections) and waits for the bind ({@link Sockets#bind}, at most 5 s). Each
     * accepted connection joins this server's group, closed by {@link #stop}, and is then given to
     * {@code initChild} to build its pipeline. On success the server runs and keeps the process
     * alive. Engine thread (blocks it for the bind only).
     *
     * @param address   from {@link #address}; port 0 picks a free port
     * @param backlog   pending-connection backlog ({@link #BACKLOG}), or {@link #SYSTEM_BACKLOG}
     * @param initChild builds the pipeline of an accepted connection; Netty thread
     * @return the bound port
     * @throws LuaError {@code <type>:start: port out of range (<port>)} or
     *     {@code <type>:start: cannot bind <host>:<port> (<reason>)}; the server stays stopped
     */
    int bind(Address address, int backlog, Consumer<SocketChannel> initChild) {
        ChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(rt.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        group.add(ch);
                        initChild.accept(ch);
                    }
                });
        if (backlog != SYSTEM_BACKLOG) {
            b.option(ChannelOption.SO_BACKLOG, backlog);
        }
        channel = Sockets.bind(b, address.host(), address.port(), type + ":start");
        children = group;
        port = ((InetSocketAddress) channel.localAddress()).getPort();
        keepAlive = rt.keepAlive();
        scopeId = RunScope.of(rt.engine()).add(type, address.host() + ":" + port, this::stop);
        return port;
    }

    /** Whether the server is listening. */
    boolean isRunning() {
        return channel != null;
    }

    /** The last bound port; 0 before the first start. */
    int port() {
        return port;
    }

    /**
     * Closes the listening socket and every accepted connection and stops keeping the process
     * alive; the port is free again when it returns (waits for the event loop, at most 1 s:
     * {@link NetRuntime#closeAndWait}). Engine thread. Idempotent.
     */
    void stop() {
        if (channel != null) {
            children.close();
            rt.closeAndWait(channel, 1000);
            channel = null;
        }
        RunScope.of(rt.engine()).remove(scopeId);
        scopeId = null;
        unref();
    }

    /** The running server no longer keeps the process alive (it keeps serving). Idempotent. */
    void unref() {
        if (keepAlive != null) {
            keepAlive.release();
        }
    }

    /** Adds {@code stop}, {@code unref}, {@code getPort} and {@code isRunning} to a server handle. */
    void addMethods(LuaTable handle) {
        LuaObjects.method(handle, type, "stop", x -> {
            stop();
            return LuaValue.NONE;
        });
        LuaObjects.method(handle, type, "unref", x -> {
            unref();
            return LuaValue.NONE;
        });
        LuaObjects.method(handle, type, "getPort", x -> port == 0 ? LuaValue.NIL : LuaValue.valueOf(port));
        LuaObjects.method(handle, type, "isRunning", x -> LuaValue.valueOf(isRunning()));
    }
}

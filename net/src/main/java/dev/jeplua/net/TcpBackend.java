package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.loop.TimerQueue;
import dev.jeplua.engine.reload.RunScope;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * TCP client and server sockets of the {@code net} library on Netty (Fibaro HC3 / EPLua API):
 * <pre>
 * local s = net.TCPSocket([{timeout=ms}])          -- timeout: connect and each read (default: connect 30000, reads none)
 * s:connect(host, port, {success=function() end, error=function(err) end})
 * s:send(data, {success=function(n) end, error=fn})   -- alias s:write
 * s:read({success=function(data) end, error=fn})       -- whatever has arrived (at least 1 byte)
 * s:readUntil(delimiter, {success=fn(data), error=fn}) -- data up to and including delimiter
 * s:close()
 * local srv = net.TCPServer()
 * local port = srv:start(host, port, function(clientSocket, ip, port) end)   -- every client
 * srv:stop(), srv:getPort(), srv:isRunning(), srv:unref()
 * </pre>
 * Received bytes are buffered in order until read; reads are served first come first served.
 * Errors given to {@code error}: {@code "connection refused"}, {@code "timeout"},
 * {@code "dns failure: cannot resolve <host>"}, {@code "connection closed"} (the peer closed the
 * connection and no buffered data satisfies the read), {@code "not connected"}.
 * Keeping alive: a pending connect, send or read, and a started server; an idle connected
 * socket does not. Callbacks run on the engine thread (kind {@code tcp}; the server's
 * connection callback {@code tcp server}).
 */
public final class TcpBackend {
    private final NetRuntime rt;
    private final EngineContext engine;
    private final TimerQueue timers;

    /** @param rt the shared net runtime */
    public TcpBackend(NetRuntime rt) {
        this.rt = rt;
        this.engine = rt.engine();
        this.timers = engine.loop().timers();
    }

    /** {@code net.TCPSocket([{timeout=ms}])} → socket handle. Engine thread. */
    public LuaValue newSocket(Varargs a) {
        LuaTable o = LuaObjects.optTable(a, 1, "TCPSocket");
        long timeout = LuaObjects.millis(o, "timeout", 0, "net.TCPSocket");
        return new Connection(timeout, null).handle();
    }

    /** {@code net.TCPServer()} → server handle. Engine thread. */
    public LuaValue newServer(Varargs a) {
        ServerBinding binding = new ServerBinding(rt, "TCPServer");
        LuaTable t = LuaObjects.handle("TCPServer");
        LuaObjects.method(t, "TCPServer", "start", x -> startServer(binding, x));
        binding.addMethods(t);
        return t;
    }

    /**
     * {@code srv:start(host, port, fn(clientSocket, ip, port))} → bound port. Each accepted client
     * becomes a {@link Connection} handed to {@code fn} on the engine thread.
     */
    private Varargs startServer(ServerBinding binding, Varargs a) {
        ServerBinding.Address at = binding.address(a);
        if (!a.arg(3).isfunction()) {
            throw LuaArgs.argError(
                    3, "TCPServer:start", "function expected, got " + a.arg(3).typename());
        }
        LuaValue onClient = a.arg(3);
        ExecutionContext ctx = callbackContext();
        int port = binding.bind(at, ServerBinding.BACKLOG, ch -> {
            Connection c = new Connection(0, ch);
            c.context = ctx;
            InetSocketAddress remote = ch.remoteAddress();
            String ip = remote.getAddress().getHostAddress();
            int rport = remote.getPort();
            // Queued before any data event of this channel, so the script sees the client first.
            rt.dispatch(
                    "tcp server",
                    ctx,
                    null,
                    () -> onClient.call(c.handle(), LuaValue.valueOf(ip), LuaValue.valueOf(rport)));
            ch.pipeline().addLast(c.inbound());
        });
        return LuaValue.valueOf(port);
    }

    private ExecutionContext callbackContext() {
        return engine.scheduler().running().context().forCallbacks();
    }

    /**
     * Where a {@link Connection} is in its life: what {@code connect}, {@code read} and
     * {@code close} do is decided by the state alone. Each event has one transition method:
     * <pre>
     * connect:         NEW -> CONNECTING,  CLOSED_BEFORE_CONNECT -> CLOSED_WHILE_CONNECTING
     * connect ok:      CONNECTING -> CONNECTED,  CLOSED_WHILE_CONNECTING -> CLOSED
     * connect failed:  CONNECTING -> NEW,  CLOSED_WHILE_CONNECTING -> CLOSED_BEFORE_CONNECT
     * channel ends:    CONNECTED -> PEER_CLOSED
     * close:           NEW -> CLOSED_BEFORE_CONNECT,  CONNECTING -> CLOSED_WHILE_CONNECTING,
     *                  CONNECTED, PEER_CLOSED -> CLOSED
     * </pre>
     * A close is remembered: a connection made after the script closed the socket is closed at
     * once and its {@code success} callback is not called (its {@code error} callback still is).
     */
    enum State {
        /** No channel and no connect pending: a new socket, or one whose connect failed. */
        NEW,
        /** {@code connect} called; its outcome has not reached the engine thread yet. */
        CONNECTING,
        /** Connected: reads wait for data. A server's accepted client starts here. */
        CONNECTED,
        /**
         * The channel ended (the peer closed it, or it failed) while the script still had it open:
         * buffered bytes are still read, then reads fail with the reason.
         */
        PEER_CLOSED,
        /** Closed by the script with no channel and no connect pending; connect is still allowed. */
        CLOSED_BEFORE_CONNECT,
        /** Closed by the script while a connect was pending: its channel is closed when it arrives. */
        CLOSED_WHILE_CONNECTING,
        /** Closed by the script after it had a channel. */
        CLOSED;

        /** No channel and none coming: {@code connect} is allowed, reads fail at once ("not connected"). */
        boolean unconnected() {
            return this == NEW || this == CLOSED_BEFORE_CONNECT;
        }

        /** A connect is pending. */
        boolean connecting() {
            return this == CONNECTING || this == CLOSED_WHILE_CONNECTING;
        }

        /** Reads wait for more data; in every other state a read the buffer cannot satisfy fails. */
        boolean readsWait() {
            return this == CONNECTING || this == CONNECTED;
        }

        /** {@code connect} called; only from an {@link #unconnected} state. */
        State onConnect() {
            return switch (this) {
                case NEW -> CONNECTING;
                case CLOSED_BEFORE_CONNECT -> CLOSED_WHILE_CONNECTING;
                default -> throw new IllegalStateException("connect in state " + this);
            };
        }

        /** The pending connect succeeded. */
        State onConnected() {
            return switch (this) {
                case CONNECTING -> CONNECTED;
                case CLOSED_WHILE_CONNECTING -> CLOSED;
                default -> throw new IllegalStateException("connect outcome in state " + this);
            };
        }

        /** The pending connect failed. */
        State onConnectFailed() {
            return switch (this) {
                case CONNECTING -> NEW;
                case CLOSED_WHILE_CONNECTING -> CLOSED_BEFORE_CONNECT;
                default -> throw new IllegalStateException("connect outcome in state " + this);
            };
        }

        /**
         * The channel ended. (It ends while connecting only when the engine dropped the connect's
         * outcome because its queue was full.)
         */
        State onEnd() {
            return switch (this) {
                case CONNECTING, CONNECTED -> PEER_CLOSED;
                case CLOSED_WHILE_CONNECTING -> CLOSED;
                default -> this;
            };
        }

        /** The script called {@code close}. */
        State onClose() {
            return switch (this) {
                case NEW, CLOSED_BEFORE_CONNECT -> CLOSED_BEFORE_CONNECT;
                case CONNECTING, CLOSED_WHILE_CONNECTING -> CLOSED_WHILE_CONNECTING;
                case CONNECTED, PEER_CLOSED, CLOSED -> CLOSED;
            };
        }
    }

    /** A read waiting for data. */
    private static final class Read {
        final byte[] delimiter;
        final LuaValue success;
        final LuaValue error;
        final ExecutionContext context;
        KeepAlive keepAlive;
        int timerId;

        Read(byte[] delimiter, LuaValue success, LuaValue error, ExecutionContext context) {
            this.delimiter = delimiter;
            this.success = success;
            this.error = error;
            this.context = context;
        }
    }

    /**
     * One TCP connection. Its state, channel, receive buffer, pending reads and Lua handle belong
     * to the engine thread (Netty events reach them via {@link NetRuntime#dispatch}); a server
     * creates the connection of an accepted client on a Netty thread and hands it over the same way.
     * The channel is written to from the engine thread; Netty writes on its own thread.
     */
    private final class Connection {
        final long timeoutMs;
        private State state;
        /** The connected channel; null until a connect succeeds. */
        private Channel channel;
        /**
         * Why the channel ended: the failure, or "connection closed" when it closed cleanly; null
         * until it ends. Reads the buffer cannot satisfy fail with it once the state says so.
         */
        private String endReason;

        private LuaTable handle;
        private byte[] buf = new byte[0];
        private int len;
        private final ArrayDeque<Read> reads = new ArrayDeque<>();
        private ExecutionContext context = ExecutionContext.NONE;
        /** Id in the engine's {@link RunScope} from connect until it ends ({@code --watch} closes it, the inspector lists it). */
        private String scopeId;

        /**
         * @param timeoutMs connect and read timeout in ms, 0 for none
         * @param accepted  the channel of a client a server accepted ({@link State#CONNECTED}), or
         *                  null for a new socket ({@link State#NEW})
         */
        Connection(long timeoutMs, Channel accepted) {
            this.timeoutMs = timeoutMs;
            this.channel = accepted;
            this.state = accepted == null ? State.NEW : State.CONNECTED;
        }

        /**
         * Whether the channel is open right now, as Netty sees it (it may have ended before the
         * engine thread heard of it).
         */
        private boolean channelActive() {
            return channel != null && channel.isActive();
        }

        LuaTable handle() {
            if (handle != null) {
                return handle;
            }
            LuaTable t = LuaObjects.handle("TCPSocket");
            LuaObjects.method(t, "TCPSocket", "connect", this::connect);
            NamedFunction send = new NamedFunction("TCPSocket:send", x -> send(x.arg1() == t ? x.subargs(2) : x));
            t.set("send", send);
            t.set("write", send);
            LuaObjects.method(t, "TCPSocket", "read", x -> read(null, LuaObjects.optTable(x, 1, "TCPSocket:read")));
            LuaObjects.method(
                    t,
                    "TCPSocket",
                    "readUntil",
                    x -> read(
                            LuaObjects.bytesArg(x, 1, "TCPSocket:readUntil"),
                            LuaObjects.optTable(x, 2, "TCPSocket:readUntil")));
            LuaObjects.method(t, "TCPSocket", "close", x -> {
                close();
                return LuaValue.NONE;
            });
            LuaObjects.method(t, "TCPSocket", "isConnected", x -> LuaValue.valueOf(channelActive()));
            handle = t;
            return t;
        }

        /** Netty pipeline end: forwards bytes, end of stream and failures to the engine. */
        ChannelInboundHandlerAdapter inbound() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    byte[] bytes = new byte[b.readableBytes()];
                    b.readBytes(bytes);
                    b.release();
                    rt.dispatch("tcp", context, null, () -> received(bytes));
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    rt.dispatch("tcp", context, null, () -> ended(null));
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    String msg = NetRuntime.describe(cause, null);
                    ctx.close();
                    rt.dispatch("tcp", context, null, () -> ended(msg));
                }
            };
        }

        private Varargs connect(Varargs a) {
            String fname = "TCPSocket:connect";
            String host = LuaObjects.bytesArg(a, 1, fname).length == 0
                    ? "127.0.0.1"
                    : a.arg1().tojstring();
            if (!a.arg(2).isnumber()) {
                throw LuaArgs.argError(
                        2, fname, "number expected, got " + a.arg(2).typename());
            }
            int port = a.arg(2).toint();
            LuaTable cb = LuaObjects.optTable(a, 3, fname);
            LuaValue success = LuaObjects.callback(cb, "success");
            LuaValue error = LuaObjects.callback(cb, "error");
            if (!state.unconnected()) {
                throw new LuaError(fname + ": socket already connected");
            }
            if (port < 0 || port > 65535) {
                throw new LuaError(fname + ": port out of range (" + port + ")");
            }
            ExecutionContext ctx = callbackContext();
            context = ctx;
            KeepAlive ka = rt.keepAlive();
            state = state.onConnect();
            scopeId = RunScope.of(engine).add("TCPSocket", host + ":" + port, this::close);
            Bootstrap b = new Bootstrap()
                    .group(rt.group())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            Math.min(Integer.MAX_VALUE, timeoutMs > 0 ? timeoutMs : NetRuntime.DEFAULT_TIMEOUT_MS))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(inbound());
                        }
                    });
            b.connect(host, port).addListener(f -> {
                if (f.isSuccess()) {
                    Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                    // Dispatched before any event of the channel (Netty notifies the connect
                    // listener before the channel becomes active), so this runs first.
                    rt.dispatch("tcp", ctx, ka, () -> connected(ch, success));
                } else {
                    String msg = NetRuntime.describe(f.cause(), host);
                    rt.dispatch("tcp", ctx, ka, () -> connectFailed(msg, error));
                }
            });
            return LuaValue.NONE;
        }

        /** The connect succeeded: calls {@code success}, or closes the channel if the script closed the socket. */
        private void connected(Channel ch, LuaValue success) {
            channel = ch;
            state = state.onConnected();
            if (state == State.CLOSED) {
                ch.close();
            } else if (success != null) {
                engine.callProtected("tcp", success, LuaValue.NONE);
            }
        }

        /** The connect failed: reads queued meanwhile fail ("not connected"), then {@code error} runs. */
        private void connectFailed(String msg, LuaValue error) {
            state = state.onConnectFailed();
            unlist();
            service();
            if (error != null) {
                engine.callProtected("tcp", error, LuaValue.valueOf(msg));
            }
        }

        private Varargs send(Varargs a) {
            String fname = "TCPSocket:send";
            byte[] data = LuaObjects.bytesArg(a, 1, fname);
            LuaTable cb = LuaObjects.optTable(a, 2, fname);
            LuaValue success = LuaObjects.callback(cb, "success");
            LuaValue error = LuaObjects.callback(cb, "error");
            ExecutionContext ctx = callbackContext();
            KeepAlive ka = rt.keepAlive();
            if (!channelActive()) {
                rt.dispatch("tcp", ctx, ka, () -> {
                    if (error != null) {
                        engine.callProtected("tcp", error, LuaValue.valueOf("not connected"));
                    }
                });
                return LuaValue.NONE;
            }
            if (success == null && error == null) {
                // nothing to call back: the write's end only stops keeping the process alive,
                // which needs no trip to the engine thread
                channel.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(f -> ka.release());
                return LuaValue.NONE;
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(f -> {
                String msg = f.isSuccess() ? null : NetRuntime.describe(f.cause(), null);
                rt.dispatch("tcp", ctx, ka, () -> {
                    if (msg == null) {
                        if (success != null) {
                            engine.callProtected("tcp", success, LuaValue.valueOf(data.length));
                        }
                    } else if (error != null) {
                        engine.callProtected("tcp", error, LuaValue.valueOf(msg));
                    }
                });
            });
            return LuaValue.NONE;
        }

        private Varargs read(byte[] delimiter, LuaTable cb) {
            if (delimiter != null && delimiter.length == 0) {
                throw new LuaError("TCPSocket:readUntil: delimiter must not be empty");
            }
            Read r = new Read(
                    delimiter, LuaObjects.callback(cb, "success"), LuaObjects.callback(cb, "error"), callbackContext());
            r.keepAlive = rt.keepAlive();
            // No channel now, and none that could serve it (closed by the script while its connect
            // is still pending): fails with "not connected" whenever that connect completes,
            // decided here rather than when the read is served (the order used to depend on how
            // fast the connect was)
            if (state.unconnected() || state == State.CLOSED_WHILE_CONNECTING) {
                rt.dispatch("tcp", r.context, r.keepAlive, () -> {
                    if (r.error != null) {
                        engine.callProtected("tcp", r.error, LuaValue.valueOf("not connected"));
                    }
                });
                return LuaValue.NONE;
            }
            if (timeoutMs > 0) {
                r.timerId = timers.add(
                        new NamedFunction("tcp read timeout", x -> {
                            if (reads.remove(r)) {
                                finish(r, null, "timeout");
                            }
                            return LuaValue.NONE;
                        }),
                        LuaValue.NONE,
                        timeoutMs,
                        0,
                        true,
                        r.context);
            }
            reads.add(r);
            // Serve it from buffered data in a later callback, never inside the read call itself.
            rt.dispatch("tcp", r.context, null, this::service);
            return LuaValue.NONE;
        }

        private void received(byte[] bytes) {
            if (len + bytes.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + bytes.length, buf.length * 2));
            }
            System.arraycopy(bytes, 0, buf, len, bytes.length);
            len += bytes.length;
            service();
        }

        /**
         * The channel ended: {@code error} is why, or null when it closed cleanly. The first end
         * counts; an end of a channel the socket never got (a failed connect) is ignored.
         */
        private void ended(String error) {
            if (endReason != null || state.unconnected()) {
                return;
            }
            endReason = error != null ? error : state.connecting() ? "not connected" : "connection closed";
            state = state.onEnd();
            unlist();
            service();
        }

        /** Serves pending reads from the buffer, in order. Engine thread. */
        private void service() {
            Read r;
            while ((r = reads.peek()) != null) {
                int n;
                if (r.delimiter == null) {
                    n = len;
                } else {
                    int at = indexOf(buf, len, r.delimiter);
                    n = at < 0 ? 0 : at + r.delimiter.length;
                }
                if (n > 0) {
                    reads.poll();
                    byte[] out = Arrays.copyOf(buf, n);
                    System.arraycopy(buf, n, buf, 0, len - n);
                    len -= n;
                    finish(r, out, null);
                } else if (!state.readsWait()) {
                    reads.poll();
                    finish(
                            r,
                            null,
                            endReason != null
                                    ? endReason
                                    : state == State.CLOSED ? "connection closed" : "not connected");
                } else {
                    return;
                }
            }
        }

        private void finish(Read r, byte[] data, String error) {
            if (r.timerId != 0) {
                timers.cancel(r.timerId);
            }
            r.keepAlive.release();
            if (data != null) {
                if (r.success != null) {
                    engine.callProtected("tcp", r.success, LuaValue.valueOf(data));
                }
            } else if (r.error != null) {
                engine.callProtected("tcp", r.error, LuaValue.valueOf(error));
            }
        }

        /** Drops the connection from the run scope (it ended or the script closed it). Engine thread. */
        private void unlist() {
            RunScope.of(engine).remove(scopeId);
            scopeId = null;
        }

        /** Closes the connection; pending reads are dropped without callbacks. Engine thread. */
        void close() {
            state = state.onClose();
            unlist();
            if (channel != null) {
                channel.close();
            }
            Read r;
            while ((r = reads.poll()) != null) {
                if (r.timerId != 0) {
                    timers.cancel(r.timerId);
                }
                r.keepAlive.release();
            }
        }
    }

    static int indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

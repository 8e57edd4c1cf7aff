package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.loop.TimerQueue;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP sockets of the {@code net} library on Netty (Fibaro HC3 / EPLua API):
 * <pre>
 * local u = net.UDPSocket([{bind={host, port} | {host=h, port=p}, broadcast=bool, timeout=ms}])
 * u:sendTo(data, host, port, {success=function(n) end, error=function(err) end})
 * u:receive({success=function(data, host, port) end, error=function(err) end})
 * u:getPort(), u:close()
 * </pre>
 * The socket is bound when created: to {@code bind} if given, else to {@code 0.0.0.0} on a free
 * port (so replies to {@code sendTo} can be received). Datagrams that arrive while no
 * {@code receive} is pending are queued (up to {@value #MAX_QUEUED}, older ones kept, newer
 * dropped with a debug log) and handed to the next {@code receive}s in arrival order.
 * {@code timeout} (ms, default none) limits each {@code receive}; it then gets {@code "timeout"}.
 * A pending send or receive keeps the process alive; an idle socket does not.
 * Callbacks run on the engine thread (kind {@code udp}).
 */
public final class UdpBackend {
    private static final Logger log = LoggerFactory.getLogger(UdpBackend.class);
    /** Most datagrams kept while no receive is pending. */
    public static final int MAX_QUEUED = 65_536;

    private final NetRuntime rt;
    private final EngineContext engine;
    private final TimerQueue timers;

    /** @param rt the shared net runtime */
    public UdpBackend(NetRuntime rt) {
        this.rt = rt;
        this.engine = rt.engine();
        this.timers = engine.loop().timers();
    }

    /** {@code net.UDPSocket([options])} → socket handle (already bound). Engine thread. */
    public LuaValue newSocket(Varargs a) {
        String fname = "net.UDPSocket";
        LuaTable o = LuaObjects.optTable(a, 1, fname);
        String host = "0.0.0.0";
        int port = 0;
        LuaValue bind = o.get("bind");
        if (bind.istable()) {
            LuaValue h = bind.get("host").isnil() ? bind.get(1) : bind.get("host");
            LuaValue p = bind.get("port").isnil() ? bind.get(2) : bind.get("port");
            if (!h.isnil()) {
                host = h.tojstring();
            }
            if (!p.isnil()) {
                if (!p.isnumber()) {
                    throw new LuaError(fname + ": bind port must be a number (got " + p.typename() + ")");
                }
                port = p.toint();
            }
        } else if (!bind.isnil()) {
            throw new LuaError(fname + ": option 'bind' must be a table {host, port} (got " + bind.typename() + ")");
        }
        long timeout = LuaObjects.millis(o, "timeout", 0, fname);
        boolean broadcast = LuaObjects.bool(o, "broadcast", false);
        return new Socket(timeout).open(host, port, broadcast);
    }

    /** A receive waiting for a datagram. */
    private static final class Receive {
        final LuaValue success;
        final LuaValue error;
        KeepAlive keepAlive;
        int timerId;

        Receive(LuaValue success, LuaValue error) {
            this.success = success;
            this.error = error;
        }
    }

    private record Datagram(byte[] data, String host, int port) {}

    /** One bound datagram socket; queues and pending receives belong to the engine thread. */
    private final class Socket {
        final long timeoutMs;
        Channel channel;
        ExecutionContext context;
        final ArrayDeque<Datagram> queued = new ArrayDeque<>();
        final ArrayDeque<Receive> receives = new ArrayDeque<>();
        boolean closed;

        Socket(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        LuaTable open(String host, int port, boolean broadcast) {
            context = engine.scheduler().running().context().forCallbacks();
            ExecutionContext ctx = context;
            Bootstrap b = new Bootstrap()
                    .group(rt.group())
                    .channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_BROADCAST, broadcast)
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext c, DatagramPacket p) {
                            ByteBuf content = p.content();
                            byte[] data = new byte[content.readableBytes()];
                            content.getBytes(content.readerIndex(), data);
                            InetSocketAddress from = p.sender();
                            Datagram d = new Datagram(data, from.getAddress().getHostAddress(), from.getPort());
                            rt.dispatch("udp", ctx, null, () -> arrived(d));
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                            log.debug("udp socket error: {}", cause.toString());
                        }
                    });
            channel = Sockets.bind(b, host, port, "net.UDPSocket");
            LuaTable t = LuaObjects.handle("UDPSocket");
            LuaObjects.method(t, "UDPSocket", "sendTo", this::sendTo);
            LuaObjects.method(t, "UDPSocket", "receive", x -> receive(LuaObjects.optTable(x, 1, "UDPSocket:receive")));
            LuaObjects.method(
                    t,
                    "UDPSocket",
                    "getPort",
                    x -> LuaValue.valueOf(((InetSocketAddress) channel.localAddress()).getPort()));
            LuaObjects.method(t, "UDPSocket", "close", x -> {
                close();
                return LuaValue.NONE;
            });
            return t;
        }

        private Varargs sendTo(Varargs a) {
            String fname = "UDPSocket:sendTo";
            byte[] data = LuaObjects.bytesArg(a, 1, fname);
            String host = LuaObjects.bytesArg(a, 2, fname).length == 0
                    ? "127.0.0.1"
                    : a.arg(2).tojstring();
            if (!a.arg(3).isnumber()) {
                throw LuaArgs.argError(
                        3, fname, "number expected, got " + a.arg(3).typename());
            }
            int port = a.arg(3).toint();
            if (port < 1 || port > 65535) {
                throw new LuaError(fname + ": port out of range (" + port + ")");
            }
            LuaTable cb = LuaObjects.optTable(a, 4, fname);
            LuaValue success = LuaObjects.callback(cb, "success");
            LuaValue error = LuaObjects.callback(cb, "error");
            ExecutionContext ctx = engine.scheduler().running().context().forCallbacks();
            KeepAlive ka = rt.keepAlive();
            if (closed) {
                rt.dispatch("udp", ctx, ka, () -> {
                    if (error != null) {
                        engine.callProtected("udp", error, LuaValue.valueOf("socket closed"));
                    }
                });
                return LuaValue.NONE;
            }
            // Name resolution may block: do it on the socket's I/O thread, never on the engine thread.
            channel.eventLoop().execute(() -> {
                InetSocketAddress to = new InetSocketAddress(host, port);
                if (to.isUnresolved()) {
                    rt.dispatch("udp", ctx, ka, () -> {
                        if (error != null) {
                            engine.callProtected("udp", error, LuaValue.valueOf("dns failure: cannot resolve " + host));
                        }
                    });
                    return;
                }
                channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), to))
                        .addListener(f -> {
                            String msg = f.isSuccess() ? null : NetRuntime.describe(f.cause(), host);
                            rt.dispatch("udp", ctx, ka, () -> {
                                if (msg == null) {
                                    if (success != null) {
                                        engine.callProtected("udp", success, LuaValue.valueOf(data.length));
                                    }
                                } else if (error != null) {
                                    engine.callProtected("udp", error, LuaValue.valueOf(msg));
                                }
                            });
                        });
            });
            return LuaValue.NONE;
        }

        private Varargs receive(LuaTable cb) {
            Receive r = new Receive(LuaObjects.callback(cb, "success"), LuaObjects.callback(cb, "error"));
            ExecutionContext ctx = engine.scheduler().running().context().forCallbacks();
            r.keepAlive = rt.keepAlive();
            if (closed) {
                rt.dispatch("udp", ctx, r.keepAlive, () -> {
                    if (r.error != null) {
                        engine.callProtected("udp", r.error, LuaValue.valueOf("socket closed"));
                    }
                });
                return LuaValue.NONE;
            }
            if (timeoutMs > 0) {
                r.timerId = timers.add(
                        new NamedFunction("udp receive timeout", x -> {
                            if (receives.remove(r)) {
                                r.keepAlive.release();
                                if (r.error != null) {
                                    engine.callProtected("udp", r.error, LuaValue.valueOf("timeout"));
                                }
                            }
                            return LuaValue.NONE;
                        }),
                        LuaValue.NONE,
                        timeoutMs,
                        0,
                        true,
                        ctx);
            }
            receives.add(r);
            if (!queued.isEmpty()) {
                rt.dispatch("udp", ctx, null, this::deliver);
            }
            return LuaValue.NONE;
        }

        private void arrived(Datagram d) {
            if (closed) {
                return;
            }
            if (queued.size() >= MAX_QUEUED) {
                log.debug("udp: receive queue full, datagram from {}:{} dropped", d.host(), d.port());
                return;
            }
            queued.add(d);
            deliver();
        }

        private void deliver() {
            while (!queued.isEmpty() && !receives.isEmpty()) {
                Datagram d = queued.poll();
                Receive r = receives.poll();
                if (r.timerId != 0) {
                    timers.cancel(r.timerId);
                }
                r.keepAlive.release();
                if (r.success != null) {
                    engine.callProtected(
                            "udp",
                            r.success,
                            LuaValue.varargsOf(
                                    LuaValue.valueOf(d.data()),
                                    LuaValue.valueOf(d.host()),
                                    LuaValue.valueOf(d.port())));
                }
            }
        }

        /** Closes the socket; pending receives are dropped without callbacks. Engine thread. */
        void close() {
            if (closed) {
                return;
            }
            closed = true;
            channel.close();
            queued.clear();
            Receive r;
            while ((r = receives.poll()) != null) {
                if (r.timerId != 0) {
                    timers.cancel(r.timerId);
                }
                r.keepAlive.release();
            }
        }
    }
}

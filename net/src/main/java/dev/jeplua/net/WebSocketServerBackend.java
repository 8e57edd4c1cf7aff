package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * WebSocket server of the {@code net} library on Netty's HTTP and WebSocket codecs (EPLua API):
 * <pre>
 * local s = net.WebSocketServer()
 * local port = s:start(host, port, {
 *   started = function() end,
 *   connected = function(clientId) end,
 *   disconnected = function(clientId) end,
 *   receive = function(clientId, data) end,
 *   error = function(err) end})          -- port 0 picks a free port; start returns the bound port
 * s:send(clientId, data) → true | false, "no such client"
 * s:getClients() → {clientId, ...}, s:isRunning(), s:getPort(), s:stop(), s:unref()
 * </pre>
 * Any request path is accepted for the upgrade; plain HTTP requests get 400. Client ids are
 * integers counting from 1 per server, never reused. Messages (text or binary, fragments
 * joined, up to 16 MiB) are delivered in order; {@code send} sends a text frame when the data
 * is valid UTF-8, else a binary frame. A started server keeps the process alive until
 * {@code stop()}. Callbacks run on the engine thread (kind {@code websocket server}).
 */
public final class WebSocketServerBackend {
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final AttributeKey<Integer> CLIENT_ID = AttributeKey.valueOf("jeplua.ws.clientId");

    private static final byte[] ECHO = "Echo: ".getBytes(StandardCharsets.UTF_8);

    private final NetRuntime rt;
    private final EngineContext engine;
    private final AtomicInteger echoServers = new AtomicInteger();

    /** @param rt the shared net runtime */
    public WebSocketServerBackend(NetRuntime rt) {
        this.rt = rt;
        this.engine = rt.engine();
    }

    /** {@code net.WebSocketServer()} → server handle. Engine thread. */
    public LuaValue newServer(Varargs a) {
        return new Server().handle();
    }

    /**
     * {@code net.WebSocketEchoServer(host, port [, debug])} → server handle (EPLua's demo server):
     * a {@code net.WebSocketServer} started at once on {@code host:port} that answers every
     * message with {@code "Echo: <message>"}. With {@code debug} true it prints each event on a
     * line starting {@code [EchWS] <n>}, n counting the echo servers of the engine from 1. The
     * handle has the server's methods ({@code :stop()}, {@code :getPort()} ...); the server keeps
     * the process alive until stopped.
     *
     * @throws org.luaj.vm2.LuaError as {@code WebSocketServer:start} when the address cannot be bound
     */
    public LuaValue newEchoServer(Varargs a) {
        Server server = new Server();
        LuaTable handle = server.handle();
        boolean debug = a.arg(3).toboolean();
        String prefix = "[EchWS] " + echoServers.incrementAndGet() + " ";
        java.util.function.Consumer<String> log = text -> {
            if (debug) {
                engine.globals().get("print").call(LuaValue.valueOf(prefix + text));
            }
        };
        LuaTable callbacks = new LuaTable();
        NamedFunction.define(callbacks, "started", x -> {
            log.accept("listening on port " + server.binding.port());
            return LuaValue.NONE;
        });
        NamedFunction.define(callbacks, "connected", x -> {
            log.accept("client " + x.arg1().tojstring() + " connected");
            return LuaValue.NONE;
        });
        NamedFunction.define(callbacks, "disconnected", x -> {
            log.accept("client " + x.arg1().tojstring() + " disconnected");
            return LuaValue.NONE;
        });
        NamedFunction.define(callbacks, "error", x -> {
            log.accept("error: " + x.arg1().tojstring());
            return LuaValue.NONE;
        });
        NamedFunction.define(callbacks, "receive", x -> {
            byte[] data = LuaObjects.bytes(x.arg(2));
            log.accept("client " + x.arg1().tojstring() + " sent: " + x.arg(2).tojstring());
            byte[] reply = new byte[ECHO.length + data.length];
            System.arraycopy(ECHO, 0, reply, 0, ECHO.length);
            System.arraycopy(data, 0, reply, ECHO.length, data.length);
            return server.send(x.arg1().toint(), reply);
        });
        server.start(LuaValue.varargsOf(a.arg(1), a.arg(2), callbacks));
        return handle;
    }

    /** One server: its listening socket, its clients and the script's callbacks. */
    private final class Server {
        final ServerBinding binding = new ServerBinding(rt, "WebSocketServer");
        final Map<Integer, Channel> clients = new ConcurrentHashMap<>();
        /**
         * The clients the script has been told about: added when {@code connected} is delivered,
         * removed when {@code disconnected} is, so {@code getClients()} agrees with the callbacks
         * even when a client leaves before its {@code connected} event has run. Engine thread only.
         */
        final java.util.TreeSet<Integer> announced = new java.util.TreeSet<>();

        final AtomicInteger ids = new AtomicInteger();
        LuaTable callbacks;
        ExecutionContext context;

        LuaTable handle() {
            String type = "WebSocketServer";
            LuaTable t = LuaObjects.handle(type);
            LuaObjects.method(t, type, "start", this::start);
            LuaObjects.method(t, type, "send", x -> {
                if (!x.arg1().isnumber()) {
                    throw LuaArgs.argError(
                            1,
                            type + ":send",
                            "number expected, got " + x.arg1().typename());
                }
                return send(x.arg1().toint(), LuaObjects.bytesArg(x, 2, type + ":send"));
            });
            LuaObjects.method(t, type, "getClients", x -> {
                LuaTable ids = new LuaTable();
                int i = 1;
                for (Integer id : announced) {
                    ids.set(i++, LuaValue.valueOf(id));
                }
                return ids;
            });
            binding.addMethods(t);
            return t;
        }

        void call(String event, Varargs args) {
            LuaValue fn = LuaObjects.callback(callbacks, event);
            if (fn != null) {
                engine.callProtected("websocket server", fn, args);
            }
        }

        private Varargs start(Varargs a) {
            ServerBinding.Address at = binding.address(a);
            callbacks = LuaObjects.optTable(a, 3, "WebSocketServer:start");
            context = engine.scheduler().running().context().forCallbacks();
            WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/")
                    .checkStartsWith(true)
                    .maxFramePayloadLength(MAX_MESSAGE)
                    .allowExtensions(false)
                    .handleCloseFrames(true)
                    .build();
            // Unlike the HTTP and TCP servers, no backlog of its own: the system's default.
            int port = binding.bind(at, ServerBinding.SYSTEM_BACKLOG, ch -> ch.pipeline()
                    .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(65_536),
                            new WebSocketServerProtocolHandler(config),
                            new WebSocketFrameAggregator(MAX_MESSAGE),
                            new FrameHandler(Server.this)));
            rt.dispatch("websocket server", context, null, () -> call("started", LuaValue.NONE));
            return LuaValue.valueOf(port);
        }

        private Varargs send(int id, byte[] data) {
            Channel ch = clients.get(id);
            if (ch == null || !ch.isActive()) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("no such client"));
            }
            WebSocketFrame frame = Utf8.isValid(data)
                    ? new TextWebSocketFrame(Unpooled.wrappedBuffer(data))
                    : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data));
            ch.writeAndFlush(frame).addListener(f -> {
                if (!f.isSuccess()) {
                    String msg = NetRuntime.describe(f.cause(), null);
                    rt.dispatch("websocket server", context, null, () -> call("error", LuaValue.valueOf(msg)));
                }
            });
            return LuaValue.TRUE;
        }
    }

    /** Netty side of one connection: handshake → connected, frames → receive, close → disconnected. */
    private final class FrameHandler extends SimpleChannelInboundHandler<Object> {
        private final Server server;

        FrameHandler(Server server) {
            this.server = server;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                int id = server.ids.incrementAndGet();
                ctx.channel().attr(CLIENT_ID).set(id);
                server.clients.put(id, ctx.channel());
                rt.dispatch("websocket server", server.context, null, () -> {
                    server.announced.add(id);
                    server.call("connected", LuaValue.valueOf(id));
                });
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest) {
                DefaultFullHttpResponse resp = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.BAD_REQUEST,
                        Unpooled.copiedBuffer("WebSocket upgrade expected\n", StandardCharsets.UTF_8));
                resp.headers()
                        .set(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            Integer id = ctx.channel().attr(CLIENT_ID).get();
            if (id == null
                    || !(msg instanceof TextWebSocketFrame
                            || msg instanceof BinaryWebSocketFrame
                            || msg instanceof ContinuationWebSocketFrame)) {
                return;
            }
            ByteBuf content = ((WebSocketFrame) msg).content();
            byte[] data = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), data);
            rt.dispatch(
                    "websocket server",
                    server.context,
                    null,
                    () -> server.call("receive", LuaValue.varargsOf(LuaValue.valueOf(id), LuaValue.valueOf(data))));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Integer id = ctx.channel().attr(CLIENT_ID).get();
            if (id != null && server.clients.remove(id) != null) {
                rt.dispatch("websocket server", server.context, null, () -> {
                    server.announced.remove(id);
                    server.call("disconnected", LuaValue.valueOf(id));
                });
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String msg = NetRuntime.describe(cause, null);
            ctx.close();
            rt.dispatch("websocket server", server.context, null, () -> server.call("error", LuaValue.valueOf(msg)));
        }
    }

    /** UTF-8 validity check deciding between text and binary frames. */
    static final class Utf8 {
        private Utf8() {}

        static boolean isValid(byte[] b) {
            int i = 0;
            while (i < b.length) {
                int c = b[i] & 0xff;
                int n;
                if (c < 0x80) {
                    i++;
                    continue;
                } else if (c >= 0xc2 && c <= 0xdf) {
                    n = 1;
                } else if (c >= 0xe0 && c <= 0xef) {
                    n = 2;
                } else if (c >= 0xf0 && c <= 0xf4) {
                    n = 3;
                } else {
                    return false;
                }
                for (int k = 1; k <= n; k++) {
                    if (i + k >= b.length || (b[i + k] & 0xc0) != 0x80) {
                        return false;
                    }
                }
                i += n + 1;
            }
            return true;
        }
    }
}

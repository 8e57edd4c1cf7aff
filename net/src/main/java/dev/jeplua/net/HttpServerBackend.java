package dev.jeplua.net;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.json.JsonLib;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP server of the {@code net} library on Netty's HTTP codec (HTTP/1.1 with keep-alive):
 * <pre>
 * local s = net.HTTPServer()
 * local port = s:start(host, port, function(method, path, body, headers)
 *   return data, status, headers          -- data: string, or table (sent as JSON); status default 200
 * end)                                    -- port 0 picks a free port; start returns the bound port
 * s:getPort(), s:isRunning(), s:stop(), s:unref()
 * </pre>
 * {@code path} is the request target with its query string ({@code /api/x?a=1}); {@code headers}
 * has lower-case names (case-insensitive lookup). The handler runs on the engine thread in a
 * coroutine of its own and may yield (call {@code net.http}, {@code sleep}) before returning; other
 * requests are served meanwhile, and the requests of one connection are answered in order. A
 * handler that raises gives a 500 response with body {@code {"error":"<message>"}} and the error
 * is reported as {@code error in http server callback}. Request bodies are limited to 16 MiB (413).
 * A started server keeps the process alive until {@code stop()} (or {@code unref()}).
 */
public final class HttpServerBackend {
    private static final Logger log = LoggerFactory.getLogger(HttpServerBackend.class);
    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY = 16 * 1024 * 1024;

    private final NetRuntime rt;

    /** @param rt the shared net runtime */
    public HttpServerBackend(NetRuntime rt) {
        this.rt = rt;
    }

    /** {@code net.HTTPServer()} → server handle. Engine thread. */
    public LuaValue newServer(Varargs a) {
        Server server = new Server(new ServerBinding(rt, "HTTPServer"));
        LuaTable t = LuaObjects.handle("HTTPServer");
        LuaObjects.method(t, "HTTPServer", "start", args -> LuaValue.valueOf(server.start(args)));
        server.binding.addMethods(t);
        return t;
    }

    /** One server: its listening socket and the handler its requests go to. */
    private final class Server {
        final ServerBinding binding;
        LuaValue handler;
        ExecutionContext context;

        Server(ServerBinding binding) {
            this.binding = binding;
        }

        int start(Varargs args) {
            ServerBinding.Address at = binding.address(args);
            if (!args.arg(3).isfunction()) {
                throw LuaArgs.argError(
                        3,
                        "HTTPServer:start",
                        "function expected, got " + args.arg(3).typename());
            }
            handler = args.arg(3);
            context = rt.engine().scheduler().running().context().forCallbacks();
            return binding.bind(at, ServerBinding.BACKLOG, ch -> ch.pipeline()
                    .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(MAX_BODY),
                            new RequestHandler(Server.this)));
        }
    }

    /** A request read off the wire, handed to the engine. */
    private record Pending(
            String method, String uri, byte[] body, Map<String, List<String>> headers, boolean keepAlive) {}

    /**
     * Per-connection handler: aggregated requests are queued and handed to the engine one at a
     * time, so responses of one connection go out in request order even when a handler yields.
     * Netty thread; only {@link #dispatch} crosses to the engine.
     */
    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Server server;
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean busy;

        RequestHandler(Server server) {
            this.server = server;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!req.decoderResult().isSuccess()) {
                respond(ctx, error(HttpResponseStatus.BAD_REQUEST, "bad request"), false);
                return;
            }
            byte[] body = new byte[req.content().readableBytes()];
            req.content().getBytes(req.content().readerIndex(), body);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : req.headers()) {
                headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
            }
            queue.add(new Pending(req.method().name(), req.uri(), body, headers, HttpUtil.isKeepAlive(req)));
            next(ctx);
        }

        private void next(ChannelHandlerContext ctx) {
            if (busy || queue.isEmpty()) {
                return;
            }
            busy = true;
            Pending p = queue.poll();
            if (!dispatch(ctx, p)) {
                respond(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "engine not accepting work"), false);
            }
        }

        private boolean dispatch(ChannelHandlerContext ctx, Pending p) {
            LuaValue body = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs a) {
                    return server.handler.invoke(LuaValue.varargsOf(new LuaValue[] {
                        LuaValue.valueOf(p.method()),
                        LuaValue.valueOf(p.uri()),
                        LuaValue.valueOf(p.body()),
                        LuaObjects.headerTable(p.headers())
                    }));
                }
            };
            try {
                rt.engine().submit(new CallbackTask(body, LuaValue.NONE, "http server", server.context) {
                    @Override
                    protected void done(Varargs results, LuaValue err, String traceback) {
                        FullHttpResponse resp;
                        if (err != null) {
                            rt.engine().reportCallbackError("http server", err, traceback);
                            resp = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, err.tojstring());
                        } else {
                            try {
                                resp = toResponse(results);
                            } catch (LuaError e) {
                                rt.engine().reportCallbackError("http server", e.getMessageObject(), null);
                                resp = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
                            }
                        }
                        FullHttpResponse r = resp;
                        ctx.executor().execute(() -> {
                            respond(ctx, r, p.keepAlive());
                            busy = false;
                            next(ctx);
                        });
                    }
                });
                return true;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return false;
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive) {
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            if (keepAlive) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(resp);
            } else {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("http server connection failed: {}", cause.toString());
            ctx.close();
        }
    }

    /** Turns a handler's {@code data, status, headers} into a response. Engine thread. */
    private static FullHttpResponse toResponse(Varargs r) {
        LuaValue data = r.arg1();
        int status = r.arg(2).isnumber() ? r.arg(2).toint() : 200;
        if (status < 100 || status > 999) {
            throw new LuaError("http server handler returned an invalid status " + status);
        }
        ByteBuf content;
        String type;
        if (data.istable()) {
            LuaString json = JsonLib.encode(data, 0, true);
            content = Unpooled.wrappedBuffer(LuaObjects.bytes(json));
            type = "application/json; charset=utf-8";
        } else if (data.isstring()) {
            content = Unpooled.wrappedBuffer(LuaObjects.bytes(data));
            type = "text/plain; charset=utf-8";
        } else if (data.isnil()) {
            content = Unpooled.EMPTY_BUFFER;
            type = null;
        } else {
            content = Unpooled.copiedBuffer(data.tojstring(), StandardCharsets.UTF_8);
            type = "text/plain; charset=utf-8";
        }
        FullHttpResponse resp =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        if (type != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        for (Map.Entry<String, List<String>> h :
                LuaObjects.headers(r.arg(3), "http server handler").entrySet()) {
            resp.headers().set(h.getKey(), h.getValue());
        }
        return resp;
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        byte[] json = ("{\"error\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        return resp;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

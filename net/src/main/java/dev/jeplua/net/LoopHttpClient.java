package dev.jeplua.net;

import dev.jeplua.net.HttpClientBackend.Outcome;
import dev.jeplua.net.HttpClientBackend.Request;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The HTTP/1.1 client of {@code net.HTTPClient}, {@code net.http} and {@code _PY.call_http} for
 * plain {@code http://} URLs, on the {@code net} library's Netty event loop (the one the HTTP
 * server and TCP sockets use), so a local round trip is a few hand-overs on the engine's carrier
 * instead of a trip through the JDK HttpClient's selector thread (docs/design.md, Threads).
 * {@code https://} stays on the JDK client ({@link HttpClientBackend}).
 *
 * <p>Behaviour, chosen to give scripts what the JDK client gave them:
 * <ul>
 *   <li>Keep-alive connections per {@code host:port} ({@link HttpConnectionPool}); a response
 *       with {@code Connection: close}, an HTTP/1.0 response without keep-alive, or a body
 *       delimited by the close ends its connection.
 *   <li>Request headers: the script's (without {@code Host}, {@code Connection},
 *       {@code Content-Length}, {@code Expect}, {@code Upgrade}), then {@code Host},
 *       {@code Content-Length} (always, 0 without a body) and
 *       {@code User-Agent: Java-http-client/<java version>} unless the script sets one, as the
 *       JDK client sent.
 *   <li>Bodies delimited by {@code Content-Length}, chunked, or the connection's close, any size
 *       a Lua string holds (Netty's {@link HttpObjectAggregator}); interim 1xx responses are
 *       skipped; a {@code HEAD} response has no body.
 *   <li>Redirects (301, 302, 303, 307, 308 with a {@code Location}) are followed like the JDK
 *       client's {@code Redirect.NORMAL}: at most {@link #MAX_REDIRECTS} in a row (the next
 *       redirect response is the result), 303 and a {@code POST} answered by 301/302 become a
 *       {@code GET} without body, the others keep method and body; a redirect to {@code https://}
 *       continues on the JDK client. A redirect without a usable {@code Location} is the result
 *       (the JDK client failed with {@code Invalid redirection}).
 *   <li>Timeout (ms, 0 = none): from the start of each request (connecting included) until the
 *       response's status line and headers have arrived; the connect alone is also limited to
 *       {@link NetRuntime#DEFAULT_TIMEOUT_MS}. Error {@code "timeout"}.
 *   <li>A request sent on a reused connection that the server closes before any response byte
 *       arrives (a keep-alive connection the server timed out just then) is sent once more on a
 *       new connection if its method is idempotent (RFC 9110: GET, HEAD, PUT, DELETE, OPTIONS,
 *       TRACE), as browsers and the JDK client do; otherwise, and on a new connection, the error
 *       is {@code "connection closed"} (the JDK client said
 *       {@code HTTP/1.1 header parser received no bytes}).
 *   <li>A response Netty cannot parse gives {@code "invalid response: <detail>"} (the JDK
 *       client: {@code Invalid status line: ...}); the other failures are worded by
 *       {@link NetRuntime#describe} ({@code connection refused}, {@code dns failure: cannot
 *       resolve <host>}, ...). Host names are looked up off the loop ({@link HostLookup}).
 * </ul>
 *
 * <p>Threads: {@link #send} from any thread; everything else runs on the event loop, and the
 * outcome is handed to its consumer there (or on the caller's thread when the request cannot
 * start), exactly once.
 */
final class LoopHttpClient {
    /** Redirects followed in a row before the redirect response itself is the result (the JDK client's count). */
    static final int MAX_REDIRECTS = 4;
    /** Largest response body, bytes (about the largest Java array, so a Lua string). */
    static final int MAX_BODY = Integer.MAX_VALUE - 16;

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String USER_AGENT = "Java-http-client/" + System.getProperty("java.version");

    private final NetRuntime rt;
    private final BiConsumer<Request, Consumer<Outcome>> secure;
    /** Made on the event loop with the first request; event loop only. */
    private HttpConnectionPool pool;

    /**
     * @param rt     the net runtime whose event loop and host lookups the client uses
     * @param secure sends a request the client does not handle ({@code https://} after a
     *               redirect) another way, with the same outcome consumer
     */
    LoopHttpClient(NetRuntime rt, BiConsumer<Request, Consumer<Outcome>> secure) {
        this.rt = rt;
        this.secure = secure;
    }

    /**
     * Sends {@code r} (an {@code http://} URL) and gives {@code done} the outcome. Any thread.
     */
    void send(Request r, Consumer<Outcome> done) {
        EventLoop loop;
        try {
            loop = rt.group().next();
        } catch (IllegalStateException e) {
            done.accept(failure(e.getMessage()));
            return;
        }
        Exchange x = new Exchange(loop, r, done);
        if (loop.inEventLoop()) {
            x.start();
        } else {
            try {
                loop.execute(x::start);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                done.accept(failure("net: engine is closed"));
            }
        }
    }

    private static Outcome failure(String message) {
        return new Outcome(0, null, null, null, message);
    }

    private HttpConnectionPool pool(EventLoop loop) {
        if (pool == null) {
            pool = new HttpConnectionPool(loop);
        }
        return pool;
    }

    /** Host and port of {@code uri} as a pool key and a connect target (IPv6 without brackets). */
    private static String host(URI uri) {
        String h = uri.getHost();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }

    /**
     * The end of every client connection's pipeline: hands the aggregated response, the close
     * and failures to the connection's current exchange, and drops the connection from the pool
     * when it closes while idle.
     */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        final String key;
        /** The exchange using the connection; null while it is idle. */
        Exchange current;

        ConnectionHandler(String key) {
            this.key = key;
        }

        /** Sits before the aggregator: the response head has arrived (stops the timeout). */
        final ChannelInboundHandlerAdapter head = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpResponse r
                        && current != null
                        && r.status().code() >= 200) {
                    current.headReceived();
                }
                ctx.fireChannelRead(msg);
            }
        };

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            FullHttpResponse resp = (FullHttpResponse) msg;
            try {
                Exchange x = current;
                if (x != null) {
                    x.response(ctx.channel(), this, resp);
                }
            } finally {
                resp.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange x = current;
            if (x != null) {
                x.failed(ctx.channel(), null);
            } else if (pool != null) {
                pool.remove(key, ctx.channel());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange x = current;
            ctx.close();
            if (x != null) {
                x.failed(ctx.channel(), cause);
            }
        }
    }

    /** One request through its redirects and its retry. Event loop only (after construction). */
    private final class Exchange {
        private final EventLoop loop;
        private final Consumer<Outcome> done;
        private Request req;
        private int redirects;
        private boolean retried;
        private boolean finished;
        /** The attempt under way: its channel (null while connecting or looking the host up). */
        private Channel channel;
        /** Counts attempts, so a connect or lookup result of an abandoned attempt is ignored. */
        private int attempt;

        private boolean reused;
        private boolean headReceived;
        private ScheduledFuture<?> timer;

        Exchange(EventLoop loop, Request req, Consumer<Outcome> done) {
            this.loop = loop;
            this.req = req;
            this.done = done;
        }

        /** Starts an attempt: a pooled connection when there is one, else a new one. */
        void start() {
            startAttempt(true);
        }

        private void startAttempt(boolean mayReuse) {
            int gen = ++attempt;
            channel = null;
            headReceived = false;
            cancelTimer();
            if (req.timeoutMs() > 0) {
                timer = loop.schedule(() -> timedOut(gen), req.timeoutMs(), TimeUnit.MILLISECONDS);
            }
            String host = host(req.uri());
            int port = port(req.uri());
            String key = host + ":" + port;
            Channel idle = mayReuse ? pool(loop).acquire(key) : null;
            if (idle != null) {
                reused = true;
                write(idle);
                return;
            }
            reused = false;
            InetSocketAddress literal = HostLookup.literal(host, port);
            if (literal != null) {
                connect(literal, key, gen);
            } else {
                HostLookup lookup;
                try {
                    lookup = rt.hostLookup();
                } catch (IllegalStateException e) {
                    finish(failure(e.getMessage()));
                    return;
                }
                lookup.resolve(host, port, loop, (address, failure) -> {
                    if (gen != attempt || finished) {
                        return;
                    }
                    if (failure != null) {
                        finish(failure(NetRuntime.describe(failure, req.uri().getHost())));
                    } else {
                        connect(address, key, gen);
                    }
                });
            }
        }

        private void connect(InetSocketAddress address, String key, int gen) {
            long limit = req.timeoutMs() > 0
                    ? Math.min(req.timeoutMs(), NetRuntime.DEFAULT_TIMEOUT_MS)
                    : NetRuntime.DEFAULT_TIMEOUT_MS;
            ConnectionHandler handler = new ConnectionHandler(key);
            ChannelFuture f = new Bootstrap()
                    .group(loop)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limit)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(
                                            new HttpClientCodec(4096, 384 * 1024, 8192, false, true),
                                            handler.head,
                                            new HttpObjectAggregator(MAX_BODY),
                                            handler);
                        }
                    })
                    .connect(address);
            channel = f.channel();
            f.addListener(connected -> {
                if (gen != attempt || finished) {
                    f.channel().close();
                } else if (connected.isSuccess()) {
                    write(f.channel());
                } else {
                    finish(failure(
                            NetRuntime.describe(connected.cause(), req.uri().getHost())));
                }
            });
        }

        /** Writes the request on {@code ch}, which the exchange now uses. */
        private void write(Channel ch) {
            channel = ch;
            FullHttpRequest r;
            try {
                r = request();
            } catch (IllegalArgumentException e) { // a header or method Netty refuses
                pool(loop).release(ch.pipeline().get(ConnectionHandler.class).key, ch);
                channel = null;
                finish(failure(NetRuntime.describe(e, null)));
                return;
            }
            ch.pipeline().get(ConnectionHandler.class).current = this;
            ch.writeAndFlush(r).addListener(f -> {
                if (!f.isSuccess()) {
                    failed(ch, f.cause());
                }
            });
        }

        private FullHttpRequest request() {
            URI uri = req.uri();
            String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                target += "?" + uri.getRawQuery();
            }
            ByteBuf body = req.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(req.body());
            FullHttpRequest r =
                    new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(req.method()), target, body);
            HttpHeaders h = r.headers();
            boolean agent = false;
            for (Map.Entry<String, List<String>> e : req.headers().entrySet()) {
                if (HttpClientBackend.restricted(e.getKey())) {
                    continue;
                }
                agent |= e.getKey().equalsIgnoreCase("user-agent");
                h.add(e.getKey(), e.getValue());
            }
            h.set("Host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
            h.set("Content-Length", body.readableBytes());
            if (!agent) {
                h.set("User-Agent", USER_AGENT);
            }
            return r;
        }

        void headReceived() {
            headReceived = true;
            cancelTimer();
        }

        /** The whole response has arrived on {@code ch}. */
        void response(Channel ch, ConnectionHandler handler, FullHttpResponse resp) {
            if (finished || ch != channel) {
                return;
            }
            if (resp.decoderResult().isFailure()) {
                handler.current = null;
                ch.close();
                Throwable why = resp.decoderResult().cause();
                finish(failure("invalid response: " + (why.getMessage() != null ? why.getMessage() : why)));
                return;
            }
            int status = resp.status().code();
            if (status < 200 && status != 101) {
                return; // interim response: the real one follows
            }
            headReceived();
            handler.current = null;
            channel = null;
            if (HttpUtil.isKeepAlive(resp) && status != 101) {
                pool(loop).release(handler.key, ch);
            } else {
                ch.close();
            }
            if (redirect(status, resp.headers().get(HttpHeaderNames.LOCATION))) {
                return;
            }
            byte[] body = new byte[resp.content().readableBytes()];
            resp.content().getBytes(resp.content().readerIndex(), body);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : resp.headers()) {
                headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
            }
            finish(new Outcome(status, body, headers, req.uri().toString(), null));
        }

        /** Follows a redirect response (true), or leaves it as the result (false). */
        private boolean redirect(int status, String location) {
            if (!REDIRECTS.contains(status) || location == null || redirects >= MAX_REDIRECTS) {
                return false;
            }
            URI next;
            try {
                next = req.uri().resolve(location.strip());
            } catch (IllegalArgumentException e) {
                return false;
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
                return false;
            }
            String method = status == 303 || (status <= 302 && req.method().equals("POST")) ? "GET" : req.method();
            byte[] body = method.equals(req.method()) ? req.body() : null;
            req = new Request(next, method, req.headers(), body, req.timeoutMs(), req.checkCertificate());
            redirects++;
            retried = false;
            if (scheme.equals("https")) {
                finished = true;
                cancelTimer();
                secure.accept(req, done);
            } else {
                start();
            }
            return true;
        }

        /**
         * The connection of the attempt closed ({@code cause} null) or failed before the whole
         * response arrived: retried once on a new connection when that is safe, else the error.
         */
        void failed(Channel ch, Throwable cause) {
            if (finished || ch != channel) {
                return;
            }
            ConnectionHandler h = ch.pipeline().get(ConnectionHandler.class);
            if (h != null && h.current == this) {
                h.current = null;
            }
            ch.close();
            if (reused && !headReceived && !retried && IDEMPOTENT.contains(req.method())) {
                retried = true;
                startAttempt(false);
                return;
            }
            finish(failure(
                    cause == null
                            ? "connection closed"
                            : NetRuntime.describe(cause, req.uri().getHost())));
        }

        private void timedOut(int gen) {
            if (finished || gen != attempt) {
                return;
            }
            Channel ch = channel;
            finish(failure("timeout"));
            if (ch != null) {
                ConnectionHandler h = ch.pipeline().get(ConnectionHandler.class);
                if (h != null && h.current == this) {
                    h.current = null;
                }
                ch.close();
            }
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void finish(Outcome out) {
            if (finished) {
                return;
            }
            finished = true;
            cancelTimer();
            done.accept(out);
        }
    }
}

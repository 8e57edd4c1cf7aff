package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.spi.SelectorProvider;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every backend of the {@code net} library shares for one engine: the Netty event loop
 * group (one event loop on the virtual thread {@code jeplua-net-1}, created on first use), the JDK {@link HttpClient}s,
 * the one way I/O threads hand results to Lua ({@link #dispatch}), and the wording of network
 * errors ({@link #describe}).
 *
 * <p>Rule: Netty and HttpClient threads never touch Lua values. They call {@link #dispatch},
 * which queues a {@link CallbackTask} whose Java body runs on the engine thread inside a
 * coroutine; only there are Lua values built and Lua callbacks called. An error raised by a
 * Lua callback is reported as {@code error in <kind> callback} and nothing else changes.
 *
 * <p>Everything is closed when the engine closes (registered with {@link EngineContext#addCloseable}).
 */
public final class NetRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetRuntime.class);
    /** Default timeout of HTTP requests and connects, in ms. */
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    static {
        // On JDK 24+ Netty's use of sun.misc.Unsafe prints a deprecation warning on stderr on first
        // use; scripts must not see that. Netty runs fine on plain NIO buffers without it.
        if (Runtime.version().feature() >= 24 && System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
        // The MQTT client's JCTools queues use sun.misc.Unsafe and have no such switch.
        UnsafeWarning.silence();
    }

    /**
     * Runs this class's initialisation (above: Netty kept off {@code sun.misc.Unsafe}, the JDK's
     * warning silenced for the process) without creating a runtime. {@link NetLib} calls it at
     * install, before anything else of the process (the telnet and web servers too) loads Netty,
     * while the runtime itself is created at the first {@code net} call. Any thread.
     */
    static void initialiseProcess() {
        // the static initialiser has run by the time this body runs
    }

    private final EngineContext engine;
    private volatile EventLoopGroup group;
    /** The strategy of the group's one event loop; set with {@link #group}. */
    private volatile PollingSelectStrategy selectStrategy;

    private volatile HttpClient verifyingHttp;
    private volatile HttpClient trustingHttp;
    /** Executor of both HTTP clients, made with the first; guarded by {@code this}. */
    private HttpClientExecutor httpExecutor;
    /** Host name lookups of the Netty HTTP client, made on first use; guarded by {@code this}. */
    private HostLookup hostLookup;

    private volatile boolean closed;

    /** @param engine the engine whose thread runs the callbacks */
    public NetRuntime(EngineContext engine) {
        this.engine = engine;
        engine.addCloseable(this);
    }

    /** The engine. */
    public EngineContext engine() {
        return engine;
    }

    /**
     * The shared Netty event loop group, created on first use: NIO, one event loop on a virtual
     * thread named {@code jeplua-net-1}, so it shares the engine's carrier (the launcher runs
     * virtual threads on one carrier) and a message goes between Netty and Lua by a hand-over on
     * that carrier, not an OS wake-up; after activity it polls briefly before blocking
     * ({@link PollingSelectStrategy}). Like Node's one thread, socket I/O then waits while Lua
     * code runs. Any thread.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public EventLoopGroup group() {
        EventLoopGroup g = group;
        if (g == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("net: engine is closed");
                }
                g = group;
                if (g == null) {
                    ThreadFactory threads =
                            Thread.ofVirtual().name("jeplua-net-", 1).factory();
                    PollingSelectStrategy strategy = new PollingSelectStrategy();
                    g = new NioEventLoopGroup(1, threads, SelectorProvider.provider(), () -> strategy);
                    selectStrategy = strategy;
                    group = g;
                }
            }
        }
        return g;
    }

    /**
     * Closes {@code channel} (a channel of {@link #group}) and waits, at most {@code timeoutMs},
     * until its socket is really closed: a server socket's port is free again when this returns,
     * so a server started next (a {@code --watch} restart, {@code stop} then {@code start}) can
     * bind it. The JDK closes a socket registered with a selector only at that selector's next
     * select, which the event loop runs at the start of its next pass. Not on the event loop's
     * thread (the engine thread).
     */
    void closeAndWait(io.netty.channel.Channel channel, long timeoutMs) {
        java.util.concurrent.CompletableFuture<Void> gone = new java.util.concurrent.CompletableFuture<>();
        PollingSelectStrategy strategy = selectStrategy;
        channel.close().addListener(f -> {
            if (strategy == null) {
                gone.complete(null);
            } else {
                strategy.afterNextSelect(() -> gone.complete(null));
            }
        });
        try {
            gone.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            log.debug("closing {} took longer than {} ms", channel, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The host name lookups of {@link LoopHttpClient}, made on first use. Any thread.
     *
     * @throws IllegalStateException after {@link #close}
     */
    synchronized HostLookup hostLookup() {
        if (closed) {
            throw new IllegalStateException("net: engine is closed");
        }
        if (hostLookup == null) {
            hostLookup = new HostLookup();
        }
        return hostLookup;
    }

    /** The HTTP clients' executor, made on first use. Called holding {@code this}. */
    private HttpClientExecutor httpExecutor() {
        if (httpExecutor == null) {
            httpExecutor = new HttpClientExecutor(engine);
        }
        return httpExecutor;
    }

    /**
     * The shared JDK HTTP client (connection pool, keep-alive, HTTP/2 over TLS, normal redirects).
     *
     * @param checkCertificate false to accept any server certificate and host name (self-signed devices)
     */
    public HttpClient httpClient(boolean checkCertificate) {
        HttpClient c = checkCertificate ? verifyingHttp : trustingHttp;
        if (c == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("net: engine is closed");
                }
                c = checkCertificate ? verifyingHttp : trustingHttp;
                if (c == null) {
                    HttpClient.Builder b = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(Duration.ofMillis(DEFAULT_TIMEOUT_MS))
                            .executor(httpExecutor());
                    if (!checkCertificate) {
                        b.sslContext(trustAllContext());
                    }
                    c = b.build();
                    if (checkCertificate) {
                        verifyingHttp = c;
                    } else {
                        trustingHttp = c;
                    }
                }
            }
        }
        return c;
    }

    /**
     * An SSL context that accepts every certificate chain and host name ({@code checkCertificate=false}).
     * Endpoint identification is the trust manager's job for an {@link X509ExtendedTrustManager}, so
     * this one also skips the host name check.
     */
    public static SSLContext trustAllContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    /**
     * Queues {@code action} to run on the engine thread inside a coroutine, releasing
     * {@code keepAlive} (may be null) just before it runs — or at once if the engine no longer
     * accepts work. Errors the action raises (a Lua callback failing) are reported as
     * {@code error in <kind> callback}. Any thread.
     *
     * @param kind      callback kind for error reports: {@code http}, {@code tcp}, {@code udp}, ...
     * @param context   execution context of the code that registered the callback
     * @param keepAlive handle to release (exactly once), or null
     * @param action    Java code that builds Lua values and calls Lua callbacks; may yield
     * @return false when the engine rejected the task (stopped or queue full)
     */
    public boolean dispatch(String kind, ExecutionContext context, KeepAlive keepAlive, Runnable action) {
        LuaValue fn = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (keepAlive != null) {
                    keepAlive.release();
                }
                action.run();
                return NONE;
            }
        };
        try {
            engine.submit(new CallbackTask(fn, LuaValue.NONE, kind, context == null ? ExecutionContext.NONE : context) {
                @Override
                protected void done(Varargs results, LuaValue error, String traceback) {
                    if (error != null) {
                        engine.reportCallbackError(kind, error, traceback);
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("{} event dropped: {}", kind, e.getMessage());
            if (keepAlive != null) {
                keepAlive.release();
            }
            return false;
        }
    }

    /** A keep-alive handle of the engine's loop. Any thread. */
    public KeepAlive keepAlive() {
        return engine.loop().keepAlive();
    }

    /**
     * The message a script sees for a failed network operation: {@code "timeout"},
     * {@code "connection refused"}, {@code "dns failure: cannot resolve <host>"},
     * {@code "tls failure: <detail>"}, {@code "connection closed"}, or the exception's message.
     * Walks the cause chain (the JDK HttpClient wraps its causes). Any thread.
     *
     * @param t    the failure
     * @param host the host name the operation was for (for the DNS message), or null
     */
    public static String describe(Throwable t, String host) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "dns failure: cannot resolve " + (host != null ? host : c.getMessage());
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "tls failure: " + c.getMessage();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpTimeoutException
                    || c instanceof SocketTimeoutException
                    || c instanceof io.netty.channel.ConnectTimeoutException
                    || c instanceof java.util.concurrent.TimeoutException) {
                return "timeout";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof ConnectException) {
                String m = c.getMessage();
                return m == null || m.toLowerCase().contains("refused")
                        ? "connection refused"
                        : "connection failed: " + m;
            }
            if (c instanceof ClosedChannelException) {
                return "connection closed";
            }
        }
        Throwable root = t;
        while ((root instanceof java.util.concurrent.CompletionException
                        || root instanceof java.util.concurrent.ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    /**
     * Shuts the event loop group and HTTP clients down, waiting at most 1 s for the group.
     * Any thread; idempotent.
     */
    @Override
    public void close() {
        EventLoopGroup g;
        HttpClientExecutor executor;
        HostLookup lookup;
        synchronized (this) {
            closed = true;
            g = group;
            group = null;
            executor = httpExecutor;
            lookup = hostLookup;
        }
        if (lookup != null) {
            lookup.shutdown();
        }
        if (g != null) {
            try {
                g.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (HttpClient c : new HttpClient[] {verifyingHttp, trustingHttp}) {
            if (c != null) {
                c.shutdownNow();
            }
        }
        if (executor != null) {
            executor.shutdown();
        }
    }

    @Override
    public String toString() {
        return "net runtime";
    }

    /** Accepts every certificate (checkCertificate=false). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of the engine's JDK {@link java.net.http.HttpClient}s: a task handed over by one
 * of the client's own threads (its selector thread, having read a response) runs right there;
 * a task handed over by the engine thread runs on a pool thread ({@code jeplua-http-N}, daemon,
 * created on demand and ended after 60 s idle).
 *
 * <p>Why: with the JDK's default executor a response crossed two threads before reaching the
 * engine (selector thread, then a worker that completes the future and queues the Lua
 * callback); now the selector thread queues the callback itself, one wake-up fewer per request
 * (16 keep-alive requests in flight on loopback: about twice the rate, README.md#benchmarks).
 * The tasks the client starts while the engine calls {@code sendAsync} (connecting, resolving
 * the host name, a TLS handshake) run on the pool, so Lua is never held up by the network,
 * except inside {@link #start} for a request where none of that can block. What runs inline on
 * the selector thread is the client's own non-blocking work and our completion, which only
 * queues a task ({@link NetRuntime#dispatch}); following a redirect to a new host resolves its
 * name there.
 */
final class HttpClientExecutor implements java.util.concurrent.Executor {
    private static final java.util.regex.Pattern NO_LOOKUP = java.util.regex.Pattern.compile(
            "localhost|\\[[0-9a-fA-F:.]+]|[0-9a-fA-F]*:[0-9a-fA-F:.]*|[0-9]+(\\.[0-9]+){3}");
    private final EngineContext engine;
    private final ExecutorService pool;
    private final ThreadLocal<Boolean> inline = new ThreadLocal<>();

    /** @param engine whose thread must not run the client's tasks */
    HttpClientExecutor(EngineContext engine) {
        this.engine = engine;
        AtomicInteger ids = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jeplua-http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} inline, or on the pool when called from the engine thread. Any thread. */
    @Override
    public void execute(Runnable task) {
        if (engine.onEngineThread() && inline.get() == null) {
            pool.execute(task);
        } else {
            task.run();
        }
    }

    /**
     * Calls {@code start} (which calls {@code sendAsync}) so that the tasks the client starts
     * during it run on the calling thread, when that cannot block: plain {@code http://} to an IP
     * address or {@code localhost} needs no name lookup and no TLS handshake, and a kept-alive
     * connection is reused without connecting; the request is then written without a hand-over
     * to a pool thread. Anything else starts as {@link #execute} says. Any thread.
     */
    void start(java.net.URI uri, Runnable start) {
        String host = uri.getHost();
        if (!"http".equalsIgnoreCase(uri.getScheme())
                || host == null
                || !NO_LOOKUP.matcher(host).matches()) {
            start.run();
            return;
        }
        inline.set(Boolean.TRUE);
        try {
            start.run();
        } finally {
            inline.remove();
        }
    }

    /** Stops the pool's threads (tasks running are interrupted). Any thread; idempotent. */
    void shutdown() {
        pool.shutdownNow();
    }
}

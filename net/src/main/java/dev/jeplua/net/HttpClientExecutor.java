package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of the engine's JDK {@link java.net.http.HttpClient}s: a task handed over by one
 * of the client's own threads (its selector thread, having read a response) runs right there;
 * a task handed over by the engine thread (or another virtual thread) runs on a pool thread ({@code jeplua-http-N}, daemon,
 * created on demand and ended after 60 s idle).
 *
 * <p>Why: with the JDK's default executor a response crossed two threads before reaching the
 * engine (selector thread, then a worker that completes the future and queues the Lua
 * callback); now the selector thread queues the callback itself, one wake-up fewer per request
 * (16 keep-alive requests in flight on loopback: about twice the rate, README.md#benchmarks).
 * The tasks the client starts while the engine calls {@code sendAsync} (connecting, resolving
 * the host name, a TLS handshake) run on the pool, so Lua is never held up by the network.
 * (The client serves {@code https://} only; {@code http://} has its own client,
 * {@link LoopHttpClient}.) What runs inline on
 * the selector thread is the client's own non-blocking work and our completion, which only
 * queues a task ({@link NetRuntime#dispatch}); following a redirect to a new host resolves its
 * name there.
 */
final class HttpClientExecutor implements java.util.concurrent.Executor {
    private final EngineContext engine;
    private final ExecutorService pool;

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

    /**
     * Runs {@code task} inline on the client's own (platform) threads, or on the pool when called
     * from the engine thread or another virtual thread (the net event loop, following a redirect
     * from {@code http://} to {@code https://}), which must not block. Any thread.
     */
    @Override
    public void execute(Runnable task) {
        if (engine.onEngineThread() || Thread.currentThread().isVirtual()) {
            pool.execute(task);
        } else {
            task.run();
        }
    }

    /** Stops the pool's threads (tasks running are interrupted). Any thread; idempotent. */
    void shutdown() {
        pool.shutdownNow();
    }
}

package dev.jeplua.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The idle keep-alive connections of {@link LoopHttpClient}, per {@code host:port}: a connection
 * whose response has been read completely comes back here and the next request to the same
 * {@code host:port} takes it (the most recently used first); one idle for
 * {@link #IDLE_TIMEOUT_MS} is closed by the next sweep (sweeps run every half timeout while any
 * connection is idle, so a connection is closed after 30 to 45 s idle), as the JDK HttpClient
 * closes its idle connections after 30 s. A connection the server closes while idle is dropped when Netty sees the close
 * ({@link #remove}), or, if the close crosses a new request, the request is retried
 * ({@link LoopHttpClient}). No limit on connections per host (16 requests in flight use 16
 * connections, as with the JDK client).
 *
 * <p>Event loop thread only (the loop given to the constructor).
 */
final class HttpConnectionPool {
    /** How long a connection may stay idle in the pool, ms. */
    static final long IDLE_TIMEOUT_MS = 30_000;

    private record Idle(Channel channel, long sinceNanos) {}

    private final EventLoop loop;
    private final long idleTimeoutMs;
    private final LongSupplier nanoClock;
    private final Map<String, ArrayDeque<Idle>> idle = new HashMap<>();
    private int count;
    private boolean sweeping;

    /** @param loop the event loop every pooled channel belongs to */
    HttpConnectionPool(EventLoop loop) {
        this(loop, IDLE_TIMEOUT_MS, System::nanoTime);
    }

    /**
     * @param loop the event loop every pooled channel belongs to; it also runs the sweeps, every
     *     half timeout while connections are idle
     * @param idleTimeoutMs how long a connection may stay idle, ms
     * @param nanoClock the clock idle ages are read from, ns ({@code System::nanoTime}; tests give
     *     a manual one)
     */
    HttpConnectionPool(EventLoop loop, long idleTimeoutMs, LongSupplier nanoClock) {
        this.loop = loop;
        this.idleTimeoutMs = idleTimeoutMs;
        this.nanoClock = nanoClock;
    }

    /** An open idle connection to {@code key} ({@code host:port}), taken out of the pool, or null. */
    Channel acquire(String key) {
        ArrayDeque<Idle> q = idle.get(key);
        if (q == null) {
            return null;
        }
        Idle i;
        while ((i = q.pollLast()) != null) {
            count--;
            if (i.channel().isActive()) {
                return i.channel();
            }
        }
        return null;
    }

    /** Puts {@code ch}, whose exchange has ended cleanly, back as idle; a closed channel is dropped. */
    void release(String key, Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Idle(ch, nanoClock.getAsLong()));
        count++;
        if (!sweeping) {
            sweeping = true;
            loop.schedule(this::sweep, idleTimeoutMs / 2, TimeUnit.MILLISECONDS);
        }
    }

    /** Drops {@code ch} if it is idle here (the server closed it). */
    void remove(String key, Channel ch) {
        ArrayDeque<Idle> q = idle.get(key);
        if (q != null && q.removeIf(i -> i.channel() == ch)) {
            count--;
        }
    }

    /** Number of idle connections (for tests). */
    int size() {
        return count;
    }

    /** Closes the connections idle for longer than the timeout; runs again while any are left. */
    private void sweep() {
        long now = nanoClock.getAsLong();
        long limit = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
        for (Iterator<ArrayDeque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Idle> q = it.next();
            // oldest first: released in order
            Idle i;
            while ((i = q.peekFirst()) != null
                    && (now - i.sinceNanos() >= limit || !i.channel().isActive())) {
                q.pollFirst();
                count--;
                i.channel().close();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        sweeping = count > 0;
        if (sweeping) {
            loop.schedule(this::sweep, idleTimeoutMs / 2, TimeUnit.MILLISECONDS);
        }
    }
}

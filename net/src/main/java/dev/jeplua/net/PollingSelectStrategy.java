package dev.jeplua.net;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * How the {@code net} event loop waits for I/O: for a short window after its last activity it
 * keeps polling ({@code selectNow}, then {@link Thread#yield()}) instead of blocking in
 * {@code select}; once the window has passed without activity it blocks as Netty's default does.
 *
 * <p>Why: the event loop is a virtual thread on the engine's carrier ({@link NetRuntime#group}).
 * A virtual thread blocked in {@code select} waits through the JDK's poller thread, and a carrier
 * with nothing to run parks on a futex, so every message of a request/response exchange paid
 * several OS wake-ups. While the loop polls, the carrier stays busy: the engine thread's
 * submissions, the loop's tasks and the next message are each picked up by a plain hand-over on
 * the same carrier ({@code yield} lets the engine and its coroutines run between polls). The
 * window bounds the extra CPU: after a burst of traffic the loop polls for at most
 * {@link #WINDOW_NANOS} more.
 *
 * <p>Every decision starts with a {@code selectNow}, which is also when the JDK really closes
 * the sockets closed since the last one (a channel registered with a selector keeps its file
 * descriptor until the selector drops it); {@link #afterNextSelect} lets a caller wait for that.
 *
 * <p>One instance per event loop; {@link #calculateStrategy} is called only on that loop's
 * thread, {@link #afterNextSelect} from any thread.
 */
final class PollingSelectStrategy implements SelectStrategy {
    /**
     * How long the loop keeps polling after its last activity (I/O ready or a task queued), ns:
     * 100 µs, a few loopback round trips.
     */
    static final long WINDOW_NANOS = 100_000;

    private final LongSupplier clock;
    private final long windowNanos;
    private long lastActive;
    private final Queue<Runnable> afterSelect = new ConcurrentLinkedQueue<>();

    /** A strategy on {@link System#nanoTime()} with the {@link #WINDOW_NANOS} window. */
    PollingSelectStrategy() {
        this(System::nanoTime, WINDOW_NANOS);
    }

    /**
     * @param clock       monotonic time, ns
     * @param windowNanos how long to keep polling after the last activity, ns
     */
    PollingSelectStrategy(LongSupplier clock, long windowNanos) {
        this.clock = clock;
        this.windowNanos = windowNanos;
        this.lastActive = clock.getAsLong() - windowNanos;
    }

    /**
     * @return the number of ready keys (process them and run the tasks), {@link #CONTINUE} (poll
     *     again) or {@link #SELECT} (block until I/O or a wake-up)
     */
    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        for (Runnable r; (r = afterSelect.poll()) != null; ) {
            r.run();
        }
        long now = clock.getAsLong();
        if (ready > 0 || hasTasks) {
            lastActive = now;
            return ready;
        }
        if (now - lastActive < windowNanos) {
            Thread.yield();
            return CONTINUE;
        }
        return SELECT;
    }

    /**
     * Runs {@code action} on the loop's thread right after the loop's next {@code selectNow}
     * (the loop runs one at the start of each pass, before it could block). Any thread.
     */
    void afterNextSelect(Runnable action) {
        afterSelect.add(action);
    }
}

package dev.jeplua.engine.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ticker that only moves when told to: for deterministic timer tests. Actions given to
 * {@link #schedule} run on the thread that calls {@link #advanceMillis}, once their time has come,
 * in due order. Any thread.
 */
public final class ManualTicker implements Ticker {
    private volatile long now = TimeUnit.SECONDS.toNanos(1_000);
    private final List<Pending> pending = new ArrayList<>();

    private record Pending(long dueNanos, long seq, Runnable action) {}

    private long seq;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isRealTime() {
        return false;
    }

    @Override
    public synchronized Scheduled schedule(long delayMs, Runnable action) {
        Pending p = new Pending(now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs)), seq++, action);
        pending.add(p);
        return () -> {
            synchronized (this) {
                pending.remove(p);
            }
        };
    }

    /** Moves time forward by {@code ms} milliseconds (may be fractional), then runs the scheduled actions now due. */
    public void advanceMillis(double ms) {
        synchronized (this) {
            now += (long) (ms * 1_000_000d);
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.stream()
                        .filter(p -> p.dueNanos() <= now)
                        .min((a, b) -> a.dueNanos() != b.dueNanos()
                                ? Long.compare(a.dueNanos(), b.dueNanos())
                                : Long.compare(a.seq(), b.seq()))
                        .orElse(null);
                if (next == null) {
                    return;
                }
                pending.remove(next);
            }
            next.action().run();
        }
    }
}

package dev.jeplua.engine.loop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The engine's clock: a monotonic time source in nanoseconds, and the one place that runs
 * actions after a delay of that clock's time off the engine thread (watchdogs such as an
 * execution's timeout, which must fire while Lua code keeps the engine thread busy). Injected so
 * tests can freeze and advance time ({@link ManualTicker}) instead of sleeping.
 */
public interface Ticker {
    /** Monotonic time in nanoseconds; only differences are meaningful. Any thread. */
    long nanoTime();

    /** True when the loop may block waiting for the next due time (false for manual time). */
    default boolean isRealTime() {
        return true;
    }

    /**
     * Runs {@code action} once, {@code delayMs} milliseconds of this clock's time from now, on a
     * thread that is not the engine thread (the real clock: one daemon thread {@code
     * jeplua-ticker}; {@link ManualTicker}: the thread that advances time). The action must be
     * short and must not touch Lua values. Any thread.
     *
     * @param delayMs delay in milliseconds, at least 0
     * @return a handle that cancels the action if it has not started
     */
    default Scheduled schedule(long delayMs, Runnable action) {
        ScheduledFuture<?> f = SystemScheduler.EXECUTOR.schedule(action, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** An action scheduled with {@link #schedule}. */
    @FunctionalInterface
    interface Scheduled {
        /** Cancels the action if it has not run yet; harmless afterwards. Any thread. */
        void cancel();
    }

    /** The system monotonic clock ({@link System#nanoTime()}). */
    Ticker SYSTEM = System::nanoTime;

    /** The real clock's scheduler thread, created on first use. */
    final class SystemScheduler {
        private SystemScheduler() {}

        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "jeplua-ticker");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true); // cancelled watchdogs do not pile up
            return e;
        }
    }
}

package dev.jeplua.engine.loop;

/**
 * The event loop's clock: a monotonic time source in nanoseconds. Injected so tests can
 * freeze and advance time ({@link ManualTicker}) instead of sleeping.
 */
public interface Ticker {
    /** Monotonic time in nanoseconds; only differences are meaningful. Any thread. */
    long nanoTime();

    /** True when the loop may block waiting for the next due time (false for manual time). */
    default boolean isRealTime() {
        return true;
    }

    /** The system monotonic clock ({@link System#nanoTime()}). */
    Ticker SYSTEM = System::nanoTime;
}

package dev.jeplua.engine.loop;

import java.util.concurrent.TimeUnit;

/** A ticker that only moves when told to: for deterministic timer tests. Any thread. */
public final class ManualTicker implements Ticker {
    private volatile long now = TimeUnit.SECONDS.toNanos(1_000);

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isRealTime() {
        return false;
    }

    /** Moves time forward by {@code ms} milliseconds (may be fractional). */
    public void advanceMillis(double ms) {
        now += (long) (ms * 1_000_000d);
    }
}

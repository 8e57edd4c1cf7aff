package dev.jeplua.engine;

import dev.jeplua.engine.loop.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Whether an engine can run work now, for {@code /health} ({@link LuaEngine#health()}).
 *
 * @param status  {@code healthy}; {@code unresponsive} when one batch of Lua code has run for
 *                more than {@link #UNRESPONSIVE_AFTER_MS} while submitted work waits (a runaway
 *                loop, a long computation); {@code stopped} once the loop has ended
 * @param busyMs  how long the running batch has run (ms), 0 when idle
 * @param queued  tasks waiting to run (submitted, or behind the running one in its batch)
 */
public record EngineHealth(String status, long busyMs, int queued) {
    /** How long a batch may run while submissions wait before the engine is {@code unresponsive}: 5 s. */
    public static final long UNRESPONSIVE_AFTER_MS = 5000;

    /** True when the engine takes work ({@code healthy}). */
    public boolean ok() {
        return "healthy".equals(status);
    }

    /**
     * The health of the engine running {@code loop}, read without waiting for its thread. Any
     * thread.
     *
     * @param stopped             true once the engine has terminated
     * @param unresponsiveAfterMs how long (ms) a batch may run while work waits
     */
    static EngineHealth of(EventLoop loop, boolean stopped, long unresponsiveAfterMs) {
        long busyMs = TimeUnit.NANOSECONDS.toMillis(loop.busyNanos());
        int queued = loop.waitingTasks();
        if (stopped) {
            return new EngineHealth("stopped", 0, queued);
        }
        if (busyMs > unresponsiveAfterMs && queued > 0) {
            return new EngineHealth("unresponsive", busyMs, queued);
        }
        return new EngineHealth("healthy", busyMs, queued);
    }
}

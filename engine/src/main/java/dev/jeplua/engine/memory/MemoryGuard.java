package dev.jeplua.engine.memory;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.luaj.vm2.LuaError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Lua code from exhausting the JVM heap ({@code --max-memory}): when the heap holds more
 * than the limit after a garbage collection, the Lua code running next gets the error
 * {@code not enough memory} (as the reference interpreter raises it when {@code malloc} fails,
 * Lua 5.2 manual §2.3: catchable by {@code pcall}), so the engine, its servers and other
 * clients keep the rest of the heap and go on.
 *
 * <p>How: a listener on the JVM's garbage-collection notifications reads the heap in use after
 * each collection. Above the limit after a minor collection (which may still count garbage)
 * it asks for one full collection (at most every 250 ms); above the limit after a full one it
 * calls the pressure callback, which makes the engine raise the error at the next Lua
 * instruction. Large single allocations made by the string library are checked before they
 * happen ({@link #checkAllocation}). An {@link OutOfMemoryError} that still reaches Lua code is
 * turned into the same error by the coroutine scheduler and {@code pcall} (the last line of
 * defence; see {@code docs/security.md}).
 *
 * <p>The limit is per process (one heap): the last engine created sets it. Thread-safe.
 */
public final class MemoryGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryGuard.class);
    /** The message Lua gives for a failed allocation. */
    public static final String MESSAGE = "not enough memory";
    /** Allocations below this many bytes are never checked up front. */
    private static final long CHECKED_ALLOCATION = 1 << 20;

    private static volatile long processLimit = defaultLimit();

    private final long limit;
    private final Runnable onPressure;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::afterCollection;
    private final AtomicBoolean fullCollectionRequested = new AtomicBoolean();
    private volatile long lastFullRequestNanos;
    private boolean closed;

    /**
     * @param limitBytes heap bytes Lua may fill (after a full collection) before allocations
     *                   fail; 0 or less means {@link #defaultLimit()}; capped at 95% of the heap
     * @param onPressure called (on a JMX notification thread) when the heap stays above the limit
     */
    public MemoryGuard(long limitBytes, Runnable onPressure) {
        long max = Runtime.getRuntime().maxMemory();
        this.limit = limitBytes <= 0 ? defaultLimit() : Math.min(limitBytes, max / 20 * 19);
        this.onPressure = onPressure;
        processLimit = limit;
        // JMX's platform beans take tens of ms to load: listen from a background thread, off the
        // start-up path, and only once the heap has been collected a first time (before that it
        // cannot be above the limit after a collection; a script that ends first never loads JMX).
        Thread.ofPlatform().daemon().name("jeplua-memory-guard").start(this::listenAfterFirstCollection);
    }

    private void listenAfterFirstCollection() {
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), collected);
        try {
            collected.remove(); // returns once a collection has cleared the sentinel's referent
        } catch (InterruptedException e) {
            return;
        } finally {
            Reference.reachabilityFence(sentinel);
        }
        listen();
        // the collection that woke this thread came before the listener: judge the heap now as
        // the listener would have after a minor collection (a full one decides)
        Runtime rt = Runtime.getRuntime();
        if (rt.totalMemory() - rt.freeMemory() > limit && !isClosed()) {
            lastFullRequestNanos = System.nanoTime();
            fullCollectionRequested.set(true);
            System.gc();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void listen() {
        if (closed) {
            return;
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** The default limit: 80% of the maximum heap ({@code -Xmx}). */
    public static long defaultLimit() {
        return Runtime.getRuntime().maxMemory() / 5 * 4;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }

    /**
     * Parses a size as given to {@code --max-memory}: bytes, or a number with {@code k}, {@code m}
     * or {@code g} (binary units, case-insensitive), or a percentage of the maximum heap
     * ({@code 75%}).
     *
     * @throws IllegalArgumentException for anything else, zero or negative sizes
     */
    public static long parseSize(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            long value;
            if (s.endsWith("%")) {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1));
                if (!(pct > 0 && pct <= 100)) {
                    throw new IllegalArgumentException(
                            "invalid memory size '" + text + "' (a percentage must be in (0, 100])");
                }
                value = (long) (Runtime.getRuntime().maxMemory() * pct / 100);
            } else {
                long unit =
                        switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
                            case 'k' -> 1L << 10;
                            case 'm' -> 1L << 20;
                            case 'g' -> 1L << 30;
                            default -> 1;
                        };
                String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
                value = Math.multiplyExact(Long.parseLong(digits.trim()), unit);
            }
            if (value <= 0) {
                throw new IllegalArgumentException("invalid memory size '" + text + "' (must be positive)");
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid memory size '" + text + "' (use bytes, 512m, 2g or 75%)");
        }
    }

    /**
     * Fails before a single allocation of {@code bytes} that would take the heap above the
     * limit (small allocations are not checked). Engine thread.
     *
     * @throws LuaError {@code not enough memory}
     */
    public static void checkAllocation(long bytes) {
        if (bytes < CHECKED_ALLOCATION) {
            return;
        }
        Runtime rt = Runtime.getRuntime();
        long limit = processLimit;
        if (bytes > limit
                || rt.totalMemory() - rt.freeMemory() + bytes > limit && usedAfterFullCollection() + bytes > limit) {
            throw new LuaError(MESSAGE, 0);
        }
    }

    /**
     * True when the heap is above the limit now, even after a full collection (which this runs
     * when the plain reading is above it). Used to confirm a pressure signal before raising the
     * error, since the signal may come from a collection that ran before the memory was freed
     * by an error that already unwound the code holding it. Any thread; may take a full GC.
     */
    public static boolean overLimitNow() {
        Runtime rt = Runtime.getRuntime();
        long limit = processLimit;
        return rt.totalMemory() - rt.freeMemory() > limit && usedAfterFullCollection() > limit;
    }

    private static long usedAfterFullCollection() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private void afterCollection(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        boolean full = info.getGcAction().contains("major") || fullCollectionRequested.getAndSet(false);
        if (used <= limit) {
            return;
        }
        if (full) {
            log.debug("heap holds {} bytes after a full collection (limit {})", used, limit);
            onPressure.run();
        } else if (System.nanoTime() - lastFullRequestNanos > 250_000_000L) {
            lastFullRequestNanos = System.nanoTime();
            Thread.ofPlatform().daemon().name("jeplua-memory-check").start(() -> {
                fullCollectionRequested.set(true);
                System.gc();
            });
        }
    }

    private static boolean isHeapPool(String name) {
        return !(name.contains("Metaspace") || name.contains("Code") || name.contains("Compressed Class"));
    }

    /** Stops listening to collections. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already removed
            }
        }
        emitters.clear();
        if (processLimit == limit) {
            processLimit = defaultLimit();
        }
    }
}

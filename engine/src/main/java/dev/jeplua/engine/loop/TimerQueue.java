package dev.jeplua.engine.loop;

import dev.jeplua.engine.coroutine.ErrorReporter;
import dev.jeplua.engine.session.ExecutionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Pending timeouts and intervals ordered by (due time, creation order), read against an
 * injected {@link Ticker}; it has no thread of its own. Ids come from one counter shared by
 * timeouts and intervals and are never reused in a run (as in browsers and Node.js).
 * Engine thread only.
 */
public final class TimerQueue {
    private final PriorityQueue<Timer> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.dueNanos, b.dueNanos);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    /**
     * Zero-delay timeouts in creation order. Their due times never decrease (monotonic clock),
     * so this FIFO is already sorted and {@code setTimeout(fn, 0)} costs O(1) instead of a heap
     * insertion; {@link #pollDue} merges it with the heap by (due, seq). They are not in
     * {@link #byId}: the FIFO finds them by id itself.
     */
    private final ZeroDelayTimers zeroDelay = new ZeroDelayTimers();
    /** Zero-delay timeouts in {@link #zeroDelay} that are not cancelled. */
    private int zeroDelayLive;

    /** The pending timers other than zero-delay timeouts, by id. */
    private final Map<Integer, Timer> byId = new HashMap<>();

    private final Ticker ticker;
    private final ErrorReporter reporter;
    private int nextId = 1;
    private long nextSeq;
    private int aliveTimers;
    private int intervals;
    private int aliveIntervals;

    /**
     * @param ticker   clock for due times
     * @param reporter receives errors raised by timer callbacks
     */
    public TimerQueue(Ticker ticker, ErrorReporter reporter) {
        this.ticker = ticker;
        this.reporter = reporter;
    }

    /**
     * Adds a timeout ({@code periodMs == 0}) or an interval.
     *
     * @param fn       callback
     * @param args     callback arguments
     * @param delayMs  delay in ms (fractional allowed; negative treated as 0)
     * @param periodMs interval period in ms, or 0 for a one-shot timeout
     * @param system   true if the timer must not keep the process alive
     * @param context  execution context the callback runs under
     * @return the new timer's id
     */
    public int add(
            LuaValue fn, Varargs args, double delayMs, double periodMs, boolean system, ExecutionContext context) {
        return add(fn, args, delayMs, periodMs, system, context, null);
    }

    /**
     * As {@link #add(LuaValue, Varargs, double, double, boolean, ExecutionContext)}, remembering
     * where the script created the timer (for the live inspector).
     *
     * @param site an object whose {@code toString} is {@code chunk:line}, computed only when asked; or null
     */
    public int add(
            LuaValue fn,
            Varargs args,
            double delayMs,
            double periodMs,
            boolean system,
            ExecutionContext context,
            Object site) {
        long now = ticker.nanoTime();
        long delay = toNanos(delayMs);
        long period = periodMs > 0 ? Math.max(toNanos(periodMs), 1_000_000L) : 0;
        int id = nextId++;
        if (delay == 0 && period == 0) {
            zeroDelay.add(id, fn, args, now, nextSeq++, system, context, site);
            zeroDelayLive++;
        } else {
            Timer t = new Timer(id, fn, args, now + delay, period, system, context, reporter);
            t.seq = nextSeq++;
            t.site = site;
            heap.add(t);
            byId.put(t.id, t);
        }
        if (!system) {
            aliveTimers++;
        }
        if (period > 0) {
            intervals++;
            if (!system) {
                aliveIntervals++;
            }
        }
        return id;
    }

    /**
     * Takes the next id of the timer counter without adding a timer, so ids handed out by
     * others for callbacks (EPLua's {@code _PY.registerCallback}, whose ids share the counter of
     * {@code setTimeout}) never equal a timer's.
     *
     * @return an id no timer of this run has or will have
     */
    public int reserveId() {
        return nextId++;
    }

    private static long toNanos(double ms) {
        if (!(ms > 0)) {
            return 0;
        }
        return (long) Math.min(ms * 1_000_000d, (double) (Long.MAX_VALUE / 4));
    }

    /** Cancels a timeout or interval; unknown or already-fired ids are ignored. */
    public void cancel(int id) {
        Timer t = byId.remove(id);
        if (t == null) {
            Boolean system = zeroDelay.cancel(id);
            if (system != null) {
                zeroDelayLive--;
                if (!system) {
                    aliveTimers--;
                }
            }
            return;
        }
        t.cancelled = true;
        forget(t);
    }

    private void forget(Timer t) {
        if (!t.system) {
            aliveTimers--;
        }
        if (t.periodNanos > 0) {
            intervals--;
            if (!t.system) {
                aliveIntervals--;
            }
        }
    }

    /**
     * Removes and returns the earliest timer due at or before {@code nowNanos}, or null.
     * An interval is rescheduled before it is returned (fixed rate: next due = previous due +
     * period; ticks missed by more than one period are skipped, not bunched), so clearing it
     * inside its own callback stops it.
     */
    public Timer pollDue(long nowNanos) {
        while (true) {
            dropCancelled();
            Timer h = heap.peek();
            if (!zeroDelay.isEmpty() && (h == null || fifoFirst(h))) {
                if (zeroDelay.headDue() > nowNanos) {
                    return null;
                }
                Timer t = zeroDelay.pollTimer(reporter);
                zeroDelayLive--;
                forget(t);
                return t;
            }
            if (h == null || h.dueNanos > nowNanos) {
                return null;
            }
            heap.poll();
            if (h.cancelled) {
                continue;
            }
            if (h.periodNanos > 0) {
                long next = h.dueNanos + h.periodNanos;
                long realNow = ticker.nanoTime();
                if (next <= realNow) {
                    long behind = realNow - h.dueNanos;
                    next = h.dueNanos + (behind / h.periodNanos + 1) * h.periodNanos;
                }
                h.dueNanos = next;
                h.seq = nextSeq++;
                heap.add(h);
            } else {
                byId.remove(h.id);
                forget(h);
            }
            return h;
        }
    }

    /** Due time (ns) of the earliest pending timer, or {@code Long.MAX_VALUE} when none. */
    public long nextDueNanos() {
        while (true) {
            dropCancelled();
            Timer h = heap.peek();
            if (!zeroDelay.isEmpty() && (h == null || fifoFirst(h))) {
                return zeroDelay.headDue();
            }
            if (h == null) {
                return Long.MAX_VALUE;
            }
            if (!h.cancelled) {
                return h.dueNanos;
            }
            heap.poll();
        }
    }

    /** Drops the cancelled timeouts at the head of the zero-delay FIFO. */
    private void dropCancelled() {
        while (!zeroDelay.isEmpty() && zeroDelay.headCancelled()) {
            zeroDelay.dropHead();
        }
    }

    /** True when the zero-delay FIFO's head (not empty) comes before {@code h} by (due time, creation order). */
    private boolean fifoFirst(Timer h) {
        long due = zeroDelay.headDue();
        return due < h.dueNanos || due == h.dueNanos && zeroDelay.headSeq() < h.seq;
    }

    /**
     * Cancels every pending timeout and interval (a {@code --watch} restart): ids are not reused
     * afterwards. Engine thread.
     *
     * @return how many were cancelled
     */
    public int cancelAll() {
        List<Integer> ids = new ArrayList<>(byId.keySet());
        zeroDelay.addLiveIdsTo(ids);
        ids.forEach(this::cancel);
        return ids.size();
    }

    /**
     * The pending timer with this id, or null. A zero-delay timeout is held without an object
     * until it runs, so for one of those this is a new {@link Timer} describing it (cancel it by id).
     */
    public Timer get(int id) {
        Timer t = byId.get(id);
        return t != null ? t : zeroDelay.find(id, reporter);
    }

    /** Number of pending timers that keep the process alive (not {@code system}). */
    public int aliveCount() {
        return aliveTimers;
    }

    /** Number of pending timeouts that keep the process alive (intervals and {@code system} timers excluded). */
    public int aliveTimeoutCount() {
        return aliveTimers - aliveIntervals;
    }

    /** Number of pending timeouts (intervals excluded). */
    public int timeoutCount() {
        return byId.size() + zeroDelayLive - intervals;
    }

    /** Number of active intervals. */
    public int intervalCount() {
        return intervals;
    }

    /** Snapshot of pending timers in due order (for status reports; zero-delay timeouts as new {@link Timer}s). */
    public List<Timer> snapshot() {
        List<Timer> list = new ArrayList<>(byId.values());
        zeroDelay.addLiveTo(list, reporter);
        list.sort(
                (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
        return list;
    }

    /** The clock this queue reads. */
    public Ticker ticker() {
        return ticker;
    }
}

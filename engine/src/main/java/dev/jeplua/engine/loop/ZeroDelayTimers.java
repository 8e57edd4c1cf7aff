package dev.jeplua.engine.loop;

import dev.jeplua.engine.session.ExecutionContext;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The pending zero-delay timeouts ({@code setTimeout(fn)}, {@code setTimeout(fn, 0)}) in creation
 * order: a growable ring buffer. Creation order is also due order (the clock is monotonic) and id
 * order (ids are handed out increasingly), so the buffer needs no heap and finds a timeout by id
 * with a binary search.
 *
 * <p>A pending timeout is not an object: its parts live in parallel arrays (about 40 bytes a
 * timeout, no per-timeout object), and its {@link Timer} is made only when it is taken to run.
 * A million queued {@code setTimeout(fn, 0)} were a million 72-byte {@code Timer} objects, which
 * the young collections had to copy while they waited; copying them took more time than running
 * the callbacks.
 *
 * <p>Cancelled timeouts stay in place, flagged, until they reach the head (their values are
 * dropped at once). Engine thread only, like the {@link TimerQueue} that owns it.
 */
final class ZeroDelayTimers {
    private static final byte SYSTEM = 1;
    private static final byte CANCELLED = 2;

    private LuaValue[] fns = new LuaValue[16];
    private Varargs[] args = new Varargs[16];
    private ExecutionContext[] contexts = new ExecutionContext[16];
    private Object[] sites = new Object[16];
    private int[] ids = new int[16];
    private long[] dues = new long[16];
    private long[] seqs = new long[16];
    private byte[] flags = new byte[16];
    private int head;
    private int size;

    /** Appends a timeout; its id must be greater than every id already held. */
    void add(
            int id,
            LuaValue fn,
            Varargs a,
            long dueNanos,
            long seq,
            boolean system,
            ExecutionContext context,
            Object site) {
        if (size == ids.length) {
            grow();
        }
        int i = (head + size) & (ids.length - 1);
        fns[i] = fn;
        args[i] = a;
        contexts[i] = context;
        sites[i] = site;
        ids[i] = id;
        dues[i] = dueNanos;
        seqs[i] = seq;
        flags[i] = system ? SYSTEM : 0;
        size++;
    }

    private void grow() {
        int n = ids.length;
        fns = unroll(fns, new LuaValue[n * 2]);
        args = unroll(args, new Varargs[n * 2]);
        contexts = unroll(contexts, new ExecutionContext[n * 2]);
        sites = unroll(sites, new Object[n * 2]);
        int[] i2 = new int[n * 2];
        long[] d2 = new long[n * 2];
        long[] s2 = new long[n * 2];
        byte[] f2 = new byte[n * 2];
        int first = n - head;
        System.arraycopy(ids, head, i2, 0, first);
        System.arraycopy(ids, 0, i2, first, head);
        System.arraycopy(dues, head, d2, 0, first);
        System.arraycopy(dues, 0, d2, first, head);
        System.arraycopy(seqs, head, s2, 0, first);
        System.arraycopy(seqs, 0, s2, first, head);
        System.arraycopy(flags, head, f2, 0, first);
        System.arraycopy(flags, 0, f2, first, head);
        ids = i2;
        dues = d2;
        seqs = s2;
        flags = f2;
        head = 0;
    }

    /** The full ring {@code from} copied to {@code to} with the head at index 0. */
    private <T> T[] unroll(T[] from, T[] to) {
        int first = from.length - head;
        System.arraycopy(from, head, to, 0, first);
        System.arraycopy(from, 0, to, first, head);
        return to;
    }

    /** True when nothing is held (cancelled timeouts count as held). */
    boolean isEmpty() {
        return size == 0;
    }

    /** Due time of the oldest timeout held (cancelled or not); only when not empty. */
    long headDue() {
        return dues[head];
    }

    /** Creation sequence number of the oldest timeout held; only when not empty. */
    long headSeq() {
        return seqs[head];
    }

    /** True when the oldest timeout held is cancelled; only when not empty. */
    boolean headCancelled() {
        return (flags[head] & CANCELLED) != 0;
    }

    /** Drops the oldest timeout held; only when not empty. */
    void dropHead() {
        clear(head);
        head = (head + 1) & (ids.length - 1);
        size--;
    }

    /**
     * Removes the oldest timeout held and returns it as the {@link Timer} that runs it; only when
     * not empty and its head is not cancelled.
     */
    Timer pollTimer(dev.jeplua.engine.coroutine.ErrorReporter reporter) {
        int i = head;
        Timer t = timerAt(i, reporter);
        dropHead();
        return t;
    }

    private Timer timerAt(int i, dev.jeplua.engine.coroutine.ErrorReporter reporter) {
        Timer t = new Timer(ids[i], fns[i], args[i], dues[i], 0, (flags[i] & SYSTEM) != 0, contexts[i], reporter);
        t.seq = seqs[i];
        t.site = sites[i];
        return t;
    }

    private void clear(int i) {
        fns[i] = null;
        args[i] = null;
        contexts[i] = null;
        sites[i] = null;
    }

    /** Index in the ring of the live (not cancelled) timeout with this id, or -1: a binary search. */
    private int indexOf(int id) {
        int lo = 0;
        int hi = size - 1;
        int mask = ids.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int i = (head + mid) & mask;
            int v = ids[i];
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return (flags[i] & CANCELLED) != 0 ? -1 : i;
            }
        }
        return -1;
    }

    /**
     * Cancels the pending timeout with this id.
     *
     * @return null when no live timeout has it, else whether it was a {@code system} timeout
     */
    Boolean cancel(int id) {
        int i = indexOf(id);
        if (i < 0) {
            return null;
        }
        flags[i] |= CANCELLED;
        clear(i);
        return (flags[i] & SYSTEM) != 0;
    }

    /** The live timeout with this id as a (new) {@link Timer}, or null. */
    Timer find(int id, dev.jeplua.engine.coroutine.ErrorReporter reporter) {
        int i = indexOf(id);
        return i < 0 ? null : timerAt(i, reporter);
    }

    /** Adds the live timeouts held, as (new) {@link Timer}s, to {@code out}, oldest first. */
    void addLiveTo(java.util.List<Timer> out, dev.jeplua.engine.coroutine.ErrorReporter reporter) {
        int mask = ids.length - 1;
        for (int k = 0; k < size; k++) {
            int i = (head + k) & mask;
            if ((flags[i] & CANCELLED) == 0) {
                out.add(timerAt(i, reporter));
            }
        }
    }

    /** The ids of the live timeouts held, oldest first, added to {@code out}. */
    void addLiveIdsTo(java.util.List<Integer> out) {
        int mask = ids.length - 1;
        for (int k = 0; k < size; k++) {
            int i = (head + k) & mask;
            if ((flags[i] & CANCELLED) == 0) {
                out.add(ids[i]);
            }
        }
    }
}

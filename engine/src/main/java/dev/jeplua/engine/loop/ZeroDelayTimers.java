package dev.jeplua.engine.loop;

import java.util.List;

/**
 * The pending zero-delay timeouts ({@code setTimeout(fn)}, {@code setTimeout(fn, 0)}) in creation
 * order: a growable ring buffer. Creation order is also due order (the clock is monotonic) and id
 * order (ids are handed out increasingly), so the buffer needs no heap and finds a timer by id with
 * a binary search: such a timer costs one array slot, no map entry (a million queued
 * {@code setTimeout(fn, 0)} were dominated by a {@code HashMap} entry and boxed key each).
 *
 * <p>Cancelled timers stay in place, flagged, until they reach the head. Engine thread only, like
 * the {@link TimerQueue} that owns it.
 */
final class ZeroDelayTimers {
    private Timer[] ring = new Timer[16];
    private int head;
    private int size;

    /** Appends a timer; its id must be greater than every id already held. */
    void add(Timer t) {
        if (size == ring.length) {
            Timer[] bigger = new Timer[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = t;
        size++;
    }

    /** The oldest timer (cancelled or not), or null when empty. */
    Timer peek() {
        return size == 0 ? null : ring[head];
    }

    /** Removes and returns the oldest timer, or null when empty. */
    Timer poll() {
        if (size == 0) {
            return null;
        }
        Timer t = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return t;
    }

    /** The held timer with this id (cancelled or not), or null: a binary search over the ids. */
    Timer find(int id) {
        int lo = 0;
        int hi = size - 1;
        int mask = ring.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Timer t = ring[(head + mid) & mask];
            if (t.id < id) {
                lo = mid + 1;
            } else if (t.id > id) {
                hi = mid - 1;
            } else {
                return t;
            }
        }
        return null;
    }

    /** Adds the timers held that are not cancelled to {@code out}, oldest first. */
    void addLiveTo(List<Timer> out) {
        int mask = ring.length - 1;
        for (int i = 0; i < size; i++) {
            Timer t = ring[(head + i) & mask];
            if (!t.cancelled) {
                out.add(t);
            }
        }
    }
}

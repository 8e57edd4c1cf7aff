package dev.jeplua.engine.coroutine;

import java.util.concurrent.locks.LockSupport;

/**
 * A thread of control that Lua coroutines run on, with a one-slot mailbox for hand-offs.
 *
 * <p>Only one fiber of an engine runs at a time: a fiber hands control to another by
 * {@linkplain #deliver delivering} a message and then {@linkplain #await parking} until a
 * message arrives for it. Fibers are virtual threads (cheap to create, ~1 µs per hand-off
 * with the virtual-thread scheduler at parallelism 1); the driver fiber wraps whatever thread
 * runs the event loop. Hand-off uses park/unpark only, never {@code synchronized}, so virtual
 * threads are never pinned.
 */
final class Fiber {
    /** Message kinds exchanged between fibers. */
    enum Kind {
        RESUME,
        /** {@code coroutine.close} of a suspended coroutine: its pending yield unwinds. */
        CLOSE,
        YIELDED,
        RETURNED,
        FAILED,
        RUN_BATCH,
        IDLE
    }

    /** One hand-off message; {@code values} are Lua values or an error payload. */
    record Message(Kind kind, Object payload) {}

    private volatile Message inbox;
    volatile Thread thread;
    /** True for fibers that run batches of callbacks (see {@link CoroutineScheduler}). */
    final boolean runner;
    /** Set when a callback running on this runner fiber yielded: the fiber now belongs to it. */
    boolean detached;
    /** Debug call stack handed from one finished callback to the next on a runner fiber. */
    Object spareCallstack;

    Fiber(Thread thread, boolean runner) {
        this.thread = thread;
        this.runner = runner;
    }

    /** Puts a message into this fiber's mailbox and wakes it. Any thread. */
    void deliver(Message m) {
        inbox = m;
        LockSupport.unpark(thread);
    }

    /** Parks the calling thread (which must be this fiber's) until a message arrives. */
    Message await() {
        Message m;
        while ((m = inbox) == null) {
            LockSupport.park(this);
        }
        inbox = null;
        return m;
    }
}

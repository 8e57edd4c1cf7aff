package dev.jeplua.engine.loop;

import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import dev.jeplua.engine.coroutine.ErrorReporter;
import dev.jeplua.engine.session.ExecutionContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's event loop: a bounded submission queue fed by any thread, immediates, and a
 * {@link TimerQueue}, run in <em>batches</em>.
 *
 * <p>A batch: take the submissions present at its start, then run — each inside a coroutine,
 * through the {@link CoroutineScheduler} — immediates first (an immediate queued by a
 * callback runs right after that callback), then submissions, then every timer due at the
 * batch's start time; then run the end-of-batch hooks (output flush, store commit, GUI
 * bindings). Between batches the loop waits until the next due time or a submission.
 *
 * <p>{@link #submit} is any thread; everything else is engine thread only.
 */
public final class EventLoop {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final TimerQueue timers;
    private final ErrorReporter reporter;
    private final Ticker ticker;
    private final LinkedBlockingQueue<CallbackTask> submissions;
    private final ArrayDeque<CallbackTask> ready = new ArrayDeque<>();
    private final ArrayDeque<CallbackTask> immediates = new ArrayDeque<>();
    private final ArrayDeque<CallbackTask> laterImmediates = new ArrayDeque<>();
    private final java.util.HashMap<Integer, Immediate> immediateIds = new java.util.HashMap<>();
    private final List<Runnable> batchHooks = new CopyOnWriteArrayList<>();
    private final AtomicInteger keepAlive = new AtomicInteger();
    private CoroutineScheduler scheduler;
    private volatile Thread loopThread;
    private volatile boolean waiting;
    private volatile boolean stopRequested;
    /** {@link System#nanoTime()} when the running batch started, or 0 between batches. */
    private volatile long batchStartedNanos;

    private long batchNow;
    private boolean runningImmediate;
    private long batches;
    /** Callbacks handed to the scheduler so far (one writer, the engine thread). */
    private volatile long tasksRun;

    private int nextImmediateId = 1;
    private boolean aloneMode;
    private CallbackTask alone;

    /**
     * @param timers        the timer queue (its ticker is the loop's clock)
     * @param queueCapacity maximum number of pending submissions; {@link #submit} fails beyond it
     * @param reporter      receives errors raised by immediates
     */
    public EventLoop(TimerQueue timers, int queueCapacity, ErrorReporter reporter) {
        this.timers = timers;
        this.reporter = reporter;
        this.ticker = timers.ticker();
        this.submissions = new LinkedBlockingQueue<>(queueCapacity);
    }

    /** Connects the scheduler that runs callbacks (set once, before the first batch). */
    public void setScheduler(CoroutineScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The timer queue. */
    public TimerQueue timers() {
        return timers;
    }

    /**
     * Queues a task to run on the engine thread in the next batch. Any thread.
     *
     * @throws RejectedExecutionException when the queue is full (fail fast, never block)
     */
    public void submit(CallbackTask task) {
        if (!submissions.offer(task)) {
            throw new RejectedExecutionException("engine queue full (" + submissions.size() + " pending)");
        }
        wake();
    }

    /** Wakes the loop if it is waiting. Any thread. */
    public void wake() {
        if (waiting) {
            Thread t = loopThread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Queues an immediate: it runs after the current callback, before timers.
     *
     * @return immediate id for {@link #clearImmediate}
     */
    public int setImmediate(LuaValue fn, Varargs args, ExecutionContext context) {
        Immediate task = new Immediate(nextImmediateId++, fn, args, context);
        int id = task.id;
        immediateIds.put(id, task);
        (runningImmediate ? laterImmediates : immediates).add(task);
        return id;
    }

    /** Cancels an immediate that has not run yet; unknown ids are ignored. */
    public void clearImmediate(int id) {
        CallbackTask t = immediateIds.remove(id);
        if (t != null) {
            immediates.remove(t);
            laterImmediates.remove(t);
        }
    }

    /**
     * Cancels every immediate that has not run yet (a {@code --watch} restart). Engine thread.
     *
     * @return how many were cancelled
     */
    public int clearImmediates() {
        int n = immediateIds.size();
        immediateIds.clear();
        immediates.clear();
        laterImmediates.clear();
        return n;
    }

    private final class Immediate extends CallbackTask {
        final int id;

        Immediate(int id, LuaValue fn, Varargs args, ExecutionContext context) {
            super(fn, args, "immediate", context);
            this.id = id;
        }

        @Override
        protected void done(Varargs results, LuaValue error, String traceback) {
            if (error != null) {
                reporter.report("immediate", error, traceback);
            }
        }
    }

    /** Adds a hook run on the engine thread at the end of every batch. Any thread. */
    public void addBatchHook(Runnable hook) {
        batchHooks.add(hook);
    }

    /** Removes a batch hook. Any thread. */
    public void removeBatchHook(Runnable hook) {
        batchHooks.remove(hook);
    }

    /**
     * A handle that keeps the process alive (pending network operation, open server, window).
     * Any thread.
     */
    public KeepAlive keepAlive() {
        keepAlive.incrementAndGet();
        return new KeepAlive();
    }

    /** Releasable keep-alive reference; {@link #release} is idempotent. */
    public final class KeepAlive {
        private boolean released;

        /**
         * Stops keeping the process alive. Any thread; idempotent. Wakes the waiting loop only
         * when this was the last handle (only then can the loop have become idle for exit), so
         * an I/O thread releasing a handle costs the engine no wake-up.
         */
        public synchronized void release() {
            if (!released) {
                released = true;
                if (keepAlive.decrementAndGet() == 0) {
                    wake();
                }
            }
        }
    }

    /** Supplies the next task of the current batch (called by the runner fiber). */
    public CallbackTask nextTask() {
        CallbackTask next = takeNext();
        if (next != null) {
            tasksRun++;
        }
        return next;
    }

    private CallbackTask takeNext() {
        if (aloneMode) {
            CallbackTask only = alone;
            alone = null;
            return only;
        }
        CallbackTask t = immediates.poll();
        if (t != null) {
            immediateIds.remove(((Immediate) t).id);
            runningImmediate = true;
            return t;
        }
        runningImmediate = false;
        t = ready.poll();
        if (t != null) {
            return t;
        }
        return timers.pollDue(batchNow);
    }

    /** Runs one batch. Engine thread only. */
    public void runBatch() {
        batches++;
        submissions.drainTo(ready);
        if (!laterImmediates.isEmpty()) {
            immediates.addAll(laterImmediates);
            laterImmediates.clear();
        }
        batchNow = ticker.nanoTime();
        long started = System.nanoTime();
        batchStartedNanos = started == 0 ? 1 : started;
        try {
            scheduler.runBatch();
        } finally {
            batchStartedNanos = 0;
        }
        runningImmediate = false;
        for (Runnable hook : batchHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.error("end-of-batch hook failed", e);
            }
        }
    }

    /**
     * Runs {@code task} in a batch of its own, leaving queued work, immediates and due timers
     * where they are (used when the engine closes). If the task yields it is not resumed.
     * Engine thread only.
     */
    public void runAlone(CallbackTask task) {
        aloneMode = true;
        alone = task;
        try {
            scheduler.runBatch();
        } finally {
            aloneMode = false;
            alone = null;
        }
    }

    /** True when something can run right now without waiting. */
    public boolean hasReadyWork() {
        return !immediates.isEmpty()
                || !laterImmediates.isEmpty()
                || !ready.isEmpty()
                || !submissions.isEmpty()
                || timers.nextDueNanos() <= ticker.nanoTime();
    }

    /** True when nothing keeps the process alive: no work, no live timers, no keep-alive handles. */
    public boolean isIdleForExit() {
        return !hasReadyWork() && timers.aliveCount() == 0 && keepAlive.get() == 0;
    }

    /**
     * Waits (real time only) until the next timer is due, a submission arrives, {@link #wake}
     * is called, or {@code maxWaitNanos} passes. Engine thread only.
     */
    public void awaitWork(long maxWaitNanos) {
        loopThread = Thread.currentThread();
        if (!ticker.isRealTime()) {
            return;
        }
        waiting = true;
        try {
            if (hasReadyWork() || stopRequested) {
                return;
            }
            long next = timers.nextDueNanos();
            long wait = next == Long.MAX_VALUE ? maxWaitNanos : Math.min(maxWaitNanos, next - ticker.nanoTime());
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            waiting = false;
        }
    }

    /** Asks {@link #awaitWork} callers to return; the engine checks {@link #isStopRequested}. Any thread. */
    public void requestStop() {
        stopRequested = true;
        Thread t = loopThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** True after {@link #requestStop}. Any thread. */
    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Number of pending submissions (for status). Any thread. */
    public int queueDepth() {
        return submissions.size();
    }

    /**
     * Submissions and tasks of the running batch still waiting to run: what a long-running task
     * keeps waiting. Any thread (the batch's part is read without a lock: a hint, not a count to act on).
     */
    public int waitingTasks() {
        return submissions.size() + ready.size();
    }

    /** Number of live keep-alive handles. Any thread. */
    public int keepAliveCount() {
        return keepAlive.get();
    }

    /** Number of immediates waiting (engine thread). */
    public int pendingImmediates() {
        return immediates.size() + laterImmediates.size();
    }

    /**
     * How long the running batch has been running (real time, ns), or 0 between batches: a
     * batch that runs for seconds while submissions wait means the engine cannot take work. Any thread.
     */
    public long busyNanos() {
        long started = batchStartedNanos;
        return started == 0 ? 0 : Math.max(1, System.nanoTime() - started);
    }

    /** Callbacks (timers, immediates, submissions) handed to the scheduler so far: the callback rate's counter. Any thread. */
    public long tasksRun() {
        return tasksRun;
    }

    /** Batches run so far. */
    public long batchCount() {
        return batches;
    }

    /** The loop's clock. */
    public Ticker ticker() {
        return ticker;
    }
}

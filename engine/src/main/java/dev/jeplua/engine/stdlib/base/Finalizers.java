package dev.jeplua.engine.stdlib.base;

import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.errors.LuaFrames;
import dev.jeplua.engine.session.ExecutionContext;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.luaj.vm2.FinalizerMark;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code __gc} metamethods for tables, as in Lua 5.2 (manual §2.5.1):
 * <ul>
 * <li>{@code setmetatable(t, mt)} marks {@code t} for finalization when {@code mt} has a
 *     {@code __gc} field at that moment (a field added later does not mark it);</li>
 * <li>when the JVM's collector finds a marked table unreachable (see {@link FinalizerMark}),
 *     its {@code __gc} function is called with the table on the engine thread, in a batch of
 *     its own; the table may be resurrected and is not finalized again unless marked again;</li>
 * <li>{@code collectgarbage()} / {@code collectgarbage("collect")} runs a full collection and
 *     then the finalizers of everything it found, before returning (as the reference does);
 *     an error there is raised as {@code error in __gc metamethod (msg)}, like 5.2;</li>
 * <li>when the engine closes (end of script, error exit, {@code os.exit(n, true)}) the
 *     finalizers of every marked table still alive run, newest first, like {@code lua_close};
 *     plain {@code os.exit(n)} skips them, as in the reference.</li>
 * </ul>
 * Finalizers that run outside {@code collectgarbage} report errors on stderr as
 * {@code jeplua: warning: error in __gc metamethod (msg)} (Lua 5.4's warning) and go on.
 *
 * <p>Timing: the JVM collects when it needs memory, so without {@code collectgarbage()} a
 * finalizer runs at some later time, as with Lua's incremental collector. Engine thread unless
 * noted.
 */
public final class Finalizers implements FinalizerMark.Listener {
    private static final LuaValue GC = LuaValue.valueOf("__gc");
    private static final Comparator<FinalizerMark> NEWEST_FIRST =
            Comparator.comparingLong(FinalizerMark::order).reversed();

    private final Globals globals;
    private final Consumer<CallbackTask> submit;
    private final PrintStream stderr;
    /**
     * Marks of tables possibly alive, a doubly linked list of weak handles (weak so they do not
     * keep tables alive; each mark knows its handle, so dropping one is O(1)). A list rather than
     * a map by marking order: no boxed key and map node per marked table, and a young collection
     * finalizes a table that died young (with the map, the JVM's young collections kept marked
     * tables alive until a full collection).
     */
    private Tracked newest;

    private int liveCount;
    /** Marks handed over by the finalizer thread. */
    private final ConcurrentLinkedQueue<FinalizerMark> pending = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private volatile boolean closed;
    private long nextOrder;

    /**
     * @param globals the engine's globals (for the running coroutine's call stack)
     * @param submit queues a task on the event loop (any thread; may throw
     *               {@link RejectedExecutionException} once the engine stopped)
     * @param stderr where errors of finalizers are reported
     */
    public Finalizers(Globals globals, Consumer<CallbackTask> submit, PrintStream stderr) {
        this.globals = globals;
        this.submit = submit;
        this.stderr = stderr;
    }

    /**
     * Updates {@code table}'s mark after its metatable was set to {@code metatable}: marks it when
     * the metatable has {@code __gc}, keeps an existing mark when it has another metatable, and
     * drops the mark when the metatable was removed.
     *
     * @param previous the table's mark before its metatable was replaced, or null
     */
    public void afterSetMetatable(LuaTable table, LuaValue metatable, FinalizerMark previous) {
        if (metatable.isnil()) {
            if (previous != null) {
                forget(previous);
            }
            return;
        }
        boolean keep = previous != null && !previous.isSpent();
        if (!keep && metatable.rawget(GC).isnil()) {
            return;
        }
        long order = keep ? previous.order() : nextOrder++;
        if (keep) {
            // LuaJ's setmetatable has already replaced the old mark in the table's metatable slot,
            // so FinalizerMark.mark cannot see it: spend it here, or both marks would finalize
            previous.cancel();
            untrack(previous);
        }
        track(FinalizerMark.mark(table, order, this));
    }

    private void forget(FinalizerMark mark) {
        mark.cancel();
        untrack(mark);
    }

    private void track(FinalizerMark mark) {
        Tracked t = new Tracked(mark);
        mark.handle(t);
        t.older = newest;
        if (newest != null) {
            newest.newer = t;
        }
        newest = t;
        liveCount++;
    }

    private void untrack(FinalizerMark mark) {
        if (!(mark.handle() instanceof Tracked t) || !t.linked) {
            return;
        }
        t.linked = false;
        if (t.older != null) {
            t.older.newer = t.newer;
        }
        if (t.newer != null) {
            t.newer.older = t.older;
        } else {
            newest = t.older;
        }
        t.older = t.newer = null;
        liveCount--;
    }

    /** A weak handle on a mark, linked in {@link #newest}'s list. Engine thread. */
    private static final class Tracked extends WeakReference<FinalizerMark> {
        final long order;
        Tracked older;
        Tracked newer;
        boolean linked = true;

        Tracked(FinalizerMark mark) {
            super(mark);
            this.order = mark.order();
        }
    }

    /** Number of marked tables not finalized yet (alive or waiting for their finalizer). */
    public int markedCount() {
        return liveCount;
    }

    @Override
    public void unreachable(FinalizerMark mark) { // JVM finalizer thread
        if (closed) {
            return;
        }
        pending.add(mark);
        if (drainQueued.compareAndSet(false, true)) {
            try {
                submit.accept(new CallbackTask(
                        new VarArgFunction() {
                            @Override
                            public Varargs invoke(Varargs args) {
                                drainQueued.set(false);
                                runPending(false);
                                return NONE;
                            }
                        },
                        LuaValue.NONE,
                        "__gc",
                        ExecutionContext.NONE));
            } catch (RejectedExecutionException e) {
                drainQueued.set(false); // the engine stops; close() runs what is left
            }
        }
    }

    /**
     * Full collection for {@code collectgarbage("collect")}: asks the JVM for a collection, waits
     * for its finalization, then runs the {@code __gc} functions of the tables found, newest
     * first. Must run inside a coroutine on the engine thread.
     *
     * @throws LuaError {@code error in __gc metamethod (msg)} when one of them raises (the others
     *                  stay pending for the next collection)
     */
    @SuppressWarnings({"removal", "deprecation"})
    public void collect() {
        if (newest == null) {
            System.gc();
        } else {
            clearDeadRegisters();
            System.gc();
            awaitFinalization();
        }
        runPending(true);
    }

    /**
     * After a full collection: waits (at most 2 s, or 250 ms when none arrives at all, as with
     * {@code --finalization=disabled}) until every mark the collection found unreachable has
     * come through the JVM's finalizer thread. Which ones those are is known at
     * once, since the collector clears their weak references itself; the finalizer thread
     * receives them a little later.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private void awaitFinalization() {
        Set<Long> expected = new HashSet<>();
        for (Tracked t = newest; t != null; t = t.older) {
            if (t.get() == null) {
                expected.add(t.order);
            }
        }
        int count = expected.size();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        long firstArrival = start + TimeUnit.MILLISECONDS.toNanos(250); // none at all: finalization is off
        while (!expected.isEmpty()
                && System.nanoTime() < deadline
                && (expected.size() < count || System.nanoTime() < firstArrival)) {
            System.runFinalization();
            for (FinalizerMark m : pending) {
                expected.remove(m.order());
            }
            if (!expected.isEmpty()) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /**
     * LuaJ's interpreter leaves old temporaries in a function's registers; the reference's
     * collector does not see registers above the one a call is made from. Every Lua frame of the
     * running coroutine that is inside a call with a fixed number of arguments gets the registers
     * above that call's arguments set to nil, so that a table created by an earlier statement
     * is not kept alive by a stale temporary. (The compiler never reads such a register before
     * writing it.)
     */
    private void clearDeadRegisters() {
        for (LuaFrames.Frame f : LuaFrames.all(globals)) {
            int[] code = f.closure().p.code;
            if (f.pc() < 0 || f.pc() >= code.length) {
                continue;
            }
            int i = code[f.pc()];
            int b = Lua.GETARG_B(i);
            if (Lua.GET_OPCODE(i) == Lua.OP_CALL && b > 0) {
                LuaValue[] stack = f.stack();
                int from = Math.min(Lua.GETARG_A(i) + b, stack.length);
                Arrays.fill(stack, from, stack.length, LuaValue.NIL);
            }
        }
    }

    private void runPending(boolean raise) {
        List<FinalizerMark> batch = new ArrayList<>();
        FinalizerMark m;
        while ((m = pending.poll()) != null) {
            batch.add(m);
        }
        batch.sort(NEWEST_FIRST);
        for (int i = 0; i < batch.size(); i++) {
            FinalizerMark mark = batch.get(i);
            untrack(mark);
            if (!mark.claim()) {
                continue;
            }
            try {
                callGc(mark.object());
            } catch (LuaError e) {
                if (raise) {
                    pending.addAll(batch.subList(i + 1, batch.size()));
                    throw new LuaError("error in __gc metamethod (" + e.getMessage() + ")");
                }
                warn(e);
            }
        }
    }

    /**
     * Runs the finalizers of every marked table still alive or pending, newest first, like
     * {@code lua_close}; later marks are ignored. Errors are reported and skipped. Must run
     * inside a coroutine on the engine thread.
     */
    @SuppressWarnings({"removal", "deprecation"})
    public void close() {
        if (closed) {
            return;
        }
        if (newest != null) {
            System.runFinalization();
        }
        for (int round = 0; round < 100 && (newest != null || !pending.isEmpty()); round++) {
            for (Tracked t = newest; t != null; t = t.older) {
                FinalizerMark mark = t.get();
                if (mark != null) {
                    pending.add(mark);
                }
            }
            clearTracked();
            runPending(false);
        }
        closed = true;
        clearTracked();
    }

    private void clearTracked() {
        for (Tracked t = newest; t != null; ) {
            Tracked older = t.older;
            t.linked = false;
            t.older = t.newer = null;
            t = older;
        }
        newest = null;
        liveCount = 0;
    }

    /** Skips the close-time finalizers ({@code os.exit} without {@code close}). Any thread. */
    public void skipClose() {
        closed = true;
    }

    private static void callGc(LuaTable object) {
        LuaValue mt = object.getmetatable();
        LuaValue gc = mt == null ? LuaValue.NIL : mt.rawget(GC);
        if (gc.isfunction()) {
            gc.call(object);
        }
    }

    private void warn(LuaError e) {
        stderr.println("jeplua: warning: error in __gc metamethod (" + e.getMessage() + ")");
        stderr.flush();
    }
}

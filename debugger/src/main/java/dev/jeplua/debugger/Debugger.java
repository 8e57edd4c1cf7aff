package dev.jeplua.debugger;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.debug.DebugHook;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.lib.CallStackHooks;

/**
 * The engine side of the debugger: decides at each new line whether to stop (pause, a step, a
 * breakpoint, stop on entry) and at each raised error (exception breakpoints), and while stopped
 * holds the engine thread in a request loop that runs what the DAP thread asks (stack, variables,
 * evaluate) until it is told to go on.
 *
 * <p>Threads: {@link #onInstruction} and the loop run on the engine thread (the one fiber running
 * Lua); everything else may be called from the DAP thread. While stopped nothing else of the engine
 * runs: timers and network callbacks wait in the event loop's queue.
 */
final class Debugger implements DebugHook {
    /** Receives what the client must be told. Called on the engine thread. */
    interface Events {
        /** The engine stopped on coroutine {@code threadId}: {@code reason} is a DAP stop reason. */
        void stopped(String reason, int threadId, String description, String text);

        /** A log point's line of text. */
        void output(String text);
    }

    /** How to step: into calls, over them, or out of the current function. */
    enum StepKind {
        IN,
        OVER,
        OUT
    }

    /**
     * A step under way: on coroutine {@code thread}, from a frame at call depth {@code depth}; a
     * step from the idle event loop ({@code thread} null) stops at the next Lua line that runs.
     */
    private record Step(StepKind kind, LuaThread thread, int depth) {
        boolean reached(LuaThread t, int d) {
            if (kind == StepKind.IN || thread == null) {
                return true;
            }
            if (t != thread) {
                return thread.state.status == LuaThread.STATUS_DEAD; // it ended: stop wherever Lua runs next
            }
            return kind == StepKind.OVER ? d <= depth : d < depth;
        }
    }

    /**
     * Where and why the engine is stopped: on coroutine {@code thread} with {@code depth} frames, or
     * on the idle event loop ({@code thread} null, {@code threadId} {@link ThreadRegistry#EVENT_LOOP_ID}).
     */
    record Stop(LuaThread thread, int threadId, int depth, String reason, String message) {
        /** True for a pause that stopped the event loop while no Lua code ran. */
        boolean idle() {
            return thread == null;
        }
    }

    private static final Runnable RESUME = () -> {};
    /** How often a stopped engine checks whether the process is shutting down (ms). */
    private static final long SHUTDOWN_CHECK_MS = 200;

    private final LuaEngine engine;
    private final SourcePaths paths;
    private final Breakpoints breakpoints = new Breakpoints();
    private final ThreadRegistry threads = new ThreadRegistry();
    private final LineTracker lines = new LineTracker();
    private final Evaluator evaluator;
    private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private volatile Events events;
    private volatile boolean pauseRequested;
    private volatile boolean stopOnEntry;
    private volatile Step step;
    private volatile boolean breakOnUncaught;
    private volatile boolean breakOnAll;
    private volatile Stop stopped;
    /** Engine thread: true while the debugger itself runs (stopped, or evaluating); the hook ignores Lua run then. */
    private boolean busy;

    Debugger(LuaEngine engine, Path base) {
        this.engine = engine;
        this.paths = new SourcePaths(base);
        this.evaluator = new Evaluator(engine.globals());
    }

    SourcePaths paths() {
        return paths;
    }

    Breakpoints breakpoints() {
        return breakpoints;
    }

    ThreadRegistry threads() {
        return threads;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    /**
     * Starts receiving the engine's instructions and errors, and lists the coroutines suspended
     * before the client attached (on the engine thread, once it gets to it). Any thread.
     */
    void attach(Events events) {
        this.events = events;
        if (engine.debugLib().hook() != this) {
            engine.debugLib().attach(this);
        }
        engine.scheduler().setErrorObserver(this::onError);
        refreshThreads();
    }

    /**
     * Rebuilds the thread list on the engine thread (in the stop loop, or as a task of its own),
     * with every coroutine suspended now. Completes with the list. Any thread.
     */
    CompletableFuture<List<ThreadRegistry.Entry>> refreshThreads() {
        return onEngine(() -> threads.refresh(engine.scheduler().suspended()));
    }

    /** Sets who is told of stops (the connected client), or null. Any thread. */
    void events(Events e) {
        this.events = e;
    }

    /** Forgets breakpoints, steps and filters, stops receiving instructions and lets the engine run on. Any thread. */
    void detach() {
        events = null;
        breakpoints.clear();
        step = null;
        pauseRequested = false;
        stopOnEntry = false;
        breakOnAll = false;
        breakOnUncaught = false;
        engine.scheduler().setErrorObserver(null);
        engine.debugLib().detach(this);
        resume(null);
    }

    /** Stops before the next Lua line that runs ({@code --debug-wait}). Any thread. */
    void stopOnEntry() {
        stopOnEntry = true;
    }

    /**
     * Stops at the next new line of whatever Lua code runs; when none runs (the engine waits for
     * timers or network events), stops the event loop itself as soon as it gets to the request,
     * with no Lua frame on the stack. Any thread.
     */
    void pause() {
        if (stopped != null) {
            return; // stopped already: nothing to interrupt
        }
        pauseRequested = true;
        engine.ask("debugger pause", () -> {
            if (pauseRequested && stopped == null) {
                // no Lua line ran since the request: the engine was idle (or runs Java code only)
                suspend(new Stop(null, ThreadRegistry.EVENT_LOOP_ID, 0, "pause", null));
            }
            return null;
        });
    }

    /** Sets the exception breakpoints: errors nobody catches, and every error raised. Any thread. */
    void exceptionFilters(boolean uncaught, boolean all) {
        breakOnUncaught = uncaught;
        breakOnAll = all;
    }

    /** The current stop, or null while running. Any thread. */
    Stop stopped() {
        return stopped;
    }

    /** Lets the stopped engine run on, stepping {@code kind} when not null. Any thread. */
    void resume(StepKind kind) {
        Stop s = stopped;
        if (s == null) {
            return;
        }
        step = kind == null ? null : new Step(kind, s.thread(), s.depth());
        commands.add(RESUME);
    }

    /**
     * Runs {@code work} on the stopped engine thread and completes with its result; fails with
     * {@link IllegalStateException} when the engine is not stopped. Any thread.
     */
    <T> CompletableFuture<T> onStopped(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (stopped == null) {
            f.completeExceptionally(new IllegalStateException("not stopped"));
            return f;
        }
        commands.add(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException | StackOverflowError e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Runs {@code work} as a debugger action on the engine thread (in the stop loop, or as a task of its own). */
    <T> CompletableFuture<T> onEngine(Supplier<T> work) {
        if (stopped != null) {
            return onStopped(work);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.ask("debugger", () -> {
                    busy = true;
                    try {
                        f.complete(work.get());
                    } catch (RuntimeException | StackOverflowError e) {
                        f.completeExceptionally(e);
                    } finally {
                        busy = false;
                    }
                    return null;
                })
                .whenComplete((v, e) -> {
                    if (e != null) {
                        f.completeExceptionally(e);
                    }
                });
        return f;
    }

    @Override
    public void onInstruction(LuaThread t, int pc) {
        if (busy) {
            return;
        }
        int depth = CallStackHooks.depth(t);
        if (depth == 0) {
            return;
        }
        LuaFunction f = CallStackHooks.function(t, depth - 1);
        if (!(f instanceof LuaClosure c)) {
            return;
        }
        int line = LuaFrame.lineOf(c.p, pc);
        if (!lines.step(t, depth, f, pc, line)) {
            return;
        }
        int id = threads.idOf(t);
        if (stopOnEntry) {
            stopOnEntry = false;
            suspend(new Stop(t, id, depth, "entry", null));
            return;
        }
        if (pauseRequested) {
            suspend(new Stop(t, id, depth, "pause", null));
            return;
        }
        Step s = step;
        if (s != null && s.reached(t, depth)) {
            suspend(new Stop(t, id, depth, "step", null));
            return;
        }
        if (breakpoints.isEmpty()) {
            return;
        }
        Breakpoints.Line bp = breakpoints.at(paths.ofChunk(c.p.source), line);
        if (bp != null && hits(bp, new LuaFrame(t, depth - 1))) {
            suspend(new Stop(t, id, depth, "breakpoint", null));
        }
    }

    /** Whether the breakpoint stops here (its condition holds, and it is not a log point, whose text is sent instead). */
    private boolean hits(Breakpoints.Line bp, LuaFrame frame) {
        busy = true;
        try {
            if (bp.condition() != null && !evaluator.holds(bp.condition(), frame)) {
                return false;
            }
            if (bp.logMessage() != null) {
                Events e = events;
                if (e != null) {
                    e.output(evaluator.interpolate(bp.logMessage(), frame) + "\n");
                }
                return false;
            }
            return true;
        } finally {
            busy = false;
        }
    }

    /** Error observer: stops where an error is raised when an exception breakpoint asks for it. */
    private void onError(Coroutine co, String message) {
        if (busy || !(breakOnAll || breakOnUncaught && !caught(co))) {
            return;
        }
        int depth = CallStackHooks.depth(co);
        suspend(new Stop(co, threads.idOf(co), depth, "exception", message));
    }

    /** True when a {@code pcall} or {@code xpcall} of the coroutine will catch an error raised now. */
    private static boolean caught(LuaThread t) {
        for (int k = CallStackHooks.depth(t) - 1; k >= 0; k--) {
            LuaFunction f = CallStackHooks.function(t, k);
            if (f != null && !(f instanceof LuaClosure)) {
                String n = f.name();
                if ("pcall".equals(n) || "xpcall".equals(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The stop loop: tells the client, then runs its requests until told to resume. Engine thread. */
    private void suspend(Stop s) {
        busy = true;
        pauseRequested = false;
        step = null;
        commands.clear();
        stopped = s;
        threads.refresh(engine.scheduler().suspended());
        try {
            Events e = events;
            if (e != null) {
                e.stopped(s.reason(), s.threadId(), s.message() == null ? null : "error", s.message());
            }
            while (true) {
                Runnable r;
                try {
                    r = commands.poll(SHUTDOWN_CHECK_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (r == RESUME || r == null && engine.debugLib().interruptingAll()) {
                    break; // continued, or the process is shutting down (Ctrl-C): the code is interrupted next
                }
                if (r == null) {
                    continue;
                }
                try {
                    r.run();
                } catch (LuaError | StackOverflowError err) {
                    // reported through the request's future; the loop goes on
                }
            }
        } finally {
            stopped = null;
            busy = false;
        }
    }

    /** The frames of coroutine {@code t}, innermost first (for the stopped coroutine, those below the debugger's own). Engine thread. */
    List<LuaFrame> frames(LuaThread t) {
        if (t == null) {
            return List.of();
        }
        Stop s = stopped;
        int top = s != null && s.thread() == t ? s.depth() : CallStackHooks.depth(t);
        List<LuaFrame> out = new java.util.ArrayList<>();
        for (int k = top - 1; k >= 0; k--) {
            out.add(new LuaFrame(t, k));
        }
        return out;
    }
}

package dev.jeplua.engine.coroutine;

import dev.jeplua.engine.coroutine.Fiber.Kind;
import dev.jeplua.engine.coroutine.Fiber.Message;
import dev.jeplua.engine.errors.ErrorMessages;
import dev.jeplua.engine.errors.Tracebacks;
import dev.jeplua.engine.luaj.ToBeClosed;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CallDepthLimit;
import org.luaj.vm2.lib.OneArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs callbacks and Lua coroutines on fibers, so that every callback runs inside a coroutine
 * while a callback that never yields costs no thread switch.
 *
 * <p>Design: the event loop (the <em>driver</em>) hands a batch to a <em>runner</em> fiber,
 * which pulls {@link CallbackTask}s from the loop one after another, giving each its own
 * {@link Coroutine} object but running it on the runner's stack. Only when a callback yields
 * does the runner fiber become that coroutine's private fiber ("detached"); the driver then
 * starts a fresh runner for the rest of the batch. Coroutines from {@code coroutine.create}
 * get their own fiber on first resume. Every switch is a park/unpark hand-off between
 * virtual threads, so exactly one fiber runs Lua at any time.
 *
 * <p>All methods are engine thread only (the thread running the loop, or a fiber it handed
 * control to).
 */
public final class CoroutineScheduler {
    private static final Logger log = LoggerFactory.getLogger(CoroutineScheduler.class);
    private static final Message IDLE = new Message(Kind.IDLE, null);
    private static final Message RUN_BATCH = new Message(Kind.RUN_BATCH, null);

    private final Globals globals;
    private final Coroutine main;
    private final Supplier<CallbackTask> source;
    private final ErrorReporter reporter;
    private final LuaValue errorCapture;
    private final ThreadFactory fiberThreads =
            Thread.ofVirtual().name("jeplua-fiber").factory();
    private Fiber driver;
    private Fiber runner;
    private Coroutine running;
    private EngineExit exit;
    /**
     * Coroutines that have yielded at least once, weakly (one nobody will resume is garbage): the
     * suspended ones among them are what the live inspector and {@code /metrics} show. Each is
     * added at its first yield only, so a generator yielding a million times pays once.
     */
    private final java.util.Set<Coroutine> suspended =
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    private volatile java.util.function.BiConsumer<Coroutine, String> errorObserver;

    /**
     * @param globals  the engine's globals; {@code globals.running} is kept equal to the running coroutine
     * @param source   supplies the next ready task of the current batch, or null when the batch is done
     * @param reporter receives errors of coroutines resumed by the engine that nobody else receives
     */
    public CoroutineScheduler(Globals globals, Supplier<CallbackTask> source, ErrorReporter reporter) {
        this.globals = globals;
        this.source = source;
        this.reporter = reporter;
        this.main = new Coroutine(globals);
        this.running = main;
        globals.running = main;
        this.errorCapture = new ErrorCapture();
    }

    /**
     * Sets who is told of every Lua error where it is raised, before it unwinds (the stack is
     * intact), whether or not a {@code pcall} catches it; null for nobody. Used by the debugger's
     * exception breakpoints. The observer runs on the engine thread inside the failing coroutine
     * and gets the message in the {@code chunk:line: message} form; it may block. Any thread.
     */
    public void setErrorObserver(java.util.function.BiConsumer<Coroutine, String> observer) {
        errorObserver = observer;
    }

    /** The coroutine running now (the main coroutine between batches). */
    public Coroutine running() {
        return running;
    }

    /** True when called from inside a coroutine (always the case for Lua code run by the engine). */
    public boolean isYieldable() {
        return running != main;
    }

    /** The exit requested by {@code os.exit} during the last batch, or null. */
    public EngineExit exitRequested() {
        return exit;
    }

    /**
     * Runs every task the source supplies, each in its own coroutine, and returns when the
     * source is empty (or {@code os.exit} was called). Called by the event loop thread.
     */
    public void runBatch() {
        if (driver == null || driver.thread != Thread.currentThread()) {
            driver = new Fiber(Thread.currentThread(), false);
            main.fiber = driver;
        }
        while (exit == null) {
            if (runner == null) {
                runner = newRunner();
            }
            runner.deliver(RUN_BATCH);
            Message m = driver.await();
            setRunning(main);
            if (m.kind() == Kind.IDLE) {
                return;
            }
            // The callback running on the runner yielded: the runner fiber now belongs to it.
            runner = null;
            if (m.kind() == Kind.FAILED || m.kind() == Kind.RETURNED) {
                // Only reached on os.exit inside a detached runner; nothing else to do.
                return;
            }
        }
    }

    /** Creates a coroutine for {@code coroutine.create(fn)}; it runs when first resumed. */
    public Coroutine create(LuaValue function) {
        Coroutine co = new Coroutine(globals, function, "coroutine", null, running.context);
        co.errorfunc = errorCapture;
        return co;
    }

    /**
     * Resumes {@code co} with {@code args} and waits until it yields, returns or raises.
     *
     * @return what {@code coroutine.resume} returns: {@code true, values...} or {@code false, error}
     */
    public Varargs resume(Coroutine co, Varargs args) {
        int status = co.state.status;
        if (status == LuaThread.STATUS_DEAD) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("cannot resume dead coroutine"));
        }
        if (status != LuaThread.STATUS_SUSPENDED && status != LuaThread.STATUS_INITIAL) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("cannot resume non-suspended coroutine"));
        }
        Coroutine current = running;
        co.resumer = current;
        current.state.status = LuaThread.STATUS_NORMAL;
        setRunning(co);
        if (co.fiber == null) {
            startFiber(co, args);
        } else {
            co.fiber.deliver(new Message(Kind.RESUME, args));
        }
        Message m = current.fiber.await();
        setRunning(current);
        switch (m.kind()) {
            case YIELDED:
                co.state.status = LuaThread.STATUS_SUSPENDED;
                return LuaValue.varargsOf(LuaValue.TRUE, (Varargs) m.payload());
            case RETURNED:
                co.state.status = LuaThread.STATUS_DEAD;
                co.fiber = null;
                if (exit != null) {
                    throw exit;
                }
                return LuaValue.varargsOf(LuaValue.TRUE, (Varargs) m.payload());
            default:
                co.state.status = LuaThread.STATUS_DEAD;
                co.fiber = null;
                co.deathError = (LuaValue) m.payload();
                return LuaValue.varargsOf(LuaValue.FALSE, (LuaValue) m.payload());
        }
    }

    /**
     * {@code coroutine.close(co)} (Lua 5.4 manual §6.2): a suspended coroutine is ended (its
     * pending {@code yield} unwinds its frames, as if the code stopped there) and its
     * to-be-closed variables are closed; a dead one has the variables its error left closed.
     *
     * @return {@code true}, or {@code false, err} when it died with an error or a {@code __close} raised
     * @throws LuaError {@code cannot close a running coroutine} / {@code cannot close a normal coroutine}
     */
    public Varargs close(Coroutine co) {
        if (co == running) {
            throw new LuaError("cannot close a running coroutine");
        }
        int status = co.state.status;
        if (status == LuaThread.STATUS_NORMAL || status == LuaThread.STATUS_RUNNING) {
            throw new LuaError("cannot close a normal coroutine");
        }
        if (status == LuaThread.STATUS_SUSPENDED && co.fiber != null) {
            Coroutine current = running;
            co.resumer = current;
            current.state.status = LuaThread.STATUS_NORMAL;
            setRunning(co);
            co.fiber.deliver(new Message(Kind.CLOSE, null));
            current.fiber.await();
            setRunning(current);
            co.fiber = null;
        }
        co.state.status = LuaThread.STATUS_DEAD;
        LuaValue error = co.deathError;
        co.deathError = null;
        LuaValue after = ToBeClosed.of(globals).closePending(co, error);
        if (after != null) {
            return LuaValue.varargsOf(LuaValue.FALSE, after);
        }
        return LuaValue.TRUE;
    }

    /**
     * Resumes {@code co} on behalf of the engine (a sleep finished, a network reply arrived).
     * An error it raises is reported as "error in &lt;kind&gt; callback" unless its task reports it.
     */
    public void resumeFromEngine(Coroutine co, Varargs args) {
        Varargs r = resume(co, args);
        if (!r.arg1().toboolean() && co.isDead() && co.task == null) {
            reporter.report(co.kind, r.arg(2), co.lastTraceback);
        }
    }

    /**
     * Suspends the running coroutine, handing {@code args} to whoever resumed it.
     *
     * @return the values passed to the next resume
     * @throws LuaError when called outside a coroutine
     */
    public Varargs yield(Varargs args) {
        return this.yield(args, "yield");
    }

    /**
     * As {@link #yield(Varargs)}, saying what the coroutine waits for (the live inspector shows it).
     *
     * @param waitingFor short text such as {@code sleep(100)}
     */
    public Varargs yield(Varargs args, String waitingFor) {
        Coroutine current = running;
        if (current == main) {
            throw new LuaError("attempt to yield from outside a coroutine");
        }
        Fiber fiber = current.fiber;
        if (fiber.runner) {
            fiber.detached = true;
        }
        current.state.status = LuaThread.STATUS_SUSPENDED;
        current.waitingFor = waitingFor;
        if (!current.listed) {
            current.listed = true;
            suspended.add(current);
        }
        current.resumer.fiber.deliver(new Message(Kind.YIELDED, args));
        Message m = fiber.await();
        current.waitingFor = null;
        if (m.kind() == Kind.CLOSE) {
            throw CoroutineClosed.INSTANCE; // coroutine.close: unwind this coroutine's frames
        }
        return (Varargs) m.payload();
    }

    /**
     * The coroutines suspended now (waiting in a yield), in no particular order. Engine thread.
     */
    public java.util.List<Coroutine> suspended() {
        java.util.List<Coroutine> list = new java.util.ArrayList<>();
        for (Coroutine co : suspended) {
            if (co.state.status == LuaThread.STATUS_SUSPENDED && co.waitingFor != null) {
                list.add(co);
            }
        }
        return list;
    }

    /** How many coroutines are suspended now. Engine thread. */
    public int suspendedCount() {
        return suspended().size();
    }

    private void setRunning(Coroutine co) {
        running = co;
        globals.running = co;
        co.state.status = LuaThread.STATUS_RUNNING;
    }

    private Fiber newRunner() {
        Fiber f = new Fiber(null, true);
        Thread t = fiberThreads.newThread(() -> runnerLoop(f));
        f.thread = t;
        t.start();
        return f;
    }

    private void runnerLoop(Fiber self) {
        while (true) {
            self.await();
            CallbackTask task;
            while (exit == null && (task = source.get()) != null) {
                Coroutine co = new Coroutine(globals, task.function, task.kind, task, task.context);
                co.fiber = self;
                co.resumer = main;
                co.errorfunc = errorCapture;
                // Reuse the debug library's call stack of the previous callback on this runner:
                // it is empty again once a callback returns, and allocating one per callback
                // would dominate the cost of small callbacks.
                co.callstack = self.spareCallstack;
                setRunning(co);
                Message end = runBody(co, task.function, task.args);
                co.state.status = LuaThread.STATUS_DEAD;
                finish(co, end);
                if (self.detached) {
                    co.resumer.fiber.deliver(end);
                    return;
                }
                self.spareCallstack = end.kind() == Kind.RETURNED ? co.callstack : null;
            }
            driver.deliver(IDLE);
        }
    }

    private void startFiber(Coroutine co, Varargs args) {
        Fiber f = new Fiber(null, false);
        co.fiber = f;
        Thread t = fiberThreads.newThread(() -> {
            Message first = f.await();
            Message end = runBody(co, co.state.function, (Varargs) first.payload());
            co.state.status = LuaThread.STATUS_DEAD;
            if (co.task != null) {
                finish(co, end);
            }
            co.resumer.fiber.deliver(end);
        });
        f.thread = t;
        f.deliver(new Message(Kind.RESUME, args));
        t.start();
    }

    private Message runBody(Coroutine co, LuaValue function, Varargs args) {
        try {
            return new Message(Kind.RETURNED, function.invoke(args));
        } catch (LuaError e) {
            LuaValue m = e.getMessageObject();
            if (co.task != null) {
                // a callback's own error: close its <close> variables, as lua.c's protected call does;
                // a coroutine of the script's keeps them until coroutine.close (Lua 5.4 §3.3.8)
                m = ToBeClosed.of(globals).closePending(m == null ? LuaValue.NIL : m);
            }
            return new Message(Kind.FAILED, m == null ? LuaValue.NIL : m);
        } catch (ExecutionInterrupted e) {
            co.lastTraceback = null;
            return new Message(Kind.FAILED, LuaValue.valueOf(e.getMessage()));
        } catch (StackOverflowError e) {
            co.lastTraceback = null;
            return new Message(
                    Kind.FAILED,
                    LuaValue.valueOf(
                            e instanceof CallDepthLimit.Overflow o ? o.where + "stack overflow" : "stack overflow"));
        } catch (OutOfMemoryError e) {
            // the frames that held the memory are gone now: the heap is recovered and the runner lives on
            co.lastTraceback = null;
            return new Message(Kind.FAILED, LuaValue.valueOf(dev.jeplua.engine.memory.MemoryGuard.MESSAGE));
        } catch (EngineExit e) {
            exit = e;
            return new Message(Kind.RETURNED, LuaValue.NONE);
        } catch (CoroutineClosed e) {
            return new Message(Kind.RETURNED, LuaValue.NONE);
        } catch (RuntimeException e) {
            log.error("Java failure in {} callback", co.kind, e);
            return new Message(Kind.FAILED, LuaValue.valueOf("internal error: " + e));
        } catch (Error e) {
            // any other JVM error (a LinkageError from generated code, an AssertionError in a library):
            // the callback fails with it; letting it escape would end the fiber without a reply and
            // leave the engine waiting for this coroutine forever
            log.error("JVM error in {} callback", co.kind, e);
            co.lastTraceback = null;
            return new Message(Kind.FAILED, LuaValue.valueOf("internal error: " + e));
        }
    }

    private void finish(Coroutine co, Message end) {
        CallbackTask task = co.task;
        try {
            if (end.kind() == Kind.RETURNED) {
                task.done((Varargs) end.payload(), null, null);
            } else {
                task.done(null, (LuaValue) end.payload(), co.lastTraceback);
            }
        } catch (RuntimeException e) {
            log.error("completion of {} callback failed", co.kind, e);
        } catch (OutOfMemoryError e) {
            // building the result (e.g. a huge value or output text) ran out of memory: report that instead
            try {
                task.done(null, LuaValue.valueOf(dev.jeplua.engine.memory.MemoryGuard.MESSAGE), null);
            } catch (RuntimeException | OutOfMemoryError again) {
                log.error("completion of {} callback ran out of memory", co.kind);
            }
        }
    }

    /**
     * Installed as each coroutine's error handler (LuaJ calls it where the error is raised):
     * records the traceback on the coroutine and returns the message in the reference
     * interpreter's {@code chunk:line: message} form (LuaJ produces {@code @chunk:line message}).
     */
    private final class ErrorCapture extends OneArgFunction {
        @Override
        public LuaValue call(LuaValue msg) {
            Coroutine co = running;
            if (globals.debuglib != null) {
                co.lastTraceback = Tracebacks.traceback(globals, co, null, 1, null, !"coroutine".equals(co.kind));
            }
            String described = ErrorMessages.describe(globals, msg.tojstring());
            java.util.function.BiConsumer<Coroutine, String> observer = errorObserver;
            if (observer != null) {
                observer.accept(co, described);
            }
            return LuaValue.valueOf(described);
        }
    }
}

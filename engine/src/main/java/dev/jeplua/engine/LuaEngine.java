package dev.jeplua.engine;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.Version;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import dev.jeplua.engine.coroutine.EngineExit;
import dev.jeplua.engine.coroutine.ErrorReporter;
import dev.jeplua.engine.debug.InterruptibleDebugLib;
import dev.jeplua.engine.loop.EventLoop;
import dev.jeplua.engine.loop.TimerQueue;
import dev.jeplua.engine.memory.MemoryGuard;
import dev.jeplua.engine.output.BusOutputStream;
import dev.jeplua.engine.output.CallbackErrors;
import dev.jeplua.engine.output.OutputBus;
import dev.jeplua.engine.output.StreamOutput;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.engine.session.Session;
import dev.jeplua.engine.stdlib.base.Finalizers;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JEPLua engine: one LuaJ {@link Globals} owned by one engine thread running the
 * {@link EventLoop}. Other threads talk to it only through {@link #submit}, {@link #execute}
 * and {@link #post}, which return futures completed with plain values.
 *
 * <p>Lifecycle: construct, {@link #start()} (spawns the virtual thread {@code jeplua-engine}),
 * submit work, then either let the loop end by itself ({@link #setExitWhenIdle}) or
 * {@link #shutdown}; {@link #termination()} completes with the exit status. Tests may instead
 * drive the loop on their own thread with {@link #runUntilIdle()} and a manual ticker.
 */
public final class LuaEngine implements EngineContext, Session.Host, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LuaEngine.class);
    /** JEPLua version. */
    public static final String VERSION = Version.VERSION;
    /** Version line printed by {@code -v}. */
    public static final String VERSION_LINE = "JEPLua " + VERSION + " (LuaJ " + Version.LUAJ_VERSION + ", Lua 5.4)";

    private final EngineConfig config;
    private final EngineGlobals globals;
    private final TimerQueue timers;
    private final EventLoop loop;
    private final CoroutineScheduler scheduler;
    private final OutputBus output;
    private final InterruptibleDebugLib debug;
    private final Finalizers finalizers;
    private final MemoryGuard memory;
    private final PrintStream stderr;
    private final CallbackErrors callbackErrors;
    private final CompletableFuture<Integer> termination = new CompletableFuture<>();
    private final Deque<AutoCloseable> closeables = new ConcurrentLinkedDeque<>();
    private final Map<String, IntSupplier> gauges = new ConcurrentHashMap<>();
    /** Sessions of {@link #openSession}, weakly: a client that forgot to close one does not leak it. */
    private final java.util.Set<Session> sessions =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private final Map<Class<?>, Object> components = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean exitWhenIdle;
    private volatile int stopStatus = -1;
    /** The reason given to {@link #interruptAll}, or null. */
    private volatile String stopInterrupt;

    private volatile Thread engineThread;
    private final ChunkCompiler compiler;
    private final Executions executions;

    /**
     * Creates the engine with the Lua standard library and the core host tables only (no
     * {@code net}, {@code store}, windows or web control: see {@link #builder}). Call from one
     * thread, then {@link #start}.
     */
    public LuaEngine(EngineConfig config) {
        this(config, java.util.List.of());
    }

    /**
     * Starts building an engine: the composition root ({@code Launcher}) and tests add the host
     * libraries they need, e.g. {@code LuaEngine.builder(config).library(new NetLib()).build()}.
     */
    public static Builder builder(EngineConfig config) {
        return new Builder(config);
    }

    /** Collects the host libraries of an engine; {@link #build()} creates it. One thread. */
    public static final class Builder {
        private final EngineConfig config;
        private final java.util.List<Library> libraries = new java.util.ArrayList<>();

        private Builder(EngineConfig config) {
            this.config = config;
        }

        /** Adds a host library; libraries are installed in the order added, after the core ones. */
        public Builder library(Library library) {
            libraries.add(library);
            return this;
        }

        /** Creates the engine with the core libraries, then the added ones. */
        public LuaEngine build() {
            return new LuaEngine(config, java.util.List.copyOf(libraries));
        }
    }

    private LuaEngine(EngineConfig config, java.util.List<Library> libraries) {
        this.config = config;
        this.stderr = config.stderr();
        this.globals = new EngineGlobals();
        ErrorReporter reporter = this::reportCallbackError; // shared: each method reference spins a class at start
        this.timers = new TimerQueue(config.ticker(), reporter);
        this.loop = new EventLoop(timers, config.queueCapacity(), reporter);
        this.scheduler = new CoroutineScheduler(globals, loop::nextTask, reporter);
        this.loop.setScheduler(scheduler);
        globals.scheduler = scheduler;
        this.output = new OutputBus(() -> scheduler.running().context().capture());
        if (config.stdout()) {
            output.subscribe(new StreamOutput(new FileOutputStream(FileDescriptor.out)));
        }
        loop.addBatchHook(output::flush);
        this.callbackErrors = new CallbackErrors(output, stderr);
        globals.STDOUT = new PrintStream(new BusOutputStream(output), false, StandardCharsets.UTF_8);
        this.debug = new InterruptibleDebugLib(globals);
        this.memory = new MemoryGuard(config.maxMemory(), debug::memoryPressure);
        this.compiler = new ChunkCompiler(globals);
        this.executions = new Executions(this, compiler, debug);
        this.finalizers = new Finalizers(globals, this::submit, stderr);
        dev.jeplua.engine.api.StartupTrace.mark("engine: parts created");
        CoreLibraries.installAll(this, finalizers, globals, debug);
        installSessionGlobal();
        dev.jeplua.engine.api.StartupTrace.mark("engine: core libraries installed");
        // every part of the engine exists now: host libraries may use the context
        for (Library library : libraries) {
            library.install(this, globals);
            if (dev.jeplua.engine.api.StartupTrace.ENABLED) {
                dev.jeplua.engine.api.StartupTrace.mark(
                        "engine: " + library.getClass().getSimpleName() + " installed");
            }
        }
    }

    /** The {@code __gc} finalizers of Lua tables. */
    public Finalizers finalizers() {
        return finalizers;
    }

    /** The engine's configuration. */
    public EngineConfig config() {
        return config;
    }

    /** The globals. Engine thread only. */
    public Globals globals() {
        return globals;
    }

    /** The event loop. Engine thread only, except {@link EventLoop#submit} and {@link EventLoop#keepAlive}. */
    public EventLoop loop() {
        return loop;
    }

    /** The coroutine scheduler. Engine thread only. */
    public CoroutineScheduler scheduler() {
        return scheduler;
    }

    /** The debug library: interruption, the call stack, and the hook a debugger attaches ({@code --debug}). */
    public InterruptibleDebugLib debugLib() {
        return debug;
    }

    /** The output fan-out ({@code subscribe} is any thread). */
    public OutputBus output() {
        return output;
    }

    /** Seconds since the engine was created. Any thread. */
    public double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Executions run through {@link #execute} so far, and how many failed. Engine thread. */
    public long[] executionCounts() {
        return executions.counts();
    }

    /** The heap limit Lua code runs under ({@code --max-memory}). */
    public MemoryGuard memory() {
        return memory;
    }

    /** The engine's health now, without waiting for the engine thread. Any thread. */
    public EngineHealth health() {
        return health(EngineHealth.UNRESPONSIVE_AFTER_MS);
    }

    /** {@link #health()} with another threshold (ms) for {@code unresponsive}. Any thread. */
    public EngineHealth health(long unresponsiveAfterMs) {
        return EngineHealth.of(loop, termination.isDone(), unresponsiveAfterMs);
    }

    /** Starts the engine thread. Call once. */
    public void start() {
        Thread t = Thread.ofVirtual().name("jeplua-engine").unstarted(this::runLoop);
        engineThread = t;
        t.start();
    }

    /** True when called on the engine's logical thread of control (the loop or one of its fibers). */
    public boolean onEngineThread() {
        Thread t = Thread.currentThread();
        return t == engineThread || (t.isVirtual() && t.getName().startsWith("jeplua-fiber"));
    }

    private void runLoop() {
        int status = 0;
        try {
            while (true) {
                loop.runBatch();
                EngineExit exit = scheduler.exitRequested();
                if (exit != null) {
                    status = exit.status();
                    break;
                }
                if (loop.isStopRequested()) {
                    status = Math.max(stopStatus, 0);
                    break;
                }
                if (exitWhenIdle && loop.isIdleForExit()) {
                    break;
                }
                loop.awaitWork(TimeUnit.SECONDS.toNanos(1));
            }
            runCloseFinalizers();
        } catch (Throwable t) {
            log.error("engine loop failed", t);
            status = 70;
        } finally {
            output.flush();
            memory.close();
            termination.complete(status);
        }
    }

    /** Runs the {@code __gc} finalizers of the tables still alive, as {@code lua_close} does. Engine thread. */
    private void runCloseFinalizers() {
        loop.runAlone(new CallbackTask(
                new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        finalizers.close();
                        return NONE;
                    }
                },
                LuaValue.NONE,
                "__gc",
                ExecutionContext.NONE));
    }

    /**
     * Runs batches on the calling thread until nothing is ready at the ticker's current time
     * (for tests with a manual ticker; do not combine with {@link #start}).
     *
     * @return the exit status if {@code os.exit} was called, else -1
     */
    public int runUntilIdle() {
        int guard = 0;
        do {
            loop.runBatch();
            EngineExit exit = scheduler.exitRequested();
            if (exit != null) {
                termination.complete(exit.status());
                return exit.status();
            }
            if (++guard > 1_000_000) {
                throw new IllegalStateException("loop does not settle");
            }
        } while (loop.hasReadyWork());
        return -1;
    }

    /**
     * When true, the loop ends (status 0) as soon as nothing keeps the process alive: no
     * pending non-system timers, keep-alive handles or ready work. Any thread.
     */
    public void setExitWhenIdle(boolean b) {
        exitWhenIdle = b;
        loop.wake();
    }

    /** Asks the loop to stop after the current batch with {@code status}; when called again, the first status stays. Any thread. */
    public synchronized void shutdown(int status) {
        if (stopStatus < 0) {
            stopStatus = status; // the first reason to stop decides the status (a SIGTERM's 143 is not
        } // replaced by the failure of the code it interrupted)
        loop.requestStop();
    }

    /** Completes with the exit status when the loop has ended. */
    public CompletableFuture<Integer> termination() {
        return termination;
    }

    /** The host bridge table {@code _PY} (created with the core libraries). Engine thread only. */
    @Override
    public LuaTable hostTable() {
        return dev.jeplua.engine.bridge.PyBridgeLib.hostTable(globals);
    }

    /** Registers a named count for status reports ({@code telnet_clients}, {@code web_clients}, {@code windows}). Any thread. */
    public void registerGauge(String name, IntSupplier value) {
        gauges.put(name, value);
    }

    @Override
    public <T> T component(Class<T> type, java.util.function.Supplier<T> create) {
        return type.cast(components.computeIfAbsent(type, k -> create.get()));
    }

    /** Current value of a gauge, or 0 when none is registered. Any thread. */
    public int gauge(String name) {
        IntSupplier s = gauges.get(name);
        return s == null ? 0 : s.getAsInt();
    }

    /** Registers something to close (in reverse order) when the engine closes. Any thread. */
    public void addCloseable(AutoCloseable c) {
        closeables.push(c);
    }

    /**
     * Stops the loop (status 0 unless already set) and closes registered parts, waiting at most
     * 2 s for the running batch to end; Lua code still running then is interrupted (0.5 s more at
     * most). Any thread.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        if (!termination.isDone()) {
            shutdown(stopStatus < 0 ? 0 : stopStatus);
            try {
                termination.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Lua code still running (a runaway loop): stop it, or it keeps its carrier thread busy
                log.warn("engine did not stop within 2 s (Lua code still running?): interrupting it");
                interruptAll("engine closed");
                try {
                    termination.get(500, TimeUnit.MILLISECONDS);
                } catch (Exception stillRunning) {
                    log.warn("engine still running after its code was interrupted");
                }
            } catch (Exception e) {
                log.debug("waiting for engine stop", e);
            }
        }
        memory.close();
        AutoCloseable c;
        while ((c = closeables.poll()) != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }

    /**
     * Makes the global {@code session} resolve to the running code's session (nil for plain
     * script code) through an {@code __index} on the globals, so concurrent clients each see their own.
     */
    private void installSessionGlobal() {
        LuaTable meta = new LuaTable();
        meta.set("__index", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if ("session".equals(args.arg(2).tojstring())) {
                    return scheduler.running().context().sessionTable();
                }
                return NIL;
            }
        });
        globals.setmetatable(meta);
    }

    // ---------------------------------------------------------------- submitting work

    /**
     * Queues a task for the next batch. Any thread.
     *
     * @throws RejectedExecutionException when the queue is full or the engine has stopped
     */
    public void submit(CallbackTask task) {
        if (termination.isDone()) {
            throw new RejectedExecutionException("engine stopped");
        }
        loop.submit(task);
    }

    /** Runs {@code action} on the engine thread inside a coroutine (it may yield). Any thread. */
    @Override
    public CompletableFuture<Void> post(String kind, Runnable action) {
        return ask(kind, () -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> CompletableFuture<T> ask(String kind, java.util.function.Supplier<T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Object[] value = new Object[1];
        LuaValue fn = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                value[0] = read.get();
                return NONE;
            }
        };
        try {
            submit(new CallbackTask(fn, LuaValue.NONE, kind, ExecutionContext.NONE) {
                @Override
                @SuppressWarnings("unchecked")
                protected void done(Varargs results, LuaValue error, String traceback) {
                    if (error == null) {
                        f.complete((T) value[0]);
                    } else {
                        reportCallbackError(kind, error, traceback);
                        f.completeExceptionally(new LuaError(error));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Options of one {@link #execute} call. */
    public record ExecOptions(String chunkName, ExecutionContext context, long timeoutMs, boolean interactive) {
        /** Interactive (REPL) execution: expressions allowed, given chunk name, no timeout. */
        public static ExecOptions repl(String chunkName, ExecutionContext context) {
            return new ExecOptions(chunkName, context, 0, true);
        }
    }

    /**
     * Compiles and runs {@code code} in a coroutine; the context may be a session's
     * ({@link Session#context()}: the execution gets a context derived from it, and
     * {@link #interrupt} on the session's context stops it) or one the caller made for this
     * execution with its own capture buffer. Compiles and runs {@code code}: completes with the returned values and
     * everything it printed. In interactive mode the code is first compiled as
     * {@code return <code>} (so {@code 1+2} gives 3) and a leading {@code =} means
     * {@code return}, as in {@code lua.c}'s REPL. With a timeout (ms, 0 = none) the code is
     * interrupted when it runs longer and the future completes with {@link ExecutionResult.Timeout}.
     * Any thread.
     */
    public CompletableFuture<ExecutionResult> execute(String code, ExecOptions options) {
        return executions.execute(code, options);
    }

    /** Adds an {@link ExecutionObserver} for the executions started from now on. Any thread. */
    public void addExecutionObserver(ExecutionObserver observer) {
        executions.addObserver(observer);
    }

    /**
     * Opens a client session (README.md#session). Any thread.
     *
     * @param kind   {@code telnet}, {@code repl}, {@code rest}, {@code web}
     * @param remote remote address text, or null
     * @param id     session id to use (REST {@code X-Session}), or null to generate {@code kind-n}
     */
    public Session openSession(String kind, String remote, String id) {
        Session session = new Session(this, kind, remote, id);
        sessions.add(session);
        return session;
    }

    /** The sessions opened and not closed yet, oldest first (the live inspector's list). Any thread. */
    public java.util.List<Session> openSessions() {
        synchronized (sessions) {
            sessions.removeIf(Session::isClosed);
            java.util.List<Session> list = new java.util.ArrayList<>(sessions);
            list.sort(java.util.Comparator.comparing(Session::id));
            return list;
        }
    }

    /**
     * Calls a Lua function on the engine thread, reporting (not raising) its error as
     * "error in &lt;kind&gt; callback". Must be called inside a coroutine (e.g. from {@link #post}).
     *
     * @return true if it returned normally
     */
    public boolean callProtected(String kind, LuaValue fn, Varargs args) {
        try {
            fn.invoke(args);
            return true;
        } catch (LuaError e) {
            LuaValue m = e.getMessageObject();
            reportCallbackError(
                    kind, m == null ? LuaValue.NIL : m, runningCoroutine().lastTraceback());
            return false;
        }
    }

    /**
     * Interrupts any Lua code running now or later (used on SIGINT/SIGTERM shutdown); callbacks
     * ended this way are not reported as errors. Any thread.
     */
    public void interruptAll(String reason) {
        stopInterrupt = reason;
        debug.interruptAll(reason);
    }

    /** Interrupts code running under {@code ctx} at its next Lua instruction. Any thread. */
    public void interrupt(ExecutionContext ctx, String reason) {
        if (ctx == ExecutionContext.NONE
                || ctx.kind() == ExecutionContext.Kind.EXECUTION && ctx.interruptReason() != null) {
            return;
        }
        ctx.interrupt(reason);
        debug.interruptPending();
    }

    // ---------------------------------------------------------------- compiling (engine thread)

    /**
     * Compiles a chunk. Engine thread only.
     *
     * @param source    chunk bytes (a first line starting with {@code #} is skipped, as in lua.c)
     * @param chunkName chunk name as Lua sees it ({@code @file.lua} for files, {@code =name} for others)
     * @throws LuaError with the compiler's message ({@code file.lua:3: ... near ...})
     */
    public LuaValue compile(byte[] source, String chunkName) {
        return compiler.compile(source, chunkName);
    }

    /** Compiles REPL input: {@code return <code>} first, then {@code code} as a statement. Engine thread only. */
    public LuaValue compileInteractive(String code, String chunkName) {
        return compiler.compileInteractive(code, chunkName);
    }

    // ---------------------------------------------------------------- errors and output

    /**
     * Reports an error of a callback nobody else receives, on stderr:
     * {@code jeplua: error in timer callback: msg} plus traceback. Engine thread.
     */
    public void reportCallbackError(String kind, LuaValue error, String traceback) {
        String stop = stopInterrupt;
        if (stop != null && stop.equals(error.tojstring())) {
            return; // stopped by the shutdown, not failed
        }
        callbackErrors.report(kind, error, traceback);
    }

    /** How many errors {@link #reportCallbackError} has reported so far (not those of a shutdown's interruption). Any thread. */
    public int callbackErrorCount() {
        return callbackErrors.count();
    }

    /** The running coroutine (engine thread only); null between batches. */
    public Coroutine runningCoroutine() {
        return scheduler.running();
    }

    /** Globals whose {@code yield} is the engine's coroutine scheduler (LuaJ's thread-based one is never used). */
    static final class EngineGlobals extends Globals {
        CoroutineScheduler scheduler;

        @Override
        public Varargs yield(Varargs args) {
            return scheduler.yield(args);
        }
    }
}

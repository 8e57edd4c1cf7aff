package dev.jeplua.engine.api;

import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import dev.jeplua.engine.loop.EventLoop;
import dev.jeplua.engine.output.OutputBus;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What a {@link Library} may use of the engine it is installed in: the loop, the coroutine
 * scheduler, output, configuration, error reporting, and a place to register what must close
 * with the engine. {@link LuaEngine} implements it; libraries never see the engine facade.
 * Thread rules are those of the methods of the same name on {@link LuaEngine}.
 */
public interface EngineContext {
    /** The engine's configuration. */
    EngineConfig config();

    /** The globals. Engine thread only. */
    Globals globals();

    /**
     * The host bridge table {@code _PY} (alias {@code jeplua}), created by the engine before any
     * library is installed; libraries add their functions to it by name. Engine thread only.
     */
    LuaTable hostTable();

    /** The event loop (keep-alive handles, batch hooks, immediates). */
    EventLoop loop();

    /** The coroutine scheduler. Engine thread only. */
    CoroutineScheduler scheduler();

    /** The output bus ({@code print}'s fan-out). */
    OutputBus output();

    /** Queues a task for the next batch. Any thread. */
    void submit(CallbackTask task);

    /** Runs {@code action} on the engine thread inside a coroutine. Any thread. */
    CompletableFuture<Void> post(String kind, Runnable action);

    /**
     * Asks the engine thread for a value: runs {@code read} there inside a coroutine (it may
     * yield) and completes the future with its result. The one way for another thread to read
     * engine state (globals, timers, counts). Any thread; never blocks.
     *
     * @param kind what is asked, for the error report when {@code read} raises
     * @return completed with the value; exceptionally with {@link
     *     java.util.concurrent.RejectedExecutionException} when the engine does not accept work, or
     *     with a {@code LuaError} when {@code read} raised (also reported on stderr)
     */
    <T> CompletableFuture<T> ask(String kind, java.util.function.Supplier<T> read);

    /** Calls a Lua function, reporting (not raising) its error as "error in &lt;kind&gt; callback". Engine thread, inside a coroutine. */
    boolean callProtected(String kind, LuaValue fn, Varargs args);

    /** Reports an error nobody else receives on the engine's stderr. Engine thread. */
    void reportCallbackError(String kind, LuaValue error, String traceback);

    /** Registers something to close (in reverse order) when the engine closes. Any thread. */
    void addCloseable(AutoCloseable c);

    /** Registers a named count for status reports ({@code windows}, {@code telnet_clients} ...). Any thread. */
    void registerGauge(String name, IntSupplier value);

    /** True on the engine's logical thread of control. */
    boolean onEngineThread();

    /**
     * The one instance of {@code type} for this engine, created by {@code create} on first use:
     * how libraries share a part without knowing each other (the {@code _PY} callback registry
     * that {@code net} and the web control call back through, for instance). Later calls return
     * the same instance, whatever supplier they pass. Any thread.
     *
     * @param type   the part's class, also the key
     * @param create makes the part; called at most once per engine and type; it must not call
     *               {@code component} itself (the map behind it refuses a recursive update)
     * @return the engine's instance of {@code type}
     */
    <T> T component(Class<T> type, java.util.function.Supplier<T> create);
}

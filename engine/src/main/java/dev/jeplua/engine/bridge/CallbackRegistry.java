package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.NONE;
import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.loop.EventLoop;
import dev.jeplua.engine.loop.TimerQueue;
import dev.jeplua.engine.session.ExecutionContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * EPLua's callback registry (docs/eplua-bridge.md): a script registers a function and passes
 * its id to a host function, which later calls it back by id. The {@code _PY} functions:
 * <pre>
 * _PY.registerCallback(fn [, persistent=false [, system=false]]) -> id (integer)
 *     ids come from the counter of setTimeout/setInterval, so a callback id never equals a
 *     timer id of the same run. A non-persistent callback is forgotten after its first call.
 *     A callback that is not system keeps the process alive until it is called (non-persistent)
 *     or cleared.
 * _PY.clearRegisteredCallback(id)              forgets it; unknown ids are ignored; nil
 * _PY.timerExpired(id, ...)                    calls the callback now with ...; an error it raises
 *                                              is reported on stderr ("jeplua: error in registered
 *                                              callback: ...") and not raised; unknown ids are ignored
 * _PY.getPendingCallbackCount() -> n           timeouts, immediates and registered callbacks that
 *                                              keep the process alive (system ones excluded)
 * _PY.getRunningIntervalsCount() -> n          active intervals (system ones included)
 * </pre>
 * Java side: a host library written for EPLua's callback-id style (such as {@code call_http})
 * takes the id from Lua and calls {@link #dispatch} when its result is ready, from any thread.
 * Get the engine's registry with {@link #of}.
 *
 * <p>Threads: {@link #register}, {@link #clear}, {@link #invoke} and the counts are engine
 * thread only; {@link #dispatch} and {@link #isRegistered} any thread.
 */
public final class CallbackRegistry implements LibraryFunction.Body {
    /** The kind {@code _PY.timerExpired} and default dispatches report errors under. */
    public static final String KIND = "registered";

    private final EngineContext engine;
    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(
            LuaValue fn, boolean persistent, boolean system, ExecutionContext context, EventLoop.KeepAlive keepAlive) {
        void release() {
            if (keepAlive != null) {
                keepAlive.release();
            }
        }
    }

    private CallbackRegistry(EngineContext engine) {
        this.engine = engine;
    }

    /**
     * The registry of {@code engine} (one per engine, created on first use). Any thread.
     *
     * @param engine the engine whose {@code _PY.registerCallback} ids the registry holds
     * @return its registry
     */
    public static CallbackRegistry of(EngineContext engine) {
        return engine.component(CallbackRegistry.class, () -> new CallbackRegistry(engine));
    }

    /**
     * Registers {@code fn}. Engine thread.
     *
     * @param fn         the function to call back
     * @param persistent false: forgotten after its first call; true: until {@link #clear}
     * @param system     true: does not keep the process alive
     * @return its id, from the timers' counter (never a timer's id)
     */
    public int register(LuaValue fn, boolean persistent, boolean system) {
        TimerQueue timers = engine.loop().timers();
        int id = timers.reserveId();
        Coroutine running = engine.scheduler().running();
        ExecutionContext context =
                running == null ? ExecutionContext.NONE : running.context().forCallbacks();
        entries.put(
                id,
                new Entry(
                        fn,
                        persistent,
                        system,
                        context,
                        system ? null : engine.loop().keepAlive()));
        return id;
    }

    /**
     * Forgets a callback. Engine thread.
     *
     * @return true if {@code id} was registered
     */
    public boolean clear(int id) {
        Entry e = entries.remove(id);
        if (e == null) {
            return false;
        }
        e.release();
        return true;
    }

    /** True while {@code id} is registered. Any thread. */
    public boolean isRegistered(int id) {
        return entries.containsKey(id);
    }

    /**
     * Calls callback {@code id} now, in the running coroutine, with {@code args}; a
     * non-persistent callback is forgotten first. An error it raises is reported on stderr
     * (kind {@value #KIND}), not raised. Engine thread, inside a coroutine.
     *
     * @return false when {@code id} is not registered (nothing is called)
     */
    public boolean invoke(int id, Varargs args) {
        Entry e = take(id);
        if (e == null) {
            return false;
        }
        engine.callProtected(KIND, e.fn, args);
        return true;
    }

    /**
     * Queues a call of callback {@code id} for the engine thread: in the next batch, if the id
     * is still registered, {@code args} is evaluated there (so it may build Lua tables) and the
     * callback runs in a coroutine of its own under the context it was registered in; a
     * non-persistent callback is forgotten first. An error it raises is reported on stderr as
     * {@code jeplua: error in <kind> callback: ...}. Any thread; never blocks.
     *
     * @param id   the id {@code _PY.registerCallback} returned
     * @param kind what the callback reports (for error reports: {@code "http"} ...)
     * @param args the callback's arguments, built on the engine thread
     * @return false when {@code id} is not registered now or the engine no longer takes work
     */
    public boolean dispatch(int id, String kind, Supplier<Varargs> args) {
        Entry registered = entries.get(id);
        if (registered == null) {
            return false;
        }
        VarArgFunction call = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs ignored) {
                Entry e = take(id);
                return e == null ? NONE : e.fn.invoke(args.get());
            }
        };
        try {
            engine.submit(new CallbackTask(call, NONE, kind, registered.context) {
                @Override
                protected void done(Varargs results, LuaValue error, String traceback) {
                    if (error != null) {
                        engine.reportCallbackError(kind, error, traceback);
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private Entry take(int id) {
        Entry e = entries.get(id);
        if (e != null && !e.persistent && entries.remove(id, e)) {
            e.release();
        }
        return e;
    }

    /** Registered callbacks that keep the process alive (not system). Engine thread. */
    public int aliveCount() {
        int n = 0;
        for (Entry e : entries.values()) {
            if (!e.system) {
                n++;
            }
        }
        return n;
    }

    /**
     * EPLua's {@code getPendingCallbackCount}: timeouts, immediates and registered callbacks that
     * keep the process alive. Engine thread.
     */
    public int pendingCount() {
        EventLoop loop = engine.loop();
        return loop.timers().aliveTimeoutCount() + loop.pendingImmediates() + aliveCount();
    }

    /** Adds the functions of this registry to {@code py}. Engine thread. */
    void install(LuaTable py) {
        LibraryFunction.define(py, "registerCallback", FN_REGISTERCALLBACK, this);
        LibraryFunction.define(py, "clearRegisteredCallback", FN_CLEARREGISTEREDCALLBACK, this);
        LibraryFunction.define(py, "timerExpired", FN_TIMEREXPIRED, this);
        LibraryFunction.define(py, "getPendingCallbackCount", FN_GETPENDINGCALLBACKCOUNT, this);
        LibraryFunction.define(py, "getRunningIntervalsCount", FN_GETRUNNINGINTERVALSCOUNT, this);
    }

    // function numbers of this _PY.callbacks's LibraryFunction.Body
    private static final int FN_REGISTERCALLBACK = 0;
    private static final int FN_CLEARREGISTEREDCALLBACK = 1;
    private static final int FN_TIMEREXPIRED = 2;
    private static final int FN_GETPENDINGCALLBACKCOUNT = 3;
    private static final int FN_GETRUNNINGINTERVALSCOUNT = 4;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_REGISTERCALLBACK -> luaRegistercallback(a);
            case FN_CLEARREGISTEREDCALLBACK -> luaClearregisteredcallback(a);
            case FN_TIMEREXPIRED -> luaTimerexpired(a);
            case FN_GETPENDINGCALLBACKCOUNT -> valueOf(pendingCount());
            case FN_GETRUNNINGINTERVALSCOUNT -> valueOf(engine.loop().timers().intervalCount());
            default -> throw new IllegalArgumentException("_PY.callbacks: no function " + index);
        };
    }

    private Varargs luaRegistercallback(Varargs a) {
        LuaValue fn = LuaArgs.function(a, 1, "registerCallback");
        return valueOf(register(fn, a.arg(2).toboolean(), a.arg(3).toboolean()));
    }

    private Varargs luaClearregisteredcallback(Varargs a) {
        if (a.arg1().isnumber()) {
            clear(a.arg1().toint());
        }
        return NONE;
    }

    private Varargs luaTimerexpired(Varargs a) {
        if (a.arg1().isnumber()) {
            invoke(a.arg1().toint(), a.subargs(2));
        }
        return NONE;
    }
}

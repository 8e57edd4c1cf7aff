package dev.jeplua.engine.timers;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import dev.jeplua.engine.loop.EventLoop;
import dev.jeplua.engine.loop.TimerQueue;
import dev.jeplua.engine.session.ExecutionContext;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * JavaScript-style timers as globals (README.md#timers-javascript-semantics; semantics of browsers/Node.js):
 * <pre>
 * setTimeout(fn [, ms=0 [, ...args | {system=true}]]) -> id    ms may be fractional
 * setInterval(fn, ms [, ...args | {system=true}]) -> id        fixed rate, first run after ms
 * clearTimeout(id), clearInterval(id)                          interchangeable; unknown ids ignored
 * setImmediate(fn [, ...args]) -> id, clearImmediate(id)       after the current callback, before timers
 * sleep(ms)                                                    suspends the current coroutine
 * </pre>
 * A single trailing table whose keys are all known options ({@code system}) is an options table,
 * not a callback argument (EPLua compatibility); {@code system=true} timers do not keep the
 * process alive. Errors: {@code bad argument #1 to 'setTimeout' (function expected, got nil)};
 * {@code sleep: not inside a coroutine}.
 */
public final class TimerLib extends TwoArgFunction implements LibraryFunction.Body {
    private final TimerQueue timers;
    private final EventLoop loop;
    private final CoroutineScheduler scheduler;
    private final EngineContext engine;
    /** Where the last timer was created (shared by the next one created at the same place). */
    private TimerSite lastSite;

    /** @param engine the engine whose loop runs the timers */
    public TimerLib(EngineContext engine) {
        this.engine = engine;
        this.loop = engine.loop();
        this.timers = loop.timers();
        this.scheduler = engine.scheduler();
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LibraryFunction.define(env, "setTimeout", SETTIMEOUT, this);
        LibraryFunction.define(env, "setInterval", SETINTERVAL, this);
        LuaValue clear = new LibraryFunction("clearTimeout", CLEARTIMEOUT, this);
        env.set("clearTimeout", clear);
        LibraryFunction.define(env, "clearInterval", CLEARINTERVAL, this);
        env.set("setImmediate", new LibraryFunction("setImmediate", SETIMMEDIATE, this));
        LibraryFunction.define(env, "clearImmediate", CLEARIMMEDIATE, this);
        LibraryFunction.define(env, "sleep", SLEEP, this);
        return env;
    }

    private ExecutionContext callbackContext() {
        return scheduler.running().context().forCallbacks();
    }

    private Varargs add(Varargs a, boolean interval, String fname) {
        LuaValue fn = LuaArgs.function(a, 1, fname);
        double ms = LuaArgs.optNumber(a, 2, fname, 0);
        Varargs extra = a.subargs(3);
        boolean system = false;
        if (extra.narg() == 1 && isOptionsTable(extra.arg1())) {
            system = extra.arg1().get("system").toboolean();
            extra = NONE;
        }
        if (Double.isNaN(ms)) {
            ms = 0;
        }
        TimerSite site = TimerSite.of(engine.globals(), lastSite);
        if (site != null) {
            lastSite = site;
        }
        int id = timers.add(fn, extra, ms, interval ? Math.max(ms, 1) : 0, system, callbackContext(), site);
        return valueOf(id);
    }

    private static String millisText(double ms) {
        return ms == Math.rint(ms) && Math.abs(ms) < 1e15 ? Long.toString((long) ms) : Double.toString(ms);
    }

    private static boolean isOptionsTable(LuaValue v) {
        if (!v.istable() || v.getmetatable() != null) {
            return false;
        }
        LuaTable t = (LuaTable) v;
        LuaValue k = t.next(NIL).arg1();
        if (k.isnil()) {
            return false;
        }
        for (; !k.isnil(); k = t.next(k).arg1()) {
            if (!k.isstring() || !"system".equals(k.tojstring())) {
                return false;
            }
        }
        return true;
    }

    private Varargs sleep(Varargs a) {
        double ms = LuaArgs.optNumber(a, 1, "sleep", 0);
        if (!scheduler.isYieldable()) {
            throw new LuaError("sleep: not inside a coroutine");
        }
        Coroutine co = scheduler.running();
        timers.add(
                new NamedFunction("sleep", x -> {
                    scheduler.resumeFromEngine(co, NONE);
                    return NONE;
                }),
                NONE,
                ms,
                0,
                false,
                ExecutionContext.NONE);
        scheduler.yield(NONE, "sleep(" + millisText(ms) + ")");
        return NONE;
    }

    // function numbers of this timer's LibraryFunction.Body
    private static final int SETTIMEOUT = 0;
    private static final int SETINTERVAL = 1;
    private static final int CLEARTIMEOUT = 2;
    private static final int CLEARINTERVAL = 3;
    private static final int SETIMMEDIATE = 4;
    private static final int CLEARIMMEDIATE = 5;
    private static final int SLEEP = 6;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case SETTIMEOUT -> add(a, false, "setTimeout");
            case SETINTERVAL -> add(a, true, "setInterval");
            case CLEARTIMEOUT -> luaCleartimeout(a);
            case CLEARINTERVAL -> luaCleartimeout(a);
            case SETIMMEDIATE ->
                valueOf(loop.setImmediate(LuaArgs.function(a, 1, "setImmediate"), a.subargs(2), callbackContext()));
            case CLEARIMMEDIATE -> luaClearimmediate(a);
            case SLEEP -> sleep(a);
            default -> throw new IllegalArgumentException("timer: no function " + index);
        };
    }

    private Varargs luaCleartimeout(Varargs a) {
        if (a.arg1().isnumber()) {
            timers.cancel(a.arg1().toint());
        }
        return NONE;
    }

    private Varargs luaClearimmediate(Varargs a) {
        if (a.arg1().isnumber()) {
            loop.clearImmediate(a.arg1().toint());
        }
        return NONE;
    }
}

package dev.jeplua.engine.stdlib.base;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code coroutine} table (Lua 5.4 manual §6.2) on the
 * engine's {@link CoroutineScheduler} instead of LuaJ's thread-per-coroutine implementation.
 *
 * <pre>
 * coroutine.create(f) -> co            coroutine.resume(co, ...) -> true, ... | false, err
 * coroutine.yield(...) -> ...          coroutine.status(co) -> "running"|"suspended"|"normal"|"dead"
 * coroutine.running() -> co, ismain    coroutine.wrap(f) -> function (raises the coroutine's errors)
 *                                      ismain is true in the main chunk (a script or REPL execution),
 *                                      false in coroutines and timer/event callbacks
 * coroutine.isyieldable() -> boolean  coroutine.close(co) -> true | false, err   (5.4)
 * </pre>
 * Errors: {@code bad argument #1 to 'create' (function expected, got nil)} and the like.
 */
public final class CoroutineLib extends TwoArgFunction implements LibraryFunction.Body {
    /**
     * The kinds of the coroutine a script file or a REPL/API execution runs in: Lua 5.4's main
     * chunk, so {@code coroutine.running()} answers {@code co, true} there as {@code lua5.4} does.
     */
    private static final java.util.Set<String> MAIN_KINDS = java.util.Set.of("execution", "main chunk");

    private final CoroutineScheduler scheduler;

    /** @param scheduler the engine's scheduler */
    public CoroutineLib(CoroutineScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable t = new LuaTable();
        t.set("create", new LibraryFunction("create", FN_CREATE, this));
        t.set("resume", new LibraryFunction("resume", FN_RESUME, this));
        t.set("yield", new LibraryFunction("yield", FN_YIELD, this));
        t.set("status", new LibraryFunction("status", FN_STATUS, this));
        t.set("running", new LibraryFunction("running", FN_RUNNING, this));
        t.set("isyieldable", new LibraryFunction("isyieldable", FN_ISYIELDABLE, this));
        t.set("close", new LibraryFunction("close", FN_CLOSE, this));
        t.set("wrap", new LibraryFunction("wrap", FN_WRAP, this));
        env.set("coroutine", t);
        if (env.get("package").istable()) {
            env.get("package").get("loaded").set("coroutine", t);
        }
        return t;
    }

    private static Coroutine checkCoroutine(Varargs a, int i) {
        LuaThread t = a.checkthread(i);
        if (t instanceof Coroutine co) {
            return co;
        }
        throw new LuaError(
                "bad argument #" + i + " (thread expected, got " + a.arg(i).typename() + ")");
    }

    // function numbers of this coroutine's LibraryFunction.Body
    private static final int FN_CREATE = 0;
    private static final int FN_RESUME = 1;
    private static final int FN_YIELD = 2;
    private static final int FN_STATUS = 3;
    private static final int FN_RUNNING = 4;
    private static final int FN_ISYIELDABLE = 5;
    private static final int FN_CLOSE = 6;
    private static final int FN_WRAP = 7;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_CREATE -> scheduler.create(LuaArgs.function(a, 1, "create"));
            case FN_RESUME -> scheduler.resume(checkCoroutine(a, 1), a.subargs(2));
            case FN_YIELD -> scheduler.yield(a);
            case FN_STATUS -> luaStatus(a);
            case FN_RUNNING -> luaRunning(a);
            case FN_ISYIELDABLE -> valueOf(scheduler.isYieldable());
            case FN_CLOSE -> scheduler.close(checkCoroutine(a, 1));
            case FN_WRAP -> luaWrap(a);
            default -> throw new IllegalArgumentException("coroutine: no function " + index);
        };
    }

    private Varargs luaStatus(Varargs a) {
        Coroutine co = checkCoroutine(a, 1);
        return valueOf(co == scheduler.running() ? "running" : co.getStatus());
    }

    private Varargs luaRunning(Varargs a) {
        Coroutine co = scheduler.running();
        return varargsOf(co, valueOf(!scheduler.isYieldable() || MAIN_KINDS.contains(co.kind())));
    }

    private Varargs luaWrap(Varargs a) {
        Coroutine co = scheduler.create(LuaArgs.function(a, 1, "wrap"));
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Varargs r = scheduler.resume(co, args);
                if (r.arg1().toboolean()) {
                    return r.subargs(2);
                }
                throw new LuaError(r.arg(2));
            }
        };
    }
}

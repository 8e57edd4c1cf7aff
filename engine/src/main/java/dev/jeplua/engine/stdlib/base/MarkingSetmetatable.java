package dev.jeplua.engine.stdlib.base;

import dev.jeplua.engine.api.LuaArgs;
import org.luaj.vm2.FinalizerMark;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code setmetatable(t, mt)} and {@code debug.setmetatable(v, mt)}: LuaJ's function (which checks
 * the arguments and {@code __metatable} protection and sets the metatable, {@code __mode} included),
 * preceded by the check that {@code mt} is nil or a table and followed by the table's
 * finalization mark ({@link Finalizers#afterSetMetatable}: marked when {@code mt} has
 * {@code __gc}).
 *
 * <p>The two-argument call ({@code setmetatable(t, mt)} as a statement or assignment, which
 * compiled code makes through {@code call(a, b)}) runs without building an argument list; every
 * other shape goes through {@link #invoke}, with the same steps and errors. Engine thread.
 */
final class MarkingSetmetatable extends VarArgFunction {
    private final LuaValue setmetatable;
    private final Finalizers finalizers;

    /**
     * @param name         the Lua name, for error messages
     * @param setmetatable LuaJ's function it wraps
     * @param finalizers   the engine's {@code __gc} bookkeeping
     */
    MarkingSetmetatable(String name, LuaValue setmetatable, Finalizers finalizers) {
        this.name = name;
        this.setmetatable = setmetatable;
        this.finalizers = finalizers;
    }

    @Override
    public Varargs invoke(Varargs a) {
        LuaValue target = a.arg1();
        LuaValue mt = a.arg(2);
        checkMetatable(mt);
        FinalizerMark previous = FinalizerMark.of(target);
        Varargs result = setmetatable.invoke(a);
        mark(target, mt, previous);
        return result;
    }

    /** The same as {@code invoke(varargsOf(target, mt)).arg1()}, without the argument list. */
    @Override
    public LuaValue call(LuaValue target, LuaValue mt) {
        checkMetatable(mt);
        FinalizerMark previous = FinalizerMark.of(target);
        LuaValue result = setmetatable.call(target, mt);
        mark(target, mt, previous);
        return result;
    }

    private void checkMetatable(LuaValue mt) {
        if (!mt.isnil() && !mt.istable()) {
            throw LuaArgs.argError(2, name, "nil or table expected, got " + mt.typename());
        }
    }

    private void mark(LuaValue target, LuaValue mt, FinalizerMark previous) {
        if (target instanceof LuaTable t) {
            finalizers.afterSetMetatable(t, mt, previous);
        }
    }
}

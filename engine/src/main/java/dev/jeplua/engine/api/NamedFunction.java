package dev.jeplua.engine.api;

import java.util.function.Function;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A library function defined by a lambda, carrying its Lua name so LuaJ's argument errors
 * read {@code bad argument #1 to 'setTimeout' (function expected, got nil)}.
 */
public final class NamedFunction extends VarArgFunction {
    private final Function<Varargs, Varargs> body;

    /**
     * @param name Lua name used in error messages
     * @param body the implementation; receives the call's arguments, returns its results
     */
    public NamedFunction(String name, Function<Varargs, Varargs> body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.apply(args);
    }

    /**
     * Sets {@code table[name]} to a function of that name (the name is written once, so the Lua
     * key and the name in error messages cannot drift apart).
     *
     * @return the function
     */
    public static NamedFunction define(org.luaj.vm2.LuaValue table, String name, Function<Varargs, Varargs> body) {
        NamedFunction f = new NamedFunction(name, body);
        table.set(name, f);
        return f;
    }
}

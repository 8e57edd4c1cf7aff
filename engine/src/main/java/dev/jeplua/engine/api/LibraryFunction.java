package dev.jeplua.engine.api;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A library function that is one numbered entry of its library's {@link Body}: the library
 * implements {@code Body} once, a {@code switch} over its function numbers, instead of one lambda
 * per function (the style of LuaJ's own libraries, whose functions share a class and differ by
 * {@code opcode}). A lambda costs a hidden class spun by {@code LambdaMetafactory} when its
 * expression is first evaluated, about 0.2–0.5 ms each before the JIT has warmed up; a start-up
 * installs a few hundred library functions, so this saves the largest part of installing the
 * libraries (docs/design.md#start-up-and-exit-cli).
 *
 * <p>The name is used in LuaJ's argument errors ({@code bad argument #1 to 'insert' (table
 * expected, got nil)}) and in tracebacks, as for {@link NamedFunction}.
 */
public final class LibraryFunction extends VarArgFunction {
    /**
     * A library's functions: {@link #call} runs function number {@code index} (the number given
     * to {@link LibraryFunction#define}). Runs on the thread that calls the Lua function (the
     * engine thread for libraries that say nothing else).
     */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs function number {@code index} of this library.
         *
         * @param index the function's number, as given when it was defined
         * @param args the call's arguments
         * @return the call's results
         */
        Varargs call(int index, Varargs args);
    }

    private final Body body;

    /**
     * @param name Lua name used in error messages
     * @param index the number {@code body} knows this function by
     * @param body the library's dispatch
     */
    public LibraryFunction(String name, int index, Body body) {
        this.name = name;
        this.opcode = index;
        this.body = body;
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.call(opcode, args);
    }

    /**
     * Sets {@code table[name]} to function number {@code index} of {@code body}, named
     * {@code name} (the name is written once, so the Lua key and the name in error messages
     * cannot drift apart).
     *
     * @return the function
     */
    public static LibraryFunction define(LuaValue table, String name, int index, Body body) {
        LibraryFunction f = new LibraryFunction(name, index, body);
        table.set(name, f);
        return f;
    }
}

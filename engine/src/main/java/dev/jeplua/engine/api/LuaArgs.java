package dev.jeplua.engine.api;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Argument checks for JEPLua's library functions that word errors like the reference
 * interpreter: {@code bad argument #1 to 'setTimeout' (function expected, got nil)}
 * (LuaJ's own checks omit the argument number and function name).
 */
public final class LuaArgs {
    private LuaArgs() {}

    /** Raises {@code bad argument #i to 'fname' (msg)}. */
    public static LuaError argError(int i, String fname, String msg) {
        return new LuaError("bad argument #" + i + " to '" + fname + "' (" + msg + ")");
    }

    private static LuaError typeError(Varargs a, int i, String fname, String expected) {
        String got = a.narg() < i ? "no value" : typeName(a.arg(i));
        return argError(i, fname, expected + " expected, got " + got);
    }

    /** Argument i as a function. */
    public static LuaFunction function(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isfunction()) {
            throw typeError(a, i, fname, "function");
        }
        return (LuaFunction) v;
    }

    /** Argument i as a number (strings convertible to numbers are accepted, as in Lua). */
    public static double number(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isnumber()) {
            throw typeError(a, i, fname, "number");
        }
        return v.todouble();
    }

    /** Argument i as a number, or {@code def} when absent or nil. */
    public static double optNumber(Varargs a, int i, String fname, double def) {
        return a.isnoneornil(i) ? def : number(a, i, fname);
    }

    /** Argument i as a string (numbers are converted, as in Lua). */
    public static String string(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isstring()) {
            throw typeError(a, i, fname, "string");
        }
        return v.tojstring();
    }

    /** Argument i as a string, or {@code def} when absent or nil. */
    public static String optString(Varargs a, int i, String fname, String def) {
        return a.isnoneornil(i) ? def : string(a, i, fname);
    }

    /** Argument i as a table. */
    public static LuaTable table(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.istable()) {
            throw typeError(a, i, fname, "table");
        }
        return (LuaTable) v;
    }

    /**
     * Argument i as a Lua string (numbers are converted, as in Lua), keeping its bytes.
     *
     * @throws LuaError {@code bad argument #i to 'fname' (string expected, got T)}
     */
    public static LuaString luaString(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isstring()) {
            throw typeError(a, i, fname, "string");
        }
        return v.strvalue();
    }

    /**
     * Argument i as an integer (Lua 5.4's {@code luaL_checkinteger}): integers as they are, floats
     * with an integral value and numeric strings converted.
     *
     * @throws LuaError {@code bad argument #i to 'fname' (number expected, got T)}, or
     *     {@code (number has no integer representation)} for a fraction or a float beyond 64 bits
     */
    public static long integer(Varargs a, int i, String fname) {
        LuaValue n = a.arg(i).tonumber();
        if (n.isnil()) {
            throw typeError(a, i, fname, "number");
        }
        LuaValue k = org.luaj.vm2.Lua54Numbers.toInteger(n);
        if (k == null) {
            throw argError(i, fname, "number has no integer representation");
        }
        return k.tolong();
    }

    /** Argument i as an integer ({@link #integer}), or {@code def} when absent or nil. */
    public static long optInteger(Varargs a, int i, String fname, long def) {
        return a.isnoneornil(i) ? def : integer(a, i, fname);
    }

    /**
     * The type name Lua 5.4 uses in messages ({@code luaT_objtypename}): the {@code __name} of
     * the value's metatable when it is a string ({@code Point}), else the type ({@code table}).
     */
    public static String typeName(LuaValue v) {
        LuaValue mt = v.getmetatable();
        if (mt != null && mt.istable()) {
            LuaValue name = mt.rawget("__name");
            if (name.type() == LuaValue.TSTRING) {
                return name.tojstring();
            }
        }
        return v.typename();
    }
}

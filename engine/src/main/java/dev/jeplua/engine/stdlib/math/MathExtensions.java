package dev.jeplua.engine.stdlib.math;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Fixes and additions to LuaJ's {@code math} table (installed after it):
 * <pre>
 * math.log(x [, base]) -> number     natural log, or log of x in base (5.2; LuaJ ignored base)
 * math.fmod(x, y) -> number          C's fmod: remainder with the sign of x; fmod(3, math.huge) is 3
 *                                    (LuaJ computed x - y * trunc(x / y), which gives nan there)
 * math.tointeger(x) -> integer | nil (5.3) x when it has an integral value that fits 64 bits
 * math.type(x) -> "integer" | "float" | nil   (5.3) see below
 * math.ult(m, n) -> boolean          (5.3) m &lt; n as unsigned 64-bit integers
 * math.maxinteger, math.mininteger   (5.3) 2^63-1 and -2^63 (as doubles: 9.2233720368548e+18)
 * </pre>
 * Lua 5.2 has no integer subtype: every number is a double, so {@code math.type} answers
 * {@code "integer"} for every integral value in the 64-bit range ({@code math.type(1.0)} is
 * {@code "integer"}, unlike 5.3). Engine thread.
 */
public final class MathExtensions extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue m = env.get("math");
        if (!m.istable()) {
            return NIL;
        }
        LuaTable math = (LuaTable) m;
        NamedFunction.define(math, "log", a -> {
            double x = LuaArgs.number(a, 1, "log");
            if (a.isnoneornil(2)) {
                return valueOf(Math.log(x));
            }
            double base = LuaArgs.number(a, 2, "log");
            return valueOf(
                    base == 10.0
                            ? Math.log10(x)
                            : base == 2.0 ? Math.log(x) / Math.log(2.0) : Math.log(x) / Math.log(base));
        });
        NamedFunction.define(math, "fmod", a -> valueOf(LuaArgs.number(a, 1, "fmod") % LuaArgs.number(a, 2, "fmod")));
        NamedFunction.define(math, "log10", a -> valueOf(Math.log10(LuaArgs.number(a, 1, "log10"))));
        NamedFunction.define(math, "tointeger", a -> {
            LuaValue v = a.arg1();
            if (v.type() != TNUMBER) {
                if (a.narg() == 0) {
                    throw LuaArgs.argError(1, "tointeger", "value expected");
                }
                return NIL;
            }
            double d = v.todouble();
            return isInteger(d) ? v : NIL;
        });
        NamedFunction.define(math, "type", a -> {
            if (a.narg() == 0) {
                throw LuaArgs.argError(1, "type", "value expected");
            }
            LuaValue v = a.arg1();
            if (v.type() != TNUMBER) {
                return NIL;
            }
            return valueOf(isInteger(v.todouble()) ? "integer" : "float");
        });
        NamedFunction.define(math, "ult", a -> {
            long x = (long) LuaArgs.number(a, 1, "ult");
            long y = (long) LuaArgs.number(a, 2, "ult");
            return valueOf(Long.compareUnsigned(x, y) < 0);
        });
        MathRandom.install(math); // random, randomseed: 5.4's xoshiro256**
        math.set("maxinteger", valueOf((double) Long.MAX_VALUE));
        math.set("mininteger", valueOf((double) Long.MIN_VALUE));
        return math;
    }

    private static boolean isInteger(double d) {
        return d == Math.floor(d) && d >= -0x1p63 && d < 0x1p63;
    }
}

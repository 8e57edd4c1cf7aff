package dev.jeplua.engine.stdlib.math;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Lua 5.4's {@code math} functions where LuaJ's (5.2, doubles only) differ, installed over
 * LuaJ's {@code math} table (Lua 5.4 manual §6.7):
 * <pre>
 * math.log(x [, base]) -> float       natural log, or log of x in base (LuaJ ignored base)
 * math.abs(x) -> number               keeps the subtype; abs(math.mininteger) wraps to itself
 * math.floor(x), math.ceil(x) -> integer | float   an integer when the result fits 64 bits
 * math.fmod(x, y) -> number           integers: C's remainder ('zero' error for y == 0);
 *                                     floats: C's fmod (fmod(3, math.huge) is 3)
 * math.modf(x) -> number, float       integral part (an integer when it fits) and fraction (0.0 for
 *                                     integers and infinities)
 * math.max(x, ...), math.min(x, ...)  the largest/smallest argument itself (subtype kept)
 * math.tointeger(x) -> integer | nil  x with an integral value as an integer (numeric strings too)
 * math.type(x) -> "integer" | "float" | nil
 * math.ult(m, n) -> boolean           m &lt; n as unsigned 64-bit integers
 * math.maxinteger, math.mininteger    2^63-1 and -2^63 (integers)
 * </pre>
 * Errors as 5.4 words them ({@code bad argument #1 to 'floor' (number expected, got string)}).
 * Engine thread.
 */
public final class MathExtensions extends TwoArgFunction implements LibraryFunction.Body {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue m = env.get("math");
        if (!m.istable()) {
            return NIL;
        }
        LuaTable math = (LuaTable) m;
        LibraryFunction.define(math, "log", LOG, this);
        LibraryFunction.define(math, "log10", LOG10, this);
        LibraryFunction.define(math, "abs", ABS, this);
        LibraryFunction.define(math, "floor", FLOOR, this);
        LibraryFunction.define(math, "ceil", CEIL, this);
        LibraryFunction.define(math, "fmod", FMOD, this);
        LibraryFunction.define(math, "modf", MODF, this);
        LibraryFunction.define(math, "max", MAX, this);
        LibraryFunction.define(math, "min", MIN, this);
        LibraryFunction.define(math, "tointeger", TOINTEGER, this);
        LibraryFunction.define(math, "type", TYPE, this);
        LibraryFunction.define(math, "ult", ULT, this);
        MathRandom.install(math); // random, randomseed: 5.4's xoshiro256**
        math.set("maxinteger", Lua54Numbers.integer(Long.MAX_VALUE));
        math.set("mininteger", Lua54Numbers.integer(Long.MIN_VALUE));
        return math;
    }

    /** Argument i as a number (numeric strings converted, subtype kept). */
    private static LuaValue num(Varargs a, int i, String fname) {
        LuaValue n = a.arg(i).tonumber();
        if (n.isnil()) {
            String got = a.narg() < i ? "no value" : a.arg(i).typename();
            throw LuaArgs.argError(i, fname, "number expected, got " + got);
        }
        return n;
    }

    /** floor (or ceil) of a number: integers as they are, floats as an integer when it fits. */
    private static LuaValue rounded(LuaValue x, boolean floor) {
        if (Lua54Numbers.isInteger(x)) {
            return x;
        }
        double d = floor ? Math.floor(x.todouble()) : Math.ceil(x.todouble());
        Long l = Lua54Numbers.floatToInteger(d);
        return l != null ? Lua54Numbers.integer(l) : valueOf(d);
    }

    private static LuaValue extreme(Varargs a, String fname, boolean max) {
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, fname, "value expected");
        }
        LuaValue best = num(a, 1, fname);
        for (int i = 2; i <= a.narg(); i++) {
            LuaValue v = num(a, i, fname);
            if (max ? best.lt_b(v) : v.lt_b(best)) {
                best = v;
            }
        }
        return best;
    }

    // function numbers of this math's LibraryFunction.Body
    private static final int LOG = 0;
    private static final int LOG10 = 1;
    private static final int ABS = 2;
    private static final int FLOOR = 3;
    private static final int CEIL = 4;
    private static final int FMOD = 5;
    private static final int MODF = 6;
    private static final int MAX = 7;
    private static final int MIN = 8;
    private static final int TOINTEGER = 9;
    private static final int TYPE = 10;
    private static final int ULT = 11;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case LOG -> luaLog(a);
            case LOG10 -> valueOf(Math.log10(LuaArgs.number(a, 1, "log10")));
            case ABS -> luaAbs(a);
            case FLOOR -> rounded(num(a, 1, "floor"), true);
            case CEIL -> rounded(num(a, 1, "ceil"), false);
            case FMOD -> luaFmod(a);
            case MODF -> luaModf(a);
            case MAX -> extreme(a, "max", true);
            case MIN -> extreme(a, "min", false);
            case TOINTEGER -> luaTointeger(a);
            case TYPE -> luaType(a);
            case ULT -> luaUlt(a);
            default -> throw new IllegalArgumentException("math: no function " + index);
        };
    }

    private Varargs luaLog(Varargs a) {
        double x = LuaArgs.number(a, 1, "log");
        if (a.isnoneornil(2)) {
            return valueOf(Math.log(x));
        }
        double base = LuaArgs.number(a, 2, "log");
        return valueOf(
                base == 10.0
                        ? Math.log10(x)
                        : base == 2.0 ? Math.log(x) / Math.log(2.0) : Math.log(x) / Math.log(base));
    }

    private Varargs luaAbs(Varargs a) {
        LuaValue x = num(a, 1, "abs");
        if (Lua54Numbers.isInteger(x)) {
            long l = x.tolong();
            return l < 0 ? Lua54Numbers.integer(-l) : x;
        }
        return valueOf(Math.abs(x.todouble()));
    }

    private Varargs luaFmod(Varargs a) {
        LuaValue x = num(a, 1, "fmod");
        LuaValue y = num(a, 2, "fmod");
        if (Lua54Numbers.isInteger(x) && Lua54Numbers.isInteger(y)) {
            long d = y.tolong();
            if (d == 0) {
                throw LuaArgs.argError(2, "fmod", "zero");
            }
            return d == -1 ? ZERO : Lua54Numbers.integer(x.tolong() % d);
        }
        double p = x.todouble();
        double q = y.todouble();
        double r = p % q;
        return valueOf(r != r && p == p && q == q ? Lua54Numbers.NEG_NAN : r);
    }

    private Varargs luaModf(Varargs a) {
        LuaValue x = num(a, 1, "modf");
        if (Lua54Numbers.isInteger(x)) {
            return varargsOf(x, valueOf(0.0));
        }
        double d = x.todouble();
        double ip = d >= 0 ? Math.floor(d) : Math.ceil(d);
        Long l = Lua54Numbers.floatToInteger(ip);
        return varargsOf(
                l != null ? Lua54Numbers.integer(l) : valueOf(ip), valueOf(Double.isInfinite(d) ? 0.0 : d - ip));
    }

    private Varargs luaTointeger(Varargs a) {
        LuaValue v = a.arg1();
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, "tointeger", "value expected");
        }
        LuaValue n = v.type() == TSTRING ? v.tonumber() : v;
        LuaValue k = n.type() == TNUMBER ? Lua54Numbers.toInteger(n) : null;
        return k == null ? NIL : k;
    }

    private Varargs luaType(Varargs a) {
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, "type", "value expected");
        }
        LuaValue v = a.arg1();
        if (v.type() != TNUMBER) {
            return NIL;
        }
        return valueOf(Lua54Numbers.isInteger(v) ? "integer" : "float");
    }

    private Varargs luaUlt(Varargs a) {
        long x = LuaArgs.integer(a, 1, "ult");
        long y = LuaArgs.integer(a, 2, "ult");
        return valueOf(Long.compareUnsigned(x, y) < 0);
    }
}

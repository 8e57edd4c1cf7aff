package org.luaj.vm2;

import org.luaj.vm2.lib.MathLib;

/**
 * A Lua 5.4 integer outside the 32-bit range (Lua 5.4 manual §2.1: integers are 64-bit two's
 * complement). LuaJ's {@link LuaInteger} stays the representation of integers that fit an
 * {@code int} (the fast path); every other integer is a {@code LuaLong}, so each integer value has
 * exactly one representation ({@link Lua54Numbers#integer(long)} picks it). Arithmetic wraps
 * around as 5.4's does ({@code math.maxinteger + 1 == math.mininteger}); {@code /} and {@code ^}
 * give floats; comparisons with floats are exact. Immutable; any thread.
 *
 * <p>This is JEPLua's own class; it lives in LuaJ's package so that LuaJ's dispatch methods
 * ({@code add(int)}, {@code subFrom(int)}, {@code modFrom(double)} ...) can be overridden.
 */
public class LuaLong extends LuaNumber {
    /** The value (outside the {@code int} range for canonical instances). */
    public final long v;

    LuaLong(long v) {
        this.v = v;
    }

    // ------------------------------------------------------------------ conversions

    @Override
    public boolean islong() {
        return true;
    }

    @Override
    public long tolong() {
        return v;
    }

    /** The value clamped to the {@code int} range (so {@code s:sub(1, math.maxinteger)} works). */
    @Override
    public int toint() {
        return clamp(v);
    }

    static int clamp(long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) v;
    }

    @Override
    public byte tobyte() {
        return (byte) v;
    }

    @Override
    public char tochar() {
        return (char) v;
    }

    @Override
    public short toshort() {
        return (short) v;
    }

    @Override
    public double todouble() {
        return v;
    }

    @Override
    public float tofloat() {
        return v;
    }

    @Override
    public double optdouble(double defval) {
        return v;
    }

    @Override
    public int optint(int defval) {
        return clamp(v);
    }

    @Override
    public long optlong(long defval) {
        return v;
    }

    @Override
    public int checkint() {
        return clamp(v);
    }

    @Override
    public long checklong() {
        return v;
    }

    @Override
    public double checkdouble() {
        return v;
    }

    @Override
    public String tojstring() {
        return Long.toString(v);
    }

    @Override
    public LuaString strvalue() {
        return LuaString.valueOf(tojstring());
    }

    @Override
    public LuaString optstring(LuaString defval) {
        return strvalue();
    }

    @Override
    public LuaValue tostring() {
        return strvalue();
    }

    @Override
    public String optjstring(String defval) {
        return tojstring();
    }

    @Override
    public String checkjstring() {
        return tojstring();
    }

    @Override
    public LuaString checkstring() {
        return strvalue();
    }

    @Override
    public boolean isstring() {
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LuaLong l && l.v == v;
    }

    // ------------------------------------------------------------------ equality

    @Override
    public LuaValue eq(LuaValue val) {
        return raweq(val) ? TRUE : FALSE;
    }

    @Override
    public boolean eq_b(LuaValue val) {
        return raweq(val);
    }

    @Override
    public boolean raweq(LuaValue val) {
        if (val instanceof LuaLong l) {
            return l.v == v;
        }
        if (val instanceof LuaInteger i) {
            return i.v == v;
        }
        return val instanceof LuaDouble && Lua54Numbers.compare(v, val.todouble()) == 0;
    }

    @Override
    public boolean raweq(double val) {
        return Lua54Numbers.compare(v, val) == 0;
    }

    @Override
    public boolean raweq(int val) {
        return v == val;
    }

    // ------------------------------------------------------------------ arithmetic

    @Override
    public LuaValue neg() {
        return Lua54Numbers.integer(-v);
    }

    @Override
    public LuaValue add(LuaValue rhs) {
        if (rhs instanceof LuaInteger i) {
            return Lua54Numbers.integer(v + i.v);
        }
        if (rhs instanceof LuaLong l) {
            return Lua54Numbers.integer(v + l.v);
        }
        if (rhs instanceof LuaDouble) {
            return LuaDouble.valueOf(v + rhs.todouble());
        }
        LuaValue n = Lua54Numbers.coerce(rhs);
        return n != null ? add(n) : arithmt(ADD, rhs);
    }

    @Override
    public LuaValue add(double rhs) {
        return LuaDouble.valueOf(v + rhs);
    }

    @Override
    public LuaValue add(int rhs) {
        return Lua54Numbers.integer(v + rhs);
    }

    @Override
    public LuaValue sub(LuaValue rhs) {
        if (rhs instanceof LuaInteger i) {
            return Lua54Numbers.integer(v - i.v);
        }
        if (rhs instanceof LuaLong l) {
            return Lua54Numbers.integer(v - l.v);
        }
        if (rhs instanceof LuaDouble) {
            return LuaDouble.valueOf(v - rhs.todouble());
        }
        LuaValue n = Lua54Numbers.coerce(rhs);
        return n != null ? sub(n) : arithmt(SUB, rhs);
    }

    @Override
    public LuaValue sub(double rhs) {
        return LuaDouble.valueOf(v - rhs);
    }

    @Override
    public LuaValue sub(int rhs) {
        return Lua54Numbers.integer(v - rhs);
    }

    @Override
    public LuaValue subFrom(double lhs) {
        return LuaDouble.valueOf(lhs - v);
    }

    @Override
    public LuaValue subFrom(int lhs) {
        return Lua54Numbers.integer(lhs - v);
    }

    @Override
    public LuaValue mul(LuaValue rhs) {
        if (rhs instanceof LuaInteger i) {
            return Lua54Numbers.integer(v * i.v);
        }
        if (rhs instanceof LuaLong l) {
            return Lua54Numbers.integer(v * l.v);
        }
        if (rhs instanceof LuaDouble) {
            return LuaDouble.valueOf(v * rhs.todouble());
        }
        LuaValue n = Lua54Numbers.coerce(rhs);
        return n != null ? mul(n) : arithmt(MUL, rhs);
    }

    @Override
    public LuaValue mul(double rhs) {
        return LuaDouble.valueOf(v * rhs);
    }

    @Override
    public LuaValue mul(int rhs) {
        return Lua54Numbers.integer(v * rhs);
    }

    @Override
    public LuaValue div(LuaValue rhs) {
        return rhs.divInto((double) v);
    }

    @Override
    public LuaValue div(double rhs) {
        return LuaDouble.ddiv(v, rhs);
    }

    @Override
    public LuaValue div(int rhs) {
        return LuaDouble.ddiv(v, rhs);
    }

    @Override
    public LuaValue divInto(double lhs) {
        return LuaDouble.ddiv(lhs, v);
    }

    @Override
    public LuaValue pow(LuaValue rhs) {
        return rhs.powWith((double) v);
    }

    @Override
    public LuaValue pow(double rhs) {
        return MathLib.dpow(v, rhs);
    }

    @Override
    public LuaValue pow(int rhs) {
        return MathLib.dpow(v, rhs);
    }

    @Override
    public LuaValue powWith(double lhs) {
        return MathLib.dpow(lhs, v);
    }

    @Override
    public LuaValue powWith(int lhs) {
        return MathLib.dpow(lhs, v);
    }

    @Override
    public LuaValue mod(LuaValue rhs) {
        if (rhs instanceof LuaInteger i) {
            return Lua54Numbers.imod(v, i.v);
        }
        if (rhs instanceof LuaLong l) {
            return Lua54Numbers.imod(v, l.v);
        }
        if (rhs instanceof LuaDouble) {
            return LuaDouble.dmod(v, rhs.todouble());
        }
        LuaValue n = Lua54Numbers.coerce(rhs);
        return n != null ? mod(n) : arithmt(MOD, rhs);
    }

    @Override
    public LuaValue mod(double rhs) {
        return LuaDouble.dmod(v, rhs);
    }

    @Override
    public LuaValue mod(int rhs) {
        return Lua54Numbers.imod(v, rhs);
    }

    @Override
    public LuaValue modFrom(double lhs) {
        return LuaDouble.dmod(lhs, v);
    }

    // ------------------------------------------------------------------ comparison

    private int cmp(LuaValue rhs) {
        if (rhs instanceof LuaInteger i) {
            return Long.compare(v, i.v);
        }
        if (rhs instanceof LuaLong l) {
            return Long.compare(v, l.v);
        }
        return Lua54Numbers.compare(v, rhs.todouble());
    }

    @Override
    public LuaValue lt(LuaValue rhs) {
        return lt_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue lt(double rhs) {
        return lt_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue lt(int rhs) {
        return v < rhs ? TRUE : FALSE;
    }

    @Override
    public boolean lt_b(LuaValue rhs) {
        if (rhs instanceof LuaNumber) {
            int c = cmp(rhs);
            return c < 0 && c != Lua54Numbers.UNORDERED;
        }
        return super.lt_b(rhs);
    }

    @Override
    public boolean lt_b(int rhs) {
        return v < rhs;
    }

    @Override
    public boolean lt_b(double rhs) {
        int c = Lua54Numbers.compare(v, rhs);
        return c < 0 && c != Lua54Numbers.UNORDERED;
    }

    @Override
    public LuaValue lteq(LuaValue rhs) {
        return lteq_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue lteq(double rhs) {
        return lteq_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue lteq(int rhs) {
        return v <= rhs ? TRUE : FALSE;
    }

    @Override
    public boolean lteq_b(LuaValue rhs) {
        if (rhs instanceof NumericFor.ForLimit f) {
            return f.upTo(v);
        }
        if (rhs instanceof LuaNumber) {
            int c = cmp(rhs);
            return c <= 0 && c != Lua54Numbers.UNORDERED;
        }
        return super.lteq_b(rhs);
    }

    @Override
    public boolean lteq_b(int rhs) {
        return v <= rhs;
    }

    @Override
    public boolean lteq_b(double rhs) {
        int c = Lua54Numbers.compare(v, rhs);
        return c <= 0 && c != Lua54Numbers.UNORDERED;
    }

    @Override
    public LuaValue gt(LuaValue rhs) {
        return gt_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue gt(double rhs) {
        return gt_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue gt(int rhs) {
        return v > rhs ? TRUE : FALSE;
    }

    @Override
    public boolean gt_b(LuaValue rhs) {
        if (rhs instanceof LuaNumber) {
            return cmp(rhs) > 0;
        }
        return super.gt_b(rhs);
    }

    @Override
    public boolean gt_b(int rhs) {
        return v > rhs;
    }

    @Override
    public boolean gt_b(double rhs) {
        return Lua54Numbers.compare(v, rhs) > 0 && !Double.isNaN(rhs);
    }

    @Override
    public LuaValue gteq(LuaValue rhs) {
        return gteq_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue gteq(double rhs) {
        return gteq_b(rhs) ? TRUE : FALSE;
    }

    @Override
    public LuaValue gteq(int rhs) {
        return v >= rhs ? TRUE : FALSE;
    }

    @Override
    public boolean gteq_b(LuaValue rhs) {
        if (rhs instanceof NumericFor.ForLimit f) {
            return f.downTo(v);
        }
        if (rhs instanceof LuaNumber) {
            int c = cmp(rhs);
            return c >= 0 && c != Lua54Numbers.UNORDERED;
        }
        return super.gteq_b(rhs);
    }

    @Override
    public boolean gteq_b(int rhs) {
        return v >= rhs;
    }

    @Override
    public boolean gteq_b(double rhs) {
        int c = Lua54Numbers.compare(v, rhs);
        return c >= 0 && c != Lua54Numbers.UNORDERED;
    }
}

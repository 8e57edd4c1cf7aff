package org.luaj.vm2;

/**
 * Lua 5.4's number rules (manual §2.1, §3.4.1, §3.4.3, §3.4.4) for LuaJ's number classes: the
 * bodies of the LuaJ methods that {@code dev.jeplua.engine.luaj.LuaNumberPatch} redirects here
 * ({@code LuaInteger.valueOf(long)}, {@code LuaInteger.mod}, {@code LuaDouble.ddiv},
 * {@code LuaDouble.dmod}, {@code LuaString.tonumber} and the string arithmetic coercions,
 * {@code LuaTable} key normalisation) and the helpers JEPLua's libraries share.
 *
 * <p>Representation: an integer is a {@link LuaInteger} when it fits an {@code int}, else a
 * {@link LuaLong}; every {@link LuaDouble} is a float (also {@code 1.0}). Pure functions, any thread.
 */
public final class Lua54Numbers {
    /** {@link #compare} result when the double is NaN. */
    public static final int UNORDERED = Integer.MIN_VALUE;

    /** The NaN x86 produces for {@code 0/0} (sign bit set), which glibc prints as {@code -nan}. */
    public static final double NEG_NAN = Double.longBitsToDouble(0xfff8000000000000L);

    private Lua54Numbers() {}

    /** The integer {@code v}: a {@link LuaInteger} when it fits an {@code int}, else a {@link LuaLong}. */
    public static LuaNumber integer(long v) {
        int i = (int) v;
        return i == v ? LuaInteger.valueOf(i) : new LuaLong(v);
    }

    /** True for the integer subtype ({@code math.type(v) == "integer"}). */
    public static boolean isInteger(LuaValue v) {
        return v instanceof LuaInteger || v instanceof LuaLong;
    }

    /** True for the float subtype. */
    public static boolean isFloat(LuaValue v) {
        return v instanceof LuaDouble;
    }

    /**
     * The 64-bit integer of a float with an exact integer value, as 5.4's {@code lua_Number} to
     * {@code lua_Integer} conversion; {@code null} for fractions, infinities, NaN and values
     * outside [-2^63, 2^63).
     */
    public static Long floatToInteger(double d) {
        if (d >= -0x1p63 && d < 0x1p63) {
            long l = (long) d;
            if (l == d) {
                return l;
            }
        }
        return null;
    }

    /**
     * The integer representation of a number (5.4's {@code lua_tointeger} without string
     * conversion): integers as they are, floats with an integral value converted, else null.
     */
    public static LuaValue toInteger(LuaValue n) {
        if (isInteger(n)) {
            return n;
        }
        if (n instanceof LuaDouble) {
            Long l = floatToInteger(n.todouble());
            return l == null ? null : integer(l);
        }
        return null;
    }

    /**
     * Compares an integer with a float exactly (no rounding of the integer to a double).
     *
     * @return negative, zero or positive as {@code l} is below, equal to or above {@code d};
     *     {@link #UNORDERED} when {@code d} is NaN
     */
    public static int compare(long l, double d) {
        if (d != d) {
            return UNORDERED;
        }
        if (d >= 0x1p63) {
            return -1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        double f = Math.floor(d);
        long fl = (long) f;
        if (l != fl) {
            return l < fl ? -1 : 1;
        }
        return f == d ? 0 : -1;
    }

    /** A table key as 5.4 keys tables: a float with an integral value is the integer. */
    public static LuaValue normalizeKey(LuaValue key) {
        if (key instanceof LuaDouble) {
            double d = ((LuaDouble) key).v;
            if (d >= -0x1p63 && d < 0x1p63) {
                long l = (long) d;
                if (l == d) {
                    return integer(l);
                }
            }
        }
        return key;
    }

    /**
     * Replaces {@code value.type()} in {@code LuaTable.defaultEntry}: never {@link LuaValue#TNUMBER},
     * so every value under a non-integer key is kept as it is, in LuaJ's plain entry. LuaJ keeps a
     * number there as a bare {@code double}, which would turn integers into floats, and for floats
     * allocates a new {@code LuaDouble} at every read of the field (a field read in a loop, as
     * n-body's {@code b.x}, allocated each time); the value read back is the same float either way.
     *
     * @param value the value being stored (ignored)
     * @return {@link LuaValue#TNIL}
     */
    public static int entryType(LuaValue value) {
        return LuaValue.TNIL;
    }

    /** Replaces {@code value.tonumber()} in {@code NumberValueEntry.set}: the float itself, else nil. */
    public static LuaValue floatOrNil(LuaValue value) {
        return value instanceof LuaDouble ? value : LuaValue.NIL;
    }

    // ------------------------------------------------------------------ arithmetic

    /**
     * Integer {@code a % b} with floor semantics (the result has the sign of {@code b}).
     *
     * @throws LuaError {@code attempt to perform 'n%0'} when {@code b} is 0
     */
    public static LuaNumber imod(long a, long b) {
        if (b == 0) {
            throw new LuaError("attempt to perform 'n%0'");
        }
        return integer(Math.floorMod(a, b));
    }

    /**
     * Integer {@code a // b}: floor division, {@code math.mininteger // -1} wraps to itself.
     *
     * @throws LuaError {@code attempt to divide by zero} (as Debian's {@code lua5.4} words it) when {@code b} is 0
     */
    public static LuaNumber idiv(long a, long b) {
        if (b == 0) {
            throw new LuaError("attempt to divide by zero");
        }
        return integer(Math.floorDiv(a, b));
    }

    /** Body of {@code LuaInteger.mod(LuaValue)}: integer modulo when both are integers. */
    public static LuaValue mod(LuaInteger self, LuaValue rhs) {
        if (rhs instanceof LuaInteger i) {
            int b = i.v;
            if (b == 0) {
                throw new LuaError("attempt to perform 'n%0'");
            }
            return LuaInteger.valueOf(Math.floorMod(self.v, b));
        }
        if (rhs instanceof LuaLong l) {
            return imod(self.v, l.v);
        }
        if (rhs instanceof LuaString) {
            LuaValue n = coerce(rhs);
            if (n != null) {
                return self.mod(n);
            }
        }
        return rhs.modFrom(self.v);
    }

    /** Body of {@code LuaInteger.mod(int)}. */
    public static LuaValue modInt(LuaInteger self, int rhs) {
        return imod(self.v, rhs);
    }

    /** Float {@code a % b} as 5.4's {@code luai_nummod}: C's fmod, moved to the sign of {@code b}. */
    public static double fmodD(double a, double b) {
        if (b == 0 || Double.isInfinite(a) || a != a || b != b) {
            return a != a ? a : b != b ? b : NEG_NAN;
        }
        double m = a % b;
        if (m > 0 ? b < 0 : (m < 0 && b != m)) {
            m += b;
        }
        return m;
    }

    /** Body of {@code LuaDouble.dmod(double, double)}: a float. */
    public static LuaValue fmod(double a, double b) {
        return LuaDouble.valueOf(fmodD(a, b));
    }

    /** Body of {@code LuaDouble.ddiv(double, double)}: IEEE division; {@code 0/0} is x86's {@code -nan}. */
    public static LuaValue ddiv(double a, double b) {
        double r = a / b;
        if (r != r && a == a && b == b) {
            r = NEG_NAN;
        }
        return LuaDouble.valueOf(r);
    }

    /** Body of {@code LuaDouble.ddiv_d(double, double)}. */
    public static double ddivD(double a, double b) {
        double r = a / b;
        return r != r && a == a && b == b ? NEG_NAN : r;
    }

    // ------------------------------------------------------------------ strings as numbers

    /** The number a string operand of arithmetic stands for (5.4 string coercion), or null. */
    public static LuaValue coerce(LuaValue v) {
        if (v instanceof LuaString s) {
            return StringToNumber.convert(s);
        }
        return null;
    }

    /** 5.4's {@code lua_stringtonumber}: the number {@code s} reads as (subtype kept), or null. */
    public static LuaValue stringToNumber(LuaString s) {
        return StringToNumber.convert(s);
    }

    /** Body of {@code LuaString.checknumber()}: 5.4's conversion, or LuaJ's {@code checkdouble} error. */
    public static LuaNumber strCheckNumber(LuaString s) {
        LuaValue n = StringToNumber.convert(s);
        if (n == null) {
            s.checkdouble(); // LuaJ's own error for a string that is no number
            throw new LuaError("number expected, got string");
        }
        return (LuaNumber) n;
    }

    /** Body of {@code LuaString.tonumber()}: 5.4's {@code lua_stringtonumber}, or nil. */
    public static LuaValue tonumber(LuaString s) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? LuaValue.NIL : n;
    }

    /** Body of {@code LuaString.tonumber(int base)}: an integer in {@code base} (2..36), or nil. */
    public static LuaValue tonumber(LuaString s, int base) {
        LuaValue n = StringToNumber.convert(s, base);
        return n == null ? LuaValue.NIL : n;
    }

    /** Body of {@code LuaString.add(LuaValue)}. */
    public static LuaValue strAdd(LuaString s, LuaValue rhs) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? s.arithmt(LuaValue.ADD, rhs) : n.add(rhs);
    }

    /** Body of {@code LuaString.sub(LuaValue)}. */
    public static LuaValue strSub(LuaString s, LuaValue rhs) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? s.arithmt(LuaValue.SUB, rhs) : n.sub(rhs);
    }

    /** Body of {@code LuaString.mul(LuaValue)}. */
    public static LuaValue strMul(LuaString s, LuaValue rhs) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? s.arithmt(LuaValue.MUL, rhs) : n.mul(rhs);
    }

    /** Body of {@code LuaString.mod(LuaValue)}. */
    public static LuaValue strMod(LuaString s, LuaValue rhs) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? s.arithmt(LuaValue.MOD, rhs) : n.mod(rhs);
    }

    /** Body of {@code LuaString.neg()}. */
    public static LuaValue strNeg(LuaString s) {
        LuaValue n = StringToNumber.convert(s);
        return n == null
                ? s.checkmetatag(LuaValue.UNM, "attempt to perform arithmetic on ")
                        .call(s)
                : n.neg();
    }

    /** Body of {@code LuaString.add(int)}: {@code lhs + s} for an integer {@code lhs}. */
    public static LuaValue strAddInt(LuaString s, int lhs) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? s.arithmt(LuaValue.ADD, LuaValue.valueOf(lhs)) : n.add(lhs);
    }

    /** Body of {@code LuaString.mul(int)}. */
    public static LuaValue strMulInt(LuaString s, int lhs) {
        LuaValue n = StringToNumber.convert(s);
        return n == null ? s.arithmt(LuaValue.MUL, LuaValue.valueOf(lhs)) : n.mul(lhs);
    }

    /** Body of {@code LuaValue.subFrom(int)}: {@code lhs - self}, strings converted keeping the subtype. */
    public static LuaValue subFromInt(LuaValue self, int lhs) {
        if (self instanceof LuaString) {
            LuaValue n = StringToNumber.convert((LuaString) self);
            if (n != null) {
                return LuaValue.valueOf(lhs).sub(n);
            }
        }
        return self.subFrom((double) lhs);
    }
}

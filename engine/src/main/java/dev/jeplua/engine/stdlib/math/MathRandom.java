package dev.jeplua.engine.stdlib.math;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code math.random} and {@code math.randomseed} as Lua 5.4 defines them (manual §6.7): the
 * generator is xoshiro256** (the algorithm 5.4's {@code lmathlib.c} names), seeded and projected
 * into ranges the way 5.4.4 does, so the same seed gives the same sequence as {@code lua5.4}.
 *
 * <pre>
 * math.random() -> float in [0, 1)            the top 53 bits of the next 64-bit value
 * math.random(0) -> integer                   all 64 bits
 * math.random(n) -> integer in [1, n]         math.random(m, n) -> integer in [m, n]
 * math.randomseed([x [, y]]) -> x, y          seeds with x, y (integers, y default 0); without
 *                                             arguments with a seed from the clock, which it returns
 * </pre>
 *
 * Errors: {@code bad argument #1 to 'random' (interval is empty)} (m &gt; n), {@code wrong number
 * of arguments} (three or more), {@code number has no integer representation} for a non-integral
 * bound or seed. Results are Lua integers (a 64-bit {@code long}; the engine shows those beyond
 * its integer range as floats until its number model has a 64-bit subtype). Each engine has its
 * own generator, seeded from the clock at start as 5.4 does. Engine thread.
 */
public final class MathRandom implements LibraryFunction.Body {
    private final long[] state = new long[4];

    private MathRandom() {
        seed(System.nanoTime(), System.identityHashCode(this));
    }

    /**
     * Installs {@code random} and {@code randomseed} into {@code math} (one generator per call).
     *
     * @param math the engine's {@code math} table
     */
    public static void install(LuaTable math) {
        MathRandom r = new MathRandom();
        LibraryFunction.define(math, "random", FN_RANDOM, r);
        LibraryFunction.define(math, "randomseed", FN_RANDOMSEED, r);
    }

    private Varargs random(Varargs a) {
        long rv = next();
        long low;
        long up;
        switch (a.narg()) {
            case 0:
                return LuaValue.valueOf((rv >>> 11) * 0x1.0p-53);
            case 1:
                low = 1;
                up = integer(a, 1, "random");
                if (up == 0) {
                    return LuaInteger.valueOf(rv);
                }
                break;
            case 2:
                low = integer(a, 1, "random");
                up = integer(a, 2, "random");
                break;
            default:
                throw new org.luaj.vm2.LuaError("wrong number of arguments");
        }
        if (low > up) {
            throw LuaArgs.argError(1, "random", "interval is empty");
        }
        return LuaInteger.valueOf(project(rv, up - low) + low);
    }

    private Varargs randomseed(Varargs a) {
        long n1;
        long n2;
        if (a.narg() == 0) {
            n1 = System.currentTimeMillis() / 1000;
            n2 = System.nanoTime() ^ System.identityHashCode(state);
        } else {
            n1 = integer(a, 1, "randomseed");
            n2 = a.isnoneornil(2) ? 0 : integer(a, 2, "randomseed");
        }
        seed(n1, n2);
        return LuaValue.varargsOf(LuaInteger.valueOf(n1), LuaInteger.valueOf(n2));
    }

    private void seed(long n1, long n2) {
        state[0] = n1;
        state[1] = 0xff; // avoids an all-zero state
        state[2] = n2;
        state[3] = 0;
        for (int i = 0; i < 16; i++) {
            next(); // spreads the seed over the state
        }
    }

    /** xoshiro256**: the next 64-bit value. */
    private long next() {
        long s0 = state[0];
        long s1 = state[1];
        long s2 = state[2] ^ s0;
        long s3 = state[3] ^ s1;
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        state[0] = s0 ^ s3;
        state[1] = s1 ^ s2;
        state[2] = s2 ^ (s1 << 17);
        state[3] = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * {@code ran} projected into [0, n] (unsigned): masked to the smallest 2^b - 1 covering n,
     * drawing again while the result is above n, as 5.4.4 does (no bias).
     */
    private long project(long ran, long n) {
        if ((n & (n + 1)) == 0) {
            return ran & n;
        }
        long lim = n;
        lim |= lim >>> 1;
        lim |= lim >>> 2;
        lim |= lim >>> 4;
        lim |= lim >>> 8;
        lim |= lim >>> 16;
        lim |= lim >>> 32;
        while (Long.compareUnsigned(ran &= lim, n) > 0) {
            ran = next();
        }
        return ran;
    }

    /** Argument i as 5.4's {@code luaL_checkinteger}: integral numbers (and numeric strings) only. */
    private static long integer(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        LuaValue n = v.tonumber();
        if (n.isnil()) {
            throw LuaArgs.argError(i, fname, "number expected, got " + (i > a.narg() ? "no value" : v.typename()));
        }
        if (n.isinttype()) {
            return n.tolong();
        }
        double d = n.todouble();
        if (d != Math.floor(d) || d < -0x1p63 || d >= 0x1p63) {
            throw LuaArgs.argError(i, fname, "number has no integer representation");
        }
        return (long) d;
    }

    // function numbers of this math.random's LibraryFunction.Body
    private static final int FN_RANDOM = 0;
    private static final int FN_RANDOMSEED = 1;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_RANDOM -> random(a);
            case FN_RANDOMSEED -> randomseed(a);
            default -> throw new IllegalArgumentException("math.random: no function " + index);
        };
    }
}

package dev.jeplua.engine.luaj;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The Lua 5.4 operators LuaJ's virtual machine has no instruction for: floor division {@code //}
 * and the bitwise operators {@code & | ~ << >>} and unary {@code ~} (Lua 5.4 manual §3.4.1,
 * §3.4.2, §3.4.3). The compiler ({@code org.luaj.vm2.compiler.Lua54Parser}) calls these functions
 * where the operator appears.
 *
 * <p>Semantics: numbers are operands, and for {@code //} also strings convertible to numbers (as
 * 5.4's string metamethods convert them; {@code 1 // "x"} is {@code attempt to idiv a 'number' with
 * a 'string'}); otherwise the first
 * operand's metamethod ({@code __idiv}, {@code __band}, {@code __bor}, {@code __bxor}, {@code __shl},
 * {@code __shr}, {@code __bnot}), then the second's, is called; without one the error is 5.4's
 * {@code attempt to perform arithmetic on a nil value} / {@code attempt to perform bitwise operation
 * on a table value}. Bitwise operands must have an exact integer representation ({@code number
 * has no integer representation}); results are 64-bit two's complement, shifts are logical and
 * shifting by 64 or more gives 0. Integer floor division by zero raises {@code attempt to divide by zero}
 * (as {@code lua5.4} words it).
 *
 * <p>Results are integers ({@link org.luaj.vm2.Lua54Numbers#integer}) except for {@code //} with a
 * float operand, which gives a float. Stateless; any thread.
 */
public final class Lua54Operators {
    private Lua54Operators() {}

    /** {@code a // b}. */
    public static final LuaValue IDIV = new Binary("idiv", "__idiv") {
        @Override
        LuaValue numbers(LuaValue a, LuaValue b) {
            if (org.luaj.vm2.Lua54Numbers.isInteger(a) && org.luaj.vm2.Lua54Numbers.isInteger(b)) {
                return org.luaj.vm2.Lua54Numbers.idiv(a.tolong(), b.tolong());
            }
            return LuaValue.valueOf(Math.floor(org.luaj.vm2.Lua54Numbers.ddivD(a.todouble(), b.todouble())));
        }
    };

    /** {@code a & b}. */
    public static final LuaValue BAND = new Bitwise("band", "__band") {
        @Override
        long apply(long a, long b) {
            return a & b;
        }
    };

    /** {@code a | b}. */
    public static final LuaValue BOR = new Bitwise("bor", "__bor") {
        @Override
        long apply(long a, long b) {
            return a | b;
        }
    };

    /** {@code a ~ b}. */
    public static final LuaValue BXOR = new Bitwise("bxor", "__bxor") {
        @Override
        long apply(long a, long b) {
            return a ^ b;
        }
    };

    /** {@code a << n}. */
    public static final LuaValue SHL = new Bitwise("shl", "__shl") {
        @Override
        long apply(long a, long n) {
            return shiftLeft(a, n);
        }
    };

    /** {@code a >> n}. */
    public static final LuaValue SHR = new Bitwise("shr", "__shr") {
        @Override
        long apply(long a, long n) {
            return shiftLeft(a, n == Long.MIN_VALUE ? Long.MAX_VALUE : -n);
        }
    };

    /** {@code ~a}. */
    public static final LuaValue BNOT = new OneArgFunction() {
        {
            name = "bnot";
        }

        @Override
        public LuaValue call(LuaValue a) {
            if (a.type() == TNUMBER) {
                return integer(~toInteger(a));
            }
            LuaValue h = a.metatag(LuaValue.valueOf("__bnot"));
            if (h.isnil()) {
                throw new LuaError("attempt to perform bitwise operation on a " + a.typename() + " value");
            }
            return h.call(a, a);
        }
    };

    /** Logical shift left by {@code n} (negative: right), 0 from 64 places on (§3.4.2). */
    static long shiftLeft(long x, long n) {
        if (n <= -64 || n >= 64) {
            return 0;
        }
        return n >= 0 ? x << n : x >>> -n;
    }

    /** A 64-bit integer result. */
    static LuaValue integer(long v) {
        return org.luaj.vm2.Lua54Numbers.integer(v);
    }

    /**
     * The integer value of a number, as 5.4's {@code lua_tointeger} for bitwise operands.
     *
     * @throws LuaError {@code number has no integer representation}
     */
    static long toInteger(LuaValue n) {
        if (org.luaj.vm2.Lua54Numbers.isInteger(n)) {
            return n.tolong();
        }
        double d = n.todouble();
        if (d == Math.floor(d) && d >= -0x1p63 && d < 0x1p63) {
            return (long) d;
        }
        throw new LuaError("number has no integer representation");
    }

    /** An operator on two operands with a metamethod fallback. */
    private abstract static class Binary extends TwoArgFunction {
        private final LuaValue event;
        private final String what;
        private final boolean arithmetic;

        Binary(String name, String event) {
            this.name = name;
            this.event = LuaValue.valueOf(event);
            this.arithmetic = "__idiv".equals(event);
            this.what = arithmetic ? "perform arithmetic on" : "perform bitwise operation on";
        }

        @Override
        public final LuaValue call(LuaValue a, LuaValue b) {
            LuaValue x = operand(a);
            LuaValue y = operand(b);
            if (!x.isnil() && !y.isnil()) {
                return numbers(x, y);
            }
            LuaValue h = a.metatag(event);
            if (h.isnil()) {
                h = b.metatag(event);
            }
            if (!h.isnil()) {
                return h.call(a, b);
            }
            if (arithmetic && (a.type() == TSTRING || b.type() == TSTRING)) {
                // the string library's arithmetic metamethod failed to convert (lstrlib's trymt)
                throw new LuaError("attempt to " + name + " a '" + a.typename() + "' with a '" + b.typename() + "'");
            }
            LuaValue culprit = x.isnil() ? a : b;
            throw new LuaError("attempt to " + what + " a " + culprit.typename() + " value");
        }

        /** The number an operand stands for, or nil: arithmetic converts strings, bitwise operators do not (5.4). */
        private LuaValue operand(LuaValue v) {
            return v.type() == TNUMBER ? v : arithmetic ? v.tonumber() : NIL;
        }

        /** The operation on two numbers. */
        abstract LuaValue numbers(LuaValue a, LuaValue b);
    }

    /** A bitwise operator: both operands as 64-bit integers. */
    private abstract static class Bitwise extends Binary {
        Bitwise(String name, String event) {
            super(name, event);
        }

        @Override
        final LuaValue numbers(LuaValue a, LuaValue b) {
            return integer(apply(toInteger(a), toInteger(b)));
        }

        abstract long apply(long a, long b);
    }
}

package org.luaj.vm2;

/**
 * The numeric {@code for} loop as Lua 5.4 runs it (manual §3.3.5), on LuaJ's unchanged
 * {@code FORPREP}/{@code FORLOOP} instructions. {@code FORPREP} checks its three values with
 * {@code checknumber("'for' ... must be a number")}; those calls are redirected here
 * ({@code LuaNumber}, {@code LuaString} and {@code LuaValue.checknumber(String)}, see
 * {@code dev.jeplua.engine.luaj.LuaNumberPatch}), which
 * <ul>
 *   <li>raise 5.4's errors: {@code 'for' step is zero}, {@code bad 'for' limit (number expected,
 *       got nil)};
 *   <li>convert strings as 5.4 does (a loop whose initial value is a string counts in floats);
 *   <li>return, only when the loop could overflow 64 bits (a limit or step outside the 32-bit
 *       range), a limit or step object that ends the loop instead of letting the index wrap
 *       around ({@code for i = math.maxinteger - 2, math.maxinteger} runs three times). Loops
 *       with 32-bit limits and steps keep their plain values and cost nothing extra.
 * </ul>
 * Integer loops stay integer loops (LuaJ adds the step to the index with the operands' own
 * arithmetic); a float initial value or step gives a float loop. Any thread.
 */
public final class NumericFor {
    static final String INIT = "'for' initial value must be a number";
    static final String LIMIT = "'for' limit must be a number";
    static final String STEP = "'for' step must be a number";

    private NumericFor() {}

    /** Body of {@code LuaNumber.checknumber(String)}. */
    public static LuaNumber checkNumber(LuaNumber n, String msg) {
        if (msg == STEP || STEP.equals(msg)) {
            if (n instanceof LuaInteger i) {
                if (i.v == 0) {
                    throw new LuaError("'for' step is zero");
                }
                return n;
            }
            if (n instanceof LuaLong l && !(n instanceof ForStep)) {
                return new ForStep(l.v);
            }
            if (n.todouble() == 0) {
                throw new LuaError("'for' step is zero");
            }
            return n;
        }
        if ((msg == LIMIT || LIMIT.equals(msg)) && !(n instanceof LuaInteger)) {
            if (n instanceof LuaLong || !(Math.abs(n.todouble()) < 0x1p31)) {
                return new ForLimit(n);
            }
        }
        return n;
    }

    /** Body of {@code LuaString.checknumber(String)}: 5.4's conversion, floats for a loop's initial value. */
    public static LuaNumber checkString(LuaString s, String msg) {
        LuaValue n = StringToNumber.convert(s);
        if (n == null) {
            throw new LuaError(message(msg, s));
        }
        if (msg == INIT || INIT.equals(msg)) {
            return LuaDouble.valueOf(n.todouble());
        }
        return checkNumber((LuaNumber) n, msg);
    }

    /** Body of {@code LuaValue.checknumber(String)}: the error, worded as 5.4 words the loop's. */
    public static LuaNumber checkOther(LuaValue v, String msg) {
        throw new LuaError(message(msg, v));
    }

    private static String message(String msg, LuaValue v) {
        String what =
                INIT.equals(msg) ? "initial value" : LIMIT.equals(msg) ? "limit" : STEP.equals(msg) ? "step" : null;
        if (what == null) {
            return msg;
        }
        return "bad 'for' " + what + " (number expected, got " + typeName(v) + ")";
    }

    private static String typeName(LuaValue v) {
        LuaValue name = v.metatag(LuaValue.valueOf("__name"));
        return name.isstring() ? name.tojstring() : v.typename();
    }

    /**
     * A 64-bit step: adding it to the index ends the loop (an infinity, above or below any limit)
     * instead of wrapping around. The first addition is {@code FORPREP}'s {@code init - step}
     * undone, which may wrap back legitimately.
     */
    static final class ForStep extends LuaLong {
        private boolean started;

        ForStep(long v) {
            super(v);
        }

        @Override
        public LuaValue add(LuaValue idx) {
            if (!(idx instanceof LuaInteger || idx instanceof LuaLong)) {
                return super.add(idx);
            }
            long i = idx.tolong();
            long r = i + v;
            if (started && ((i ^ r) & (v ^ r)) < 0) {
                return v > 0 ? LuaDouble.POSINF : LuaDouble.NEGINF;
            }
            started = true;
            return Lua54Numbers.integer(r);
        }
    }

    /**
     * A limit outside the 32-bit range: an integer index that went down (counting up) or up
     * (counting down) has wrapped around, and fails the test, ending the loop.
     */
    static final class ForLimit extends LuaNumber {
        private final LuaNumber limit;
        private boolean started;
        private long last;

        ForLimit(LuaNumber limit) {
            this.limit = limit;
        }

        /** Counting up: index {@code idx} still runs. */
        boolean upTo(long idx) {
            if (started && idx <= last) {
                return false;
            }
            started = true;
            last = idx;
            return limit.gteq_b(Lua54Numbers.integer(idx));
        }

        /** Counting down: index {@code idx} still runs. */
        boolean downTo(long idx) {
            if (started && idx >= last) {
                return false;
            }
            started = true;
            last = idx;
            return limit.lteq_b(Lua54Numbers.integer(idx));
        }

        @Override
        public boolean gteq_b(int idx) {
            return upTo(idx);
        }

        @Override
        public boolean lteq_b(int idx) {
            return downTo(idx);
        }

        @Override
        public boolean gteq_b(double idx) {
            return limit.gteq_b(idx);
        }

        @Override
        public boolean lteq_b(double idx) {
            return limit.lteq_b(idx);
        }

        @Override
        public double todouble() {
            return limit.todouble();
        }

        @Override
        public long tolong() {
            return limit.tolong();
        }

        @Override
        public String tojstring() {
            return limit.tojstring();
        }

        @Override
        public LuaString strvalue() {
            return limit.strvalue();
        }
    }
}

package org.luaj.vm2;

/**
 * The arithmetic, comparison and numeric-{@code for} instructions of compiled bodies with a
 * fast path for the common operand types: two integers that fit an {@code int} ({@link LuaInteger}),
 * two floats ({@link LuaDouble}) or one of each, computed here without LuaJ's double dispatch
 * ({@code a.add(b)} calling {@code b.add(int)}). Every other case (strings, {@link LuaLong}
 * beyond 32 bits, tables with metamethods, errors) takes the {@code LuaValue} method the
 * interpreter calls, so the results are the interpreter's: integer results go through
 * {@link Lua54Numbers#integer} (a {@link LuaLong} beyond 32 bits, 64-bit wraparound as in LuaJ's
 * patched {@code LuaInteger.valueOf(long)}), float results through {@link LuaDouble#valueOf}
 * (always a float), {@code /} through {@link Lua54Numbers#ddiv}, {@code %} of integers through
 * {@link Lua54Numbers#mod}. Small static methods, so the JIT inlines them into the generated
 * code. Stateless; any thread.
 */
public final class CompiledArith {
    private CompiledArith() {}

    /** {@code a + b}. */
    public static LuaValue add(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return Lua54Numbers.integer((long) x.v + y.v);
            }
            if (b instanceof LuaDouble y) {
                return LuaDouble.valueOf(x.v + y.v);
            }
        } else if (a instanceof LuaDouble x) {
            if (b instanceof LuaDouble y) {
                return LuaDouble.valueOf(x.v + y.v);
            }
            if (b instanceof LuaInteger y) {
                return LuaDouble.valueOf(x.v + y.v);
            }
        }
        return a.add(b);
    }

    /** {@code a - b}. */
    public static LuaValue sub(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return Lua54Numbers.integer((long) x.v - y.v);
            }
            if (b instanceof LuaDouble y) {
                return LuaDouble.valueOf(x.v - y.v);
            }
        } else if (a instanceof LuaDouble x) {
            if (b instanceof LuaDouble y) {
                return LuaDouble.valueOf(x.v - y.v);
            }
            if (b instanceof LuaInteger y) {
                return LuaDouble.valueOf(x.v - y.v);
            }
        }
        return a.sub(b);
    }

    /** {@code a * b}. */
    public static LuaValue mul(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return Lua54Numbers.integer((long) x.v * y.v);
            }
            if (b instanceof LuaDouble y) {
                return LuaDouble.valueOf(x.v * y.v);
            }
        } else if (a instanceof LuaDouble x) {
            if (b instanceof LuaDouble y) {
                return LuaDouble.valueOf(x.v * y.v);
            }
            if (b instanceof LuaInteger y) {
                return LuaDouble.valueOf(x.v * y.v);
            }
        }
        return a.mul(b);
    }

    /** {@code a / b}: always a float; {@code 0/0} is x86's {@code -nan} as in {@link Lua54Numbers#ddiv}. */
    public static LuaValue div(LuaValue a, LuaValue b) {
        if (a instanceof LuaDouble x) {
            if (b instanceof LuaDouble y) {
                return Lua54Numbers.ddiv(x.v, y.v);
            }
            if (b instanceof LuaInteger y) {
                return Lua54Numbers.ddiv(x.v, y.v);
            }
        } else if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return Lua54Numbers.ddiv(x.v, y.v);
            }
            if (b instanceof LuaDouble y) {
                return Lua54Numbers.ddiv(x.v, y.v);
            }
        }
        return a.div(b);
    }

    /** {@code a % b}: integers by {@link Lua54Numbers#mod} (error on zero), floats by {@link Lua54Numbers#fmod}. */
    public static LuaValue mod(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger) {
                return Lua54Numbers.mod(x, b);
            }
        } else if (a instanceof LuaDouble x && b instanceof LuaDouble y) {
            return Lua54Numbers.fmod(x.v, y.v);
        }
        return a.mod(b);
    }

    /** {@code -a}. */
    public static LuaValue neg(LuaValue a) {
        if (a instanceof LuaInteger x) {
            return Lua54Numbers.integer(-(long) x.v);
        }
        if (a instanceof LuaDouble x) {
            return LuaDouble.valueOf(-x.v);
        }
        return a.neg();
    }

    /** {@code a == b} (raw for numbers, {@code __eq} by {@code eq_b} otherwise). */
    public static boolean eq(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return x.v == y.v;
            }
        } else if (a instanceof LuaDouble x && b instanceof LuaDouble y) {
            return x.v == y.v;
        }
        return a.eq_b(b);
    }

    /** {@code a < b}. */
    public static boolean lt(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return x.v < y.v;
            }
        } else if (a instanceof LuaDouble x && b instanceof LuaDouble y) {
            return x.v < y.v;
        }
        return a.lt_b(b);
    }

    /** {@code a <= b}. */
    public static boolean le(LuaValue a, LuaValue b) {
        if (a instanceof LuaInteger x) {
            if (b instanceof LuaInteger y) {
                return x.v <= y.v;
            }
        } else if (a instanceof LuaDouble x && b instanceof LuaDouble y) {
            return x.v <= y.v;
        }
        return a.lteq_b(b);
    }

    /**
     * {@code FORLOOP} on registers {@code a..a+3}: steps the loop; true when the body runs again.
     * Index, limit and step that are all {@link LuaInteger} (32-bit; {@code NumericFor} gives
     * wider limits and steps their own classes) step here: the next index is at most the limit
     * (or at least it, counting down), so it fits an {@code int}. Otherwise the interpreter's steps
     * ({@link CompiledSupport#forloop}).
     */
    public static boolean forloop(LuaValue[] stack, int a) {
        if (stack[a] instanceof LuaInteger i
                && stack[a + 1] instanceof LuaInteger limit
                && stack[a + 2] instanceof LuaInteger step) {
            long next = (long) i.v + step.v;
            if (step.v > 0 ? next <= limit.v : next >= limit.v) {
                LuaInteger idx = LuaInteger.valueOf((int) next);
                stack[a] = idx;
                stack[a + 3] = idx;
                return true;
            }
            return false;
        }
        return CompiledSupport.forloop(stack, a);
    }
}

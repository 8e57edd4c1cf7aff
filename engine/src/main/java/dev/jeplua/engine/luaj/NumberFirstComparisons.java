package dev.jeplua.engine.luaj;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * Bodies of LuaJ's {@code LuaValue.lt_b}, {@code lteq_b}, {@code gt_b} and {@code gteq_b} taking
 * an {@code int} or {@code double}, for receivers that are neither numbers nor strings (tables,
 * userdata, nil, booleans, functions, coroutines).
 *
 * <p>LuaJ's number classes compare with a non-number by handing the comparison to the other
 * operand: {@code 1 < t} becomes {@code t.gt_b(1)}. LuaJ's {@code LuaValue} then raised an error
 * at once, without looking for {@code __lt}/{@code __le}, and named the operands the wrong way
 * round ({@code attempt to compare table with number}). Lua 5.4 (manual §3.4.4, {@code
 * luaT_callorderTM}) tries the metamethod of either operand, called with the operands in source
 * order, and otherwise raises {@code attempt to compare number with table}. These bodies do that
 * through LuaJ's {@code comparemt}, the path {@code t < 1} already takes, so both orders behave
 * alike in both execution modes; its error ({@code attempt to compare __lt on number and table})
 * is worded as 5.4's by {@code ErrorWording}.
 *
 * <p>Swapped into {@code LuaValue} by {@link Lua54Patches#luaValue}. Any thread that runs Lua.
 */
public final class NumberFirstComparisons {
    private NumberFirstComparisons() {}

    /** {@code n < self}: body of {@code self.gt_b(int n)}. */
    public static boolean numberLess(LuaValue self, int n) {
        return LuaInteger.valueOf(n).comparemt(LuaValue.LT, self).toboolean();
    }

    /** {@code n < self}: body of {@code self.gt_b(double n)}. */
    public static boolean numberLess(LuaValue self, double n) {
        return LuaDouble.valueOf(n).comparemt(LuaValue.LT, self).toboolean();
    }

    /** {@code n <= self}: body of {@code self.gteq_b(int n)}. */
    public static boolean numberLessEqual(LuaValue self, int n) {
        return LuaInteger.valueOf(n).comparemt(LuaValue.LE, self).toboolean();
    }

    /** {@code n <= self}: body of {@code self.gteq_b(double n)}. */
    public static boolean numberLessEqual(LuaValue self, double n) {
        return LuaDouble.valueOf(n).comparemt(LuaValue.LE, self).toboolean();
    }

    /** {@code self < n}: body of {@code self.lt_b(int n)}. */
    public static boolean lessThanNumber(LuaValue self, int n) {
        return self.comparemt(LuaValue.LT, LuaInteger.valueOf(n)).toboolean();
    }

    /** {@code self < n}: body of {@code self.lt_b(double n)}. */
    public static boolean lessThanNumber(LuaValue self, double n) {
        return self.comparemt(LuaValue.LT, LuaDouble.valueOf(n)).toboolean();
    }

    /** {@code self <= n}: body of {@code self.lteq_b(int n)}. */
    public static boolean lessEqualNumber(LuaValue self, int n) {
        return self.comparemt(LuaValue.LE, LuaInteger.valueOf(n)).toboolean();
    }

    /** {@code self <= n}: body of {@code self.lteq_b(double n)}. */
    public static boolean lessEqualNumber(LuaValue self, double n) {
        return self.comparemt(LuaValue.LE, LuaDouble.valueOf(n)).toboolean();
    }
}

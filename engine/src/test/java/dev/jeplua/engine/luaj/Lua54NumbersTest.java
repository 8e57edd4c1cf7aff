package dev.jeplua.engine.luaj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaLong;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Lua 5.4's numbers on LuaJ (the patched classes, {@link org.luaj.vm2.Lua54Numbers},
 * {@link org.luaj.vm2.NumericFor}): table key normalisation, the numeric {@code for} at the
 * 64-bit edges, constants and formatting. Expected values are what Debian's {@code lua5.4} prints.
 */
@Timeout(60)
class Lua54NumbersTest {
    private final LuaSpecHarness h = new LuaSpecHarness();

    private String run(String code) {
        h.runChunk(code);
        return h.takeOutput();
    }

    @Test
    void integersHaveOneRepresentationEach() {
        assertThat(Lua54Numbers.integer(5)).isInstanceOf(LuaInteger.class);
        assertThat(Lua54Numbers.integer(1L << 40)).isInstanceOf(LuaLong.class);
        assertThat(LuaInteger.valueOf(1L << 40)).isInstanceOf(LuaLong.class);
        assertThat(LuaValue.valueOf(5.0)).isInstanceOf(LuaDouble.class);
        assertThat(LuaValue.valueOf(3).add(LuaValue.valueOf(Integer.MAX_VALUE))).isInstanceOf(LuaLong.class);
    }

    @Test
    void integralFloatKeysAreIntegerKeys() {
        LuaTable t = new LuaTable();
        t.set(LuaValue.valueOf(1.0), LuaValue.valueOf("a"));
        t.set(LuaValue.valueOf(0x1p53), LuaValue.valueOf("b"));
        assertThat(t.get(1).tojstring()).isEqualTo("a");
        assertThat(t.get(Lua54Numbers.integer(1L << 53)).tojstring()).isEqualTo("b");
        assertThat(t.length()).isEqualTo(1);
        assertThat(Lua54Numbers.isInteger(t.next(LuaValue.NIL).arg1())).isTrue();
        assertThat(run("local t = {} t[2^53] = 1 t[1.5] = 2 print(t[2^53|0], t[1.5], math.type(next({[3.0]=1})))"))
                .isEqualTo("1\t2\tinteger\n");
    }

    @Test
    void integerValuesKeepTheirSubtypeInTables() {
        // LuaJ kept numbers under non-integer keys as bare doubles
        assertThat(run("local t = {x = 5, y = 5.0, z = math.maxinteger} t.y = 7 print(t.x, t.y, t.z, math.type(t.y))"))
                .isEqualTo("5\t7\t9223372036854775807\tinteger\n");
    }

    @Test
    void integerForLoopsStopAtTheEdgesInsteadOfWrapping() {
        assertThat(run("for i = math.maxinteger - 2, math.maxinteger do io.write(i, ' ') end print()"))
                .isEqualTo("9223372036854775805 9223372036854775806 9223372036854775807 \n");
        assertThat(run("for i = math.mininteger + 1, math.mininteger, -1 do io.write(i, ' ') end print()"))
                .isEqualTo("-9223372036854775807 -9223372036854775808 \n");
        assertThat(run("local n = 0 for i = 1, 10, math.maxinteger do n = n + 1 end print(n)"))
                .isEqualTo("1\n");
        assertThat(run("local n = 0 for i = math.mininteger, math.mininteger + 4 do n = n + 1 end print(n)"))
                .isEqualTo("5\n");
    }

    @Test
    void forLoopErrorsAndSubtypes() {
        assertThat(run("print(pcall(function() for i = 1, 2, 0 do end end))")).endsWith("'for' step is zero\n");
        assertThat(run("print(pcall(function() for i = 1, nil do end end))"))
                .endsWith("bad 'for' limit (number expected, got nil)\n");
        assertThat(
                        run(
                                "for i = 1, 2 do io.write(math.type(i), ' ') end for i = 1.0, 2 do io.write(math.type(i), ' ') end print()"))
                .isEqualTo("integer integer float float \n");
        assertThat(run("for i = 1, 3.5 do io.write(i, ' ') end print()")).isEqualTo("1 2 3 \n");
    }

    @Test
    void constantsKeepIntegersFloatsAndNegativeZeroApart() {
        assertThat(run("print(1, 1.0, -0.0, 0.0, 3 // 1, 3.0 // 1, 2^2)"))
                .isEqualTo("1\t1.0\t-0.0\t0.0\t3\t3.0\t4.0\n");
        assertThat(run("print(0xffffffffffffffff, 9223372036854775808, 1e2)"))
                .isEqualTo("-1\t9.2233720368548e+18\t100.0\n");
    }

    @Test
    void formatting() {
        assertThat(run("print(10/2, 1e15, 1e16, 0/0, -(0/0), 1/0)")).isEqualTo("5.0\t1e+15\t1e+16\t-nan\tnan\tinf\n");
        assertThat(run("print(string.format('%d %q %q %a', 3.0, math.mininteger, 0.5, 1))"))
                .isEqualTo("3 0x8000000000000000 0x1p-1 0x1p+0\n");
        assertThat(run("print(pcall(string.format, '%d', 3.5))"))
                .isEqualTo("false\tbad argument #2 to 'string.format' (number has no integer representation)\n");
    }

    @Test
    void stringCoercionKeepsTheSubtype() {
        assertThat(run("print('10' + 1, '1e1' + 1, 1 - '10', '3' * 2, tonumber('0x10'), tonumber('10', 16))"))
                .isEqualTo("11\t11.0\t-9\t6\t16\t16\n");
    }

    @Test
    void exactComparisonsBetweenIntegersAndFloats() {
        assertThat(run("print(2^53 == 2^53 + 1, math.maxinteger + 0.0 == math.maxinteger, 9007199254740993 < 2^53)"))
                .isEqualTo("true\tfalse\tfalse\n");
    }
}

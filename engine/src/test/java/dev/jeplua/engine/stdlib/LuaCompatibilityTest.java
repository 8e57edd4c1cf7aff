package dev.jeplua.engine.stdlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.luaj.LuaNumberPatch;
import dev.jeplua.engine.stdlib.number.LuaNumberFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The number formatter's rounding cases (the Lua 5.2 compatibility fixes themselves are
 * compatibility_spec.lua, run by {@code LuaSpecTest} with every other spec file). The differential comparison with the reference
 * interpreter itself is conformance/run.sh.
 */
@Timeout(60)
class LuaCompatibilityTest {
    @Test
    void g14_matches_c_printf_for_typical_and_edge_values() {
        assertThat(LuaNumberFormat.g14(1.0 / 3)).isEqualTo("0.33333333333333");
        assertThat(LuaNumberFormat.g14(100)).isEqualTo("100");
        assertThat(LuaNumberFormat.g14(1e14)).isEqualTo("1e+14");
        assertThat(LuaNumberFormat.g14(123456789012345.0)).isEqualTo("1.2345678901234e+14");
        assertThat(LuaNumberFormat.g14(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(LuaNumberFormat.g14(1e-5)).isEqualTo("1e-05");
        assertThat(LuaNumberFormat.g14(0.0001)).isEqualTo("0.0001");
        assertThat(LuaNumberFormat.g14(-0.0)).isEqualTo("-0");
        assertThat(LuaNumberFormat.g14(Double.MIN_VALUE)).isEqualTo("4.9406564584125e-324");
        assertThat(LuaNumberFormat.g14(99999999999999.5)).isEqualTo("1e+14");
        assertThat(LuaNumberFormat.g14(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    }

    @Test
    void fixed_and_scientific_round_half_to_even_on_the_exact_binary_value() {
        assertThat(LuaNumberFormat.fixed(0.125, 2, false)).isEqualTo("0.12");
        assertThat(LuaNumberFormat.fixed(0.375, 2, false)).isEqualTo("0.38");
        assertThat(LuaNumberFormat.fixed(2.675, 2, false)).isEqualTo("2.67"); // 2.67499999... in binary
        assertThat(LuaNumberFormat.scientific(12345.678, 6, false, false)).isEqualTo("1.234568e+04");
        assertThat(LuaNumberFormat.general(1e-5, 6, false, false)).isEqualTo("1e-05");
        assertThat(LuaNumberFormat.general(123456789, 6, false, true)).isEqualTo("1.23457E+08");
    }

    @Test
    void concatenation_uses_the_redirected_formatter() {
        assertThat(LuaNumberPatch.ensureInstalled()).isTrue();
        assertThat(org.luaj.vm2.LuaValue.valueOf(1.0 / 3)
                        .concat(org.luaj.vm2.LuaValue.valueOf(""))
                        .tojstring())
                .isEqualTo("0.33333333333333");
    }
}

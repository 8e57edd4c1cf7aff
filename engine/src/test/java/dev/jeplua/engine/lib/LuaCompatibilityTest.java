package dev.jeplua.engine.lib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The Lua 5.2 compatibility fixes (compatibility_spec.lua, each test on a fresh engine) and the
 * number formatter's rounding cases. The differential comparison with the reference
 * interpreter itself is conformance/run.sh.
 */
@Timeout(60)
class LuaCompatibilityTest {
    private static final String SPEC = "compatibility_spec.lua";

    @TestFactory
    Stream<DynamicTest> compatibility_spec() {
        String source = read();
        List<String> names = new LuaSpecHarness().load(source, "@" + SPEC);
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            LuaSpecHarness h = new LuaSpecHarness();
            h.load(source, "@" + SPEC);
            h.runTest(name);
        }));
    }

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
        assertThat(LuaNumberFormat.fixed(2.675, 2, false)).isEqualTo("2.67");   // 2.67499999... in binary
        assertThat(LuaNumberFormat.scientific(12345.678, 6, false, false)).isEqualTo("1.234568e+04");
        assertThat(LuaNumberFormat.general(1e-5, 6, false, false)).isEqualTo("1e-05");
        assertThat(LuaNumberFormat.general(123456789, 6, false, true)).isEqualTo("1.23457E+08");
    }

    @Test
    void concatenation_uses_the_redirected_formatter() {
        assertThat(LuaNumberPatch.ensureInstalled()).isTrue();
        assertThat(org.luaj.vm2.LuaValue.valueOf(1.0 / 3).concat(org.luaj.vm2.LuaValue.valueOf("")).tojstring())
                .isEqualTo("0.33333333333333");
    }

    private static String read() {
        try (InputStream in = LuaCompatibilityTest.class.getResourceAsStream("/lua/" + SPEC)) {
            if (in == null) {
                throw new IllegalStateException("missing spec file " + SPEC);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

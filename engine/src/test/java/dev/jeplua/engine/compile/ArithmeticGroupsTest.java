package dev.jeplua.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * {@link ArithmeticGroups}: which runs of arithmetic instructions get an unboxed fast path. Their
 * results against the interpreter are {@code CompiledTierTest}'s.
 */
class ArithmeticGroupsTest {
    /** The first function defined in {@code code}. */
    private static Prototype function(String code) throws Exception {
        Prototype main = JsePlatform.standardGlobals()
                .compilePrototype(new ByteArrayInputStream(code.getBytes(StandardCharsets.UTF_8)), "=t");
        return main.p[0];
    }

    /** The runs found, as the opcodes of their instructions ("MUL MUL ADD"). */
    private static List<String> runs(Prototype p) {
        ArithmeticGroups groups =
                new ArithmeticGroups(p, new SpillAnalysis(p, new RegisterPlan(p)), new RegisterPlan(p));
        List<String> out = new ArrayList<>();
        for (int pc = 0; pc < p.code.length; pc++) {
            if (groups.starts(pc)) {
                StringBuilder sb = new StringBuilder();
                for (int q = pc; q <= groups.last(pc); q++) {
                    sb.append(q > pc ? " " : "").append(name(Lua.GET_OPCODE(p.code[q])));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static String name(int op) {
        return switch (op) {
            case Lua.OP_ADD -> "ADD";
            case Lua.OP_SUB -> "SUB";
            case Lua.OP_MUL -> "MUL";
            case Lua.OP_DIV -> "DIV";
            case Lua.OP_UNM -> "UNM";
            default -> "op" + op;
        };
    }

    @Test
    void a_sum_of_products_is_one_tree_with_one_result() throws Exception {
        Prototype p = function("local function f(dx, dy, dz) local d2 = dx*dx + dy*dy + dz*dz return d2 end");
        assertThat(runs(p)).containsExactly("MUL MUL ADD MUL ADD");
    }

    @Test
    void a_named_local_ends_a_tree_since_it_is_read_again_later() throws Exception {
        Prototype p = function("local function f(x, y) local a = x * y local b = a / 2 + a return b end");
        // (the product alone, on two registers, is left to its instruction's own fast path)
        assertThat(runs(p)).containsExactly("DIV ADD");
    }

    @Test
    void each_value_of_a_multiple_assignment_is_a_tree_of_its_own() throws Exception {
        Prototype p = function("local function f(a, b, c, d) a, b = a - c * d, b + -c return a, b end");
        assertThat(runs(p)).containsExactly("MUL SUB", "UNM ADD");
    }

    @Test
    void a_lone_integer_step_a_lone_operation_on_registers_and_string_constants_get_no_fast_path() throws Exception {
        assertThat(runs(function("local function f(n) return n - 1 end"))).isEmpty();
        assertThat(runs(function("local function f(a, b) return a + b end"))).isEmpty();
        assertThat(runs(function("local function f(a) return -a end"))).isEmpty();
        // the product with a string constant runs on its own, and so does the sum that reads it
        // (one operation on two registers)
        assertThat(runs(function("local function f(n) return n * 'x' + n end"))).isEmpty();
        assertThat(runs(function("local function f(n) return n * 0.5 end"))).containsExactly("MUL");
        assertThat(runs(function("local function f(a, b) return a / b end"))).containsExactly("DIV");
    }

    @Test
    void a_jump_into_the_middle_ends_a_tree() throws Exception {
        // the loop's body starts at the ADD: its back-edge jumps there, not to the MUL before it
        Prototype p =
                function("local function f(x, y) local s = x * y repeat s = s + y * 2 until s > 100 return s end");
        assertThat(runs(p)).doesNotContain("MUL MUL ADD").contains("MUL ADD");
    }

    @Test
    void stripped_functions_get_no_fast_paths() throws Exception {
        Prototype p = function("local function f(dx, dy) return dx*dx + dy*dy end");
        assertThat(runs(p)).containsExactly("MUL MUL ADD");
        p.locvars = new LocVars[0];
        assertThat(runs(p)).isEmpty();
    }
}

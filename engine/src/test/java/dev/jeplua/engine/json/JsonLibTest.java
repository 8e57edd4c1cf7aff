package dev.jeplua.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

class JsonLibTest {

    private Globals globals;

    @BeforeEach
    void setUp() {
        dev.jeplua.engine.luaj.LuaNumberPatch.ensureInstalled(); // Lua 5.4 numbers
        globals = JsePlatform.standardGlobals();
        globals.load(new JsonLib());
    }

    private Varargs run(String chunk) {
        return globals.load(chunk, "test").invoke();
    }

    private String eval(String expression) {
        return run("return " + expression).arg1().tojstring();
    }

    private String error(String chunk) {
        Varargs result = run("return pcall(function() " + chunk + " end)");
        assertThat(result.arg1().toboolean()).as("pcall result of %s", chunk).isFalse();
        return result.arg(2).tojstring();
    }

    // ---------------------------------------------------------------- installation

    @Test
    void json_is_a_global_and_a_loaded_package() {
        assertThat(run("return json == require('json')").arg1().toboolean()).isTrue();
    }

    @Test
    void pretty_and_fast_aliases_exist_under_their_eplua_names() {
        assertThat(run("return json.encodeFast == json.encode and json.encodeFormated == json.encodePretty"
                                + " and json.initArray ~= nil")
                        .arg1()
                        .toboolean())
                .isTrue();
    }

    // ---------------------------------------------------------------- encode

    @Test
    void scalars_encode_as_json_scalars() {
        assertThat(eval("json.encode(nil)")).isEqualTo("null");
        assertThat(eval("json.encode(true)")).isEqualTo("true");
        assertThat(eval("json.encode(false)")).isEqualTo("false");
        assertThat(eval("json.encode('hi')")).isEqualTo("\"hi\"");
        assertThat(eval("json.encode(json.null)")).isEqualTo("null");
    }

    @Test
    void numbers_keep_their_lua_54_subtype() {
        assertThat(eval("json.encode(3)")).isEqualTo("3");
        assertThat(eval("json.encode(3.0)")).isEqualTo("3.0");
        assertThat(eval("json.encode(10 / 2)")).isEqualTo("5.0");
        assertThat(eval("json.encode(-7)")).isEqualTo("-7");
        assertThat(eval("json.encode(-0.0)")).isEqualTo("-0.0");
        assertThat(eval("json.encode(2^40)")).isEqualTo("1099511627776.0");
        assertThat(eval("json.encode(4611686018427387904)")).isEqualTo("4611686018427387904");
        assertThat(eval("json.encode(9223372036854775807)")).isEqualTo("9223372036854775807");
        assertThat(eval("json.encode(2^62)")).isEqualTo("4.611686018427388e+18");
        assertThat(eval("json.encode({a = 5, b = 5.0})")).isEqualTo("{\"a\":5,\"b\":5.0}");
        Varargs v = run("local v = json.decode('[5, 5.0, 1e2, 9223372036854775807]') return v[1], v[2], v[3], v[4]");
        assertThat(org.luaj.vm2.Lua54Numbers.isInteger(v.arg(1))).isTrue();
        assertThat(org.luaj.vm2.Lua54Numbers.isFloat(v.arg(2))).isTrue();
        assertThat(org.luaj.vm2.Lua54Numbers.isFloat(v.arg(3))).isTrue();
        assertThat(v.arg(4).tolong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void fractional_numbers_print_their_shortest_round_trip_form() {
        assertThat(eval("json.encode(0.1)")).isEqualTo("0.1");
        assertThat(eval("json.encode(1/3)")).isEqualTo("0.3333333333333333");
        assertThat(eval("json.encode(-2.5)")).isEqualTo("-2.5");
        assertThat(eval("json.encode(12345678.5)")).isEqualTo("12345678.5");
        assertThat(eval("json.encode(0.00001)")).isEqualTo("0.00001");
        assertThat(eval("json.encode(1.5e-7)")).isEqualTo("1.5e-7");
        assertThat(eval("json.encode(1e300)")).isEqualTo("1e+300");
        assertThat(run("return json.decode(json.encode(1/3)) == 1/3").arg1().toboolean())
                .isTrue();
    }

    @Test
    void a_sequence_encodes_as_an_array() {
        assertThat(eval("json.encode({1, 'two', true, {3}})")).isEqualTo("[1,\"two\",true,[3]]");
    }

    @Test
    void an_empty_table_encodes_as_an_object_unless_marked_as_array() {
        assertThat(eval("json.encode({})")).isEqualTo("{}");
        assertThat(eval("json.encode(json.array({}))")).isEqualTo("[]");
        assertThat(eval("json.encode(json.initArray({}))")).isEqualTo("[]");
        assertThat(eval("json.encode(json.array())")).isEqualTo("[]");
        assertThat(eval("json.encode({list = json.array({})})")).isEqualTo("{\"list\":[]}");
    }

    @Test
    void array_marks_and_returns_the_same_table() {
        assertThat(run("local t = {} return json.array(t) == t").arg1().toboolean())
                .isTrue();
    }

    @Test
    void a_marked_array_that_is_filled_still_encodes_as_an_array() {
        assertThat(eval("(function() local t = json.array({}) t[1] = 'a' return json.encode(t) end)()"))
                .isEqualTo("[\"a\"]");
    }

    @Test
    void object_keys_are_sorted() {
        assertThat(eval("json.encode({b = 1, a = 2, c = {z = 1, y = 2}, B = 3})"))
                .isEqualTo("{\"B\":3,\"a\":2,\"b\":1,\"c\":{\"y\":2,\"z\":1}}");
    }

    @Test
    void sort_keys_false_keeps_every_key() {
        String json = eval("json.encode({b = 1, a = 2, c = 3}, {sort_keys = false})");
        assertThat(json)
                .startsWith("{")
                .endsWith("}")
                .contains("\"a\":2", "\"b\":1", "\"c\":3")
                .hasSize(19);
    }

    @Test
    void number_keys_become_strings() {
        assertThat(eval("json.encode({[1] = 'a', [3] = 'c'})")).isEqualTo("{\"1\":\"a\",\"3\":\"c\"}");
        assertThat(eval("json.encode({[1] = 'a', x = 'b'})")).isEqualTo("{\"1\":\"a\",\"x\":\"b\"}");
        assertThat(eval("json.encode({[2.5] = true})")).isEqualTo("{\"2.5\":true}");
    }

    @Test
    void indent_puts_one_value_per_line() {
        assertThat(eval("json.encode({a = {1, 2}, b = {}, c = json.array()}, {indent = 2})"))
                .isEqualTo("""
        {
          "a": [
            1,
            2
          ],
          "b": {},
          "c": []
        }""");
        assertThat(eval("json.encode({x = {y = 1}}, {indent = 4})")).isEqualTo("""
        {
            "x": {
                "y": 1
            }
        }""");
    }

    @Test
    void encode_pretty_and_encode_formated_indent_by_two() {
        assertThat(eval("json.encodePretty({a = 1})")).isEqualTo("{\n  \"a\": 1\n}");
        assertThat(eval("json.encodeFormated({1})")).isEqualTo("[\n  1\n]");
    }

    @Test
    void strings_are_escaped() {
        assertThat(eval("json.encode('a\"b\\\\c\\n\\t\\1')")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001\"");
    }

    @Test
    void utf8_strings_pass_through_unchanged() {
        LuaValue encoded = run("return json.encode('h\\195\\169llo \\226\\130\\172 \\240\\159\\152\\128')")
                .arg1();
        assertThat(new String(bytes(encoded), StandardCharsets.UTF_8)).isEqualTo("\"h\u00e9llo \u20ac \uD83D\uDE00\"");
    }

    @Test
    void invalid_utf8_bytes_become_replacement_characters() {
        LuaValue encoded = run("return json.encode('a\\255b\\192')").arg1();
        assertThat(new String(bytes(encoded), StandardCharsets.UTF_8)).isEqualTo("\"a\uFFFDb\uFFFD\"");
        LuaValue key = run("return json.encode({['k\\255'] = 1})").arg1();
        assertThat(new String(bytes(key), StandardCharsets.UTF_8)).isEqualTo("{\"k\uFFFD\":1}");
    }

    @Test
    void a_function_raises_an_error_naming_its_path() {
        assertThat(error("json.encode({a = {b = print}})")).endsWith("json.encode: cannot encode function at $.a.b");
    }

    @Test
    void an_array_element_is_named_by_its_index() {
        assertThat(error("json.encode({a = {1, print}})")).endsWith("json.encode: cannot encode function at $.a[2]");
        assertThat(error("json.encode({['my key'] = {coroutine.create(print)}})"))
                .endsWith("json.encode: cannot encode thread at $[\"my key\"][1]");
    }

    @Test
    void a_top_level_function_is_named_by_the_root_path() {
        assertThat(error("json.encode(print)")).endsWith("json.encode: cannot encode function at $");
    }

    @Test
    void nan_and_infinities_raise_errors() {
        assertThat(error("json.encode({x = 0/0})")).endsWith("cannot encode NaN at $.x");
        assertThat(error("json.encode({math.huge})")).endsWith("cannot encode inf at $[1]");
        assertThat(error("json.encode(-math.huge)")).endsWith("cannot encode -inf at $");
    }

    @Test
    void userdata_other_than_null_raises_an_error() {
        assertThat(error("json.encode({f = io.stdout})")).endsWith("cannot encode userdata at $.f");
    }

    @Test
    void a_cycle_raises_an_error_naming_where_it_closes() {
        assertThat(error("local t = {a = {}} t.a.back = t json.encode(t)"))
                .endsWith("json.encode: cannot encode cyclic reference at $.a.back");
    }

    @Test
    void a_shared_table_that_is_not_a_cycle_encodes_twice() {
        assertThat(eval("(function() local s = {1} return json.encode({s, s}) end)()"))
                .isEqualTo("[[1],[1]]");
    }

    @Test
    void a_boolean_key_raises_an_error() {
        assertThat(error("json.encode({a = {[true] = 1}})")).endsWith("cannot encode boolean key at $.a");
    }

    @Test
    void nesting_deeper_than_the_limit_raises_an_error() {
        assertThat(error("local t = {} for i = 1, 1500 do t = {t} end json.encode(t)"))
                .contains("cannot encode table nested deeper than 1000 levels at $[1][1]");
    }

    @Test
    void bad_options_raise_a_lua_style_argument_error() {
        assertThat(error("json.encode({}, 'pretty')"))
                .endsWith("bad argument #2 to 'encode' (table expected, got string)");
    }

    @Test
    void the_static_java_api_encodes_like_lua() {
        assertThat(JsonLib.encode(LuaValue.listOf(new LuaValue[] {LuaValue.valueOf(1), JsonLib.NULL}), 0, true)
                        .tojstring())
                .isEqualTo("[1,null]");
        assertThatThrownBy(() -> JsonLib.encode(globals.get("print"), 0, true))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("cannot encode function at $");
    }

    // ---------------------------------------------------------------- decode

    @Test
    void null_inside_an_array_round_trips() {
        assertThat(eval("json.encode(json.decode('[1,null,3]'))")).isEqualTo("[1,null,3]");
        assertThat(run("local t = json.decode('[1,null,3]') return t[2] == json.null, #t")
                        .arg(2)
                        .toint())
                .isEqualTo(3);
    }

    @Test
    void top_level_null_decodes_to_the_sentinel() {
        assertThat(run("return json.decode('null') == json.null").arg1().toboolean())
                .isTrue();
        assertThat(eval("tostring(json.null)")).isEqualTo("null");
        assertThat(eval("type(json.null)")).isEqualTo("userdata");
    }

    @Test
    void empty_containers_round_trip() {
        assertThat(eval("json.encode(json.decode('[]'))")).isEqualTo("[]");
        assertThat(eval("json.encode(json.decode('{}'))")).isEqualTo("{}");
        assertThat(eval("json.encode(json.decode('{\"a\":[],\"b\":{}}'))")).isEqualTo("{\"a\":[],\"b\":{}}");
    }

    @Test
    void a_decoded_array_emptied_by_the_script_still_encodes_as_an_array() {
        assertThat(eval("(function() local t = json.decode('[1]') table.remove(t) return json.encode(t) end)()"))
                .isEqualTo("[]");
    }

    @Test
    void values_decode_to_lua_values() {
        Varargs r = run("local v = json.decode('{\"s\":\"x\",\"n\":1.5,\"i\":42,\"t\":true,\"f\":false,\"a\":[1,2]}')"
                + " return v.s, v.n, v.i, v.t, v.f, #v.a");
        assertThat(r.arg(1).tojstring()).isEqualTo("x");
        assertThat(r.arg(2).todouble()).isEqualTo(1.5);
        assertThat(r.arg(3).toint()).isEqualTo(42);
        assertThat(r.arg(4).toboolean()).isTrue();
        assertThat(r.arg(5).toboolean()).isFalse();
        assertThat(r.arg(6).toint()).isEqualTo(2);
    }

    @Test
    void object_keys_stay_strings_even_when_they_look_like_numbers() {
        assertThat(run("local v = json.decode('{\"1\":\"a\"}') return v['1'], v[1]")
                        .arg(1)
                        .tojstring())
                .isEqualTo("a");
        assertThat(run("local v = json.decode('{\"1\":\"a\"}') return v[1]")
                        .arg1()
                        .isnil())
                .isTrue();
    }

    @Test
    void invalid_json_returns_nil_and_a_message_with_line_and_column() {
        Varargs r = run("return json.decode('{bad')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).contains("line 1 column 2");
    }

    @Test
    void the_error_location_counts_lines() {
        Varargs r = run("return json.decode('[1,\\n 2,,]')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).endsWith("at line 2 column 4");
    }

    @Test
    void messages_carry_no_jackson_source_description() {
        String message = run("return json.decode('[1,2')").arg(2).tojstring();
        assertThat(message).doesNotContain("Source", "REDACTED").contains("line 1 column");
    }

    @Test
    void trailing_data_after_the_value_is_an_error() {
        assertThat(run("return json.decode('[1] 2')").arg(2).tojstring())
                .contains("after the JSON value", "line 1 column 5");
        assertThat(run("return json.decode('[1] x')").arg1().isnil()).isTrue();
        assertThat(run("return json.decode('  {}  ')").arg1().istable()).isTrue();
    }

    @Test
    void empty_input_is_an_error_not_a_value() {
        Varargs r = run("return json.decode('')");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).contains("line 1 column");
    }

    @Test
    void a_non_string_argument_raises() {
        assertThat(error("json.decode(nil)")).endsWith("bad argument #1 to 'decode' (string expected, got nil)");
        assertThat(error("json.decode()")).endsWith("bad argument #1 to 'decode' (string expected, got no value)");
        assertThat(error("json.decode({})")).endsWith("bad argument #1 to 'decode' (string expected, got table)");
    }

    @Test
    void a_number_argument_is_read_as_its_text() {
        assertThat(run("return json.decode(12)").arg1().toint()).isEqualTo(12);
    }

    @Test
    void integers_up_to_two_to_the_53_are_numbers() {
        assertThat(run("return json.decode('9007199254740992') == 2^53").arg1().toboolean())
                .isTrue();
        assertThat(run("return json.decode('-9007199254740992') == -2^53")
                        .arg1()
                        .toboolean())
                .isTrue();
        assertThat(eval("type(json.decode('[12345678901]')[1])")).isEqualTo("number");
    }

    @Test
    void big_integers_stay_numbers_when_a_double_holds_them_exactly() {
        assertThat(run("return json.decode('1152921504606846976') == 2^60")
                        .arg1()
                        .toboolean())
                .isTrue();
        assertThat(run("return json.decode('100000000000000000000') == 1e20")
                        .arg1()
                        .toboolean())
                .isTrue();
        assertThat(run("return json.decode('9223372036854775808') == 2^63")
                        .arg1()
                        .toboolean())
                .isTrue();
    }

    @Test
    void integers_beyond_64_bits_that_a_double_cannot_hold_keep_their_digits_as_strings() {
        Varargs r = run("local v = json.decode('[9007199254740993, -12345678901234567891, 9223372036854775807]')"
                + " return v[1], v[1], v[2], v[3]");
        assertThat(org.luaj.vm2.Lua54Numbers.isInteger(r.arg(1))).isTrue();
        assertThat(r.arg(2).tojstring()).isEqualTo("9007199254740993");
        assertThat(r.arg(3).tojstring()).isEqualTo("-12345678901234567891");
        assertThat(r.arg(4).tojstring()).isEqualTo("9223372036854775807");
    }

    @Test
    void unicode_escapes_decode_to_utf8_bytes() {
        LuaValue s = run("return json.decode('\"\\\\u00e9\\\\u20ac\\\\ud83d\\\\ude00\"')")
                .arg1();
        assertThat(bytes(s)).isEqualTo("\u00e9\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_unpaired_surrogate_escape_decodes_to_a_replacement_character() {
        LuaValue s = run("return json.decode('\"a\\\\ud800b\"')").arg1();
        assertThat(new String(bytes(s), StandardCharsets.UTF_8)).isEqualTo("a\uFFFDb");
    }

    @Test
    void input_with_invalid_utf8_still_decodes() {
        LuaValue s = run("return json.decode('[\"a\\255b\"]')[1]").arg1();
        assertThat(new String(bytes(s), StandardCharsets.UTF_8)).isEqualTo("a\uFFFDb");
    }

    @Test
    void raw_utf8_in_input_survives_a_round_trip() {
        assertThat(run("local s = '{\"k\\195\\169\":\"\\240\\159\\152\\128\"}' return json.encode(json.decode(s)) == s")
                        .arg1()
                        .toboolean())
                .isTrue();
    }

    @Test
    void nesting_deeper_than_the_limit_is_a_decode_error() {
        Varargs r = run("return json.decode(string.rep('[', 1500) .. string.rep(']', 1500))");
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).contains("line 1 column");
    }

    @Test
    void a_document_round_trips_through_decode_and_encode() {
        String doc = "{\"a\":[1,2.5,\"x\",null,true,{\"b\":[]}],\"c\":{\"d\":-3,\"e\":\"\\u0001\"},\"f\":{}}";
        assertThat(JsonLib.encode(JsonLib.decode(LuaString.valueOf(doc)).arg1(), 0, true)
                        .tojstring())
                .isEqualTo(doc);
    }

    private static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }
}

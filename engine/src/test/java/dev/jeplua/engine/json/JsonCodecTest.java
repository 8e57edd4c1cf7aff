package dev.jeplua.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@link JsonEncoder}, {@link JsonDecoder} and {@link JsonValues} used directly from Java, without
 * a Lua state (the Lua-facing behaviour is JsonLibTest's).
 */
class JsonCodecTest {

    @Test
    void decoded_arrays_are_marked_and_round_trip_with_null() {
        Varargs r = JsonDecoder.decode(LuaString.valueOf("[1,null,[]]"));
        LuaTable t = (LuaTable) r.arg1();
        assertThat(JsonValues.isMarkedArray(t)).isTrue();
        assertThat(t.get(2)).isSameAs(JsonValues.NULL);
        assertThat(JsonEncoder.encode(t, 0, true).tojstring()).isEqualTo("[1,null,[]]");
    }

    @Test
    void an_empty_table_is_an_object_until_marked() {
        LuaTable t = new LuaTable();
        assertThat(JsonEncoder.encode(t, 0, true).tojstring()).isEqualTo("{}");
        assertThat(JsonEncoder.encode(JsonValues.markArray(t), 0, true).tojstring())
                .isEqualTo("[]");
    }

    @Test
    void indent_and_sorted_keys() {
        LuaTable t = new LuaTable();
        t.set("b", 2);
        t.set("a", LuaValue.valueOf(1.5));
        assertThat(JsonEncoder.encode(t, 2, true).tojstring()).isEqualTo("{\n  \"a\": 1.5,\n  \"b\": 2\n}");
    }

    @Test
    void a_cycle_is_an_error_naming_the_path() {
        LuaTable t = new LuaTable();
        LuaTable inner = new LuaTable();
        t.set("x", inner);
        inner.set(1, t);
        assertThatThrownBy(() -> JsonEncoder.encode(t, 0, true))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("json.encode: cannot encode cyclic reference at $.x[1]");
    }

    @Test
    void invalid_text_gives_nil_and_a_located_message() {
        Varargs r = JsonDecoder.decode(LuaString.valueOf("[1,"));
        assertThat(r.arg1().isnil()).isTrue();
        assertThat(r.arg(2).tojstring()).contains("at line 1 column");
    }
}

package dev.jeplua.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The type-tagged format of docs/store.md: exact bytes, round trips, and hostile input. */
class StoreCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(LuaValue v) {
        return HEX.formatHex(StoreCodec.encode(v));
    }

    @Test
    void scalars_have_the_documented_byte_layout() {
        assertThat(hex(LuaValue.NIL)).isEqualTo("00");
        assertThat(hex(LuaValue.FALSE)).isEqualTo("0100");
        assertThat(hex(LuaValue.TRUE)).isEqualTo("0101");
        assertThat(hex(LuaValue.valueOf(1))).isEqualTo("020000000000000001");
        assertThat(hex(LuaValue.valueOf(-2))).isEqualTo("02fffffffffffffffe");
        assertThat(hex(org.luaj.vm2.Lua54Numbers.integer(1L << 53))).isEqualTo("020020000000000000");
        // Lua 5.4: a float stays a float, also with an integral value
        assertThat(hex(LuaValue.valueOf(Math.pow(2, 53)))).isEqualTo("034340000000000000");
        assertThat(hex(LuaValue.valueOf(1.5))).isEqualTo("033ff8000000000000");
        assertThat(hex(LuaValue.valueOf(Double.POSITIVE_INFINITY))).isEqualTo("037ff0000000000000");
        assertThat(hex(LuaValue.valueOf("ab"))).isEqualTo("04000000026162");
    }

    @Test
    void a_table_is_a_count_followed_by_key_value_pairs() {
        LuaTable t = new LuaTable();
        t.set(1, LuaValue.valueOf("x"));
        assertThat(hex(new LuaTable())).isEqualTo("0500000000");
        assertThat(hex(t)).isEqualTo("0500000001" + "020000000000000001" + "040000000178");
    }

    @Test
    void every_allowed_value_round_trips() {
        LuaValue g = JsePlatform.standardGlobals();
        LuaValue sample = g.get("load").call(LuaValue.valueOf("""
                return {
                  n = 42, neg = -7, f = 0.1, big = 2^53, bigneg = -2^53, huge = 2^62,
                  inf = math.huge, ninf = -math.huge, nan = 0/0, t = true, fl = false,
                  s = "nul\\0inside", bad = "\\255\\254utf8", empty = "",
                  list = {1, 2, {3, {4, {deep = "yes"}}}}, [1.5] = "float key", [true] = "bool key",
                  nested = {a = {b = {c = {}}}}
                }
                """)).call();
        LuaValue back = StoreCodec.decode(StoreCodec.encode(sample));
        assertThat(back.get("n").toint()).isEqualTo(42);
        assertThat(back.get("neg").toint()).isEqualTo(-7);
        assertThat(back.get("f").todouble()).isEqualTo(0.1);
        assertThat(back.get("big").todouble()).isEqualTo(Math.pow(2, 53));
        assertThat(back.get("bigneg").todouble()).isEqualTo(-Math.pow(2, 53));
        assertThat(back.get("huge").todouble()).isEqualTo(Math.pow(2, 62));
        assertThat(back.get("inf").todouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(back.get("ninf").todouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(back.get("nan").todouble()).isNaN();
        assertThat(back.get("t").toboolean()).isTrue();
        assertThat(back.get("fl").isboolean()).isTrue();
        assertThat(back.get("s").checkstring().m_length).isEqualTo(10);
        assertThat(back.get("s").tojstring()).isEqualTo("nul\0inside");
        assertThat(bytes(back.get("bad"))).containsExactly(0xFF, 0xFE, 'u', 't', 'f', '8');
        assertThat(back.get("empty").tojstring()).isEmpty();
        assertThat(back.get("list").get(3).get(2).get(2).get("deep").tojstring())
                .isEqualTo("yes");
        assertThat(back.get(LuaValue.valueOf(1.5)).tojstring()).isEqualTo("float key");
        assertThat(back.get(LuaValue.TRUE).tojstring()).isEqualTo("bool key");
        assertThat(back.get("nested").get("a").get("b").get("c").istable()).isTrue();
        assertThat(StoreCodec.encode(back)).hasSameSizeAs(StoreCodec.encode(sample)); // pair order may differ
    }

    @Test
    void negative_zero_encoded_by_another_writer_decodes_to_a_zero() {
        // LuaJ itself normalizes -0.0 to the integer 0, so the codec can only meet it in foreign bytes
        LuaValue v = StoreCodec.decode(HEX.parseHex("038000000000000000"));
        assertThat(v.todouble()).isEqualTo(0.0);
        assertThat(v.eq_b(LuaValue.valueOf(0))).isTrue();
    }

    @Test
    void integers_beyond_2_to_53_decode_to_the_nearest_number() {
        assertThat(StoreCodec.decode(HEX.parseHex("027fffffffffffffff")).todouble())
                .isEqualTo(9.223372036854775807E18);
    }

    @Test
    void functions_and_cycles_are_refused_naming_the_key() {
        LuaValue g = JsePlatform.standardGlobals();
        LuaValue withFn = g.get("load")
                .call(LuaValue.valueOf("return {cfg = {handler = print}}"))
                .call();
        assertThatThrownBy(() -> StoreCodec.encode(withFn))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessage("a function at key 'cfg.handler'");
        LuaValue cycle = g.get("load")
                .call(LuaValue.valueOf("local t = {list = {}}; t.list[2] = t; return t"))
                .call();
        assertThatThrownBy(() -> StoreCodec.encode(cycle)).hasMessage("a table that contains itself at key 'list[2]'");
        assertThatThrownBy(
                        () -> StoreCodec.encode(g.get("coroutine").get("create").call(g.get("print"))))
                .hasMessage("a thread");
    }

    @Test
    void a_table_used_twice_without_a_cycle_is_copied_twice() {
        LuaTable shared = new LuaTable();
        shared.set("x", LuaValue.valueOf(1));
        LuaTable t = new LuaTable();
        t.set("a", shared);
        t.set("b", shared);
        LuaValue back = StoreCodec.decode(StoreCodec.encode(t));
        assertThat(back.get("b").get("x").toint()).isEqualTo(1);
    }

    @Test
    void malformed_bytes_are_reported_with_what_is_wrong_and_where() {
        assertThatThrownBy(() -> StoreCodec.decode(new byte[0]))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("truncated value at byte 0");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("09"))).hasMessage("unknown type tag 0x09 at byte 0");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("0102")))
                .hasMessage("invalid boolean byte 0x02 at byte 1");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("04000000056162")))
                .hasMessageContaining("truncated string");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("0505ffffff00")))
                .hasMessageContaining("claims");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("0500000001" + "00" + "0101")))
                .hasMessage("nil table key at byte 5");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("0500000002" + "0101" + "0101" + "0101" + "0100")))
                .hasMessage("duplicate table key at byte 9");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("010100"))).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex("0500000001" + "037ff8000000000000" + "0101")))
                .hasMessage("NaN table key at byte 5");
    }

    @Test
    void nesting_is_limited_both_ways() {
        LuaTable t = new LuaTable();
        LuaTable inner = t;
        for (int i = 0; i < StoreCodec.MAX_DEPTH + 5; i++) {
            LuaTable next = new LuaTable();
            inner.set(1, next);
            inner = next;
        }
        assertThatThrownBy(() -> StoreCodec.encode(t)).hasMessageContaining("nested deeper than 100");
        StringBuilder deep = new StringBuilder();
        deep.append("0500000001020000000000000001".repeat(StoreCodec.MAX_DEPTH + 5))
                .append("00");
        assertThatThrownBy(() -> StoreCodec.decode(HEX.parseHex(deep.toString())))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("nested deeper than 100");
    }

    @Test
    void ten_thousand_random_inputs_never_crash_the_decoder() {
        Random random = new Random(8);
        byte[] valid = StoreCodec.encode(JsePlatform.standardGlobals()
                .get("load")
                .call(LuaValue.valueOf("return {1, 'two', {three = 3.5, [true] = false}, x = 'y'}"))
                .call());
        int malformed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(40)];
                random.nextBytes(input);
                if (input.length > 0 && random.nextBoolean()) {
                    input[0] = (byte) random.nextInt(6); // a valid tag, so the payload parser is exercised
                }
            } else {
                input = valid.clone(); // a valid encoding with a few bytes flipped or cut
                for (int k = random.nextInt(3) + 1; k > 0; k--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length));
                }
            }
            try {
                LuaValue v = StoreCodec.decode(input);
                assertThat(StoreCodec.decode(StoreCodec.encode(v)).typename()).isEqualTo(v.typename());
            } catch (MalformedDataException e) {
                assertThat(e.getMessage()).isNotBlank();
                malformed++;
            }
        }
        assertThat(malformed).as("most random inputs are malformed").isGreaterThan(5_000);
    }

    private static int[] bytes(LuaValue s) {
        byte[] b = new byte[s.checkstring().m_length];
        s.checkstring().copyInto(0, b, 0, b.length);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}

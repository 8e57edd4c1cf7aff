package dev.jeplua.engine.stdlib.string;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code string.pack}, {@code string.unpack} and {@code string.packsize} ({@link StringPack}),
 * run as Lua on a fresh engine; the byte-for-byte comparison with {@code lua5.4} is in
 * conformance/cases/string_*pack*_54.lua.
 */
@Timeout(60)
class StringPackTest {
    private static final String HEX = "local function hex(s) return (('%02x'):rep(#s):format(s:byte(1, -1))) end\n";

    /** Runs Lua code (with {@code hex(s)} and the harness's {@code eq}); fails when it raises. */
    private static void lua(String code) {
        new LuaSpecHarness().runChunk(HEX + code);
    }

    @Test
    void every_option_round_trips() {
        lua("""
            local cases = {
              {"b", -128}, {"b", 127}, {"B", 255}, {"h", -32768}, {"H", 65535}, {"l", -2^40}, {"L", 2^40},
              {"j", -5}, {"J", 2^52}, {"T", 12}, {"i", -2^31}, {"I", 2^32 - 1}, {"i3", -8388608}, {"I7", 2^53 - 1},
              {"i16", -3}, {"I16", 2^50}, {"i9", 2^62}, {">i5", -2}, {"<I6", 2^47}, {"=h", 7},
              {"f", 0.5}, {"d", -1.25}, {"n", 1e300}, {"z", "abc"}, {"s", "x\\0y"}, {"s1", ""}, {">s3", "hi"},
              {"c4", "ab\\0\\0"}, {"c0", ""},
            }
            for _, c in ipairs(cases) do
              local s = string.pack(c[1], c[2])
              local v, nxt = string.unpack(c[1], s)
              eq(v, c[2], c[1])
              eq(nxt, #s + 1, c[1] .. " position")
            end
            local s = string.pack("<b h i j f d z s2 c3 x", 1, 2, 3, 4, 0.5, 6.5, "z", "s", "c")
            eq(#s, 1 + 2 + 4 + 8 + 4 + 8 + 2 + 3 + 3 + 1)
            eq({string.unpack("<b h i j f d z s2 c3 x", s)}, {1, 2, 3, 4, 0.5, 6.5, "z", "s", "c\\0\\0", #s + 1})
            """);
    }

    @Test
    void endianness_and_sign_extension_of_wide_integers() {
        lua("""
            eq(hex(string.pack("<i4 >i4 =i2", 1, 1, 258)), "010000000000000102" .. "01")
            eq(hex(string.pack("<i16", -2)), "fe" .. ("ff"):rep(15))
            eq(hex(string.pack(">i16", -2)), ("ff"):rep(15) .. "fe")
            eq(hex(string.pack("<I16", -2)), "fe" .. ("ff"):rep(7) .. ("00"):rep(8))
            eq(hex(string.pack(">I9", 1)), ("00"):rep(8) .. "01")
            eq(string.unpack("<i12", ("\\255"):rep(12)), -1)
            eq(string.unpack("i3", "\\0\\0\\128"), -8388608)
            eq(string.unpack("I3", "\\0\\0\\128"), 8388608)
            eq(string.unpack("J", ("\\255"):rep(8)), -1)
            eq(hex(string.pack("I8 j", -1, 2^62)), ("ff"):rep(8) .. ("00"):rep(7) .. "40")
            eq(string.unpack("j", string.pack("j", 2^62)), 2^62)
            """);
    }

    @Test
    void alignment_padding_and_positions() {
        lua("""
            eq(hex(string.pack("b h", 1, 2)), "010200")
            eq(hex(string.pack("!b h", 1, 2)), "01000200")
            eq(hex(string.pack("!4 b d", 1, 0.5)), "01000000" .. "000000000000e03f")
            eq(hex(string.pack("!8 b Xi4 b Xh b", 1, 2, 3)), "01000000020003")
            eq(hex(string.pack("!3 b i2", 1, 2)), "01000200")
            eq(hex(string.pack("x b  x", 9)), "000900")
            eq(string.packsize("!8 b d"), 16)
            eq(string.packsize("!2 b i3 i4"), 10)
            eq(string.packsize("b h i l j f d n"), 43)
            eq(string.packsize(""), 0)
            eq(string.packsize("c2147483639"), 2147483639)
            eq({string.unpack("!4 i4", "xxxx\\7\\0\\0\\0", 2)}, {7, 9})
            eq({string.unpack("c2", "abcdefgh", -2)}, {"gh", 9})
            eq({string.unpack("c2", "abcdefgh", -100)}, {"ab", 3})
            eq({string.unpack("c2", "abcdefgh", 0)}, {"ab", 3})
            eq({string.unpack("c0", "abcdefgh", 9)}, {"", 9})
            eq({string.unpack("z z", "a\\0\\0")}, {"a", "", 4})
            eq({string.unpack(">s2", "\\0\\3abcd")}, {"abc", 6})
            """);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "string.pack, 'i17', 1                   | integral size (17) out of limits [1,16]",
                "string.packsize, 's0'                   | integral size (0) out of limits [1,16]",
                "string.pack, '!17'                      | integral size (17) out of limits [1,16]",
                "string.pack, 'c', 'a'                   | missing size for format option 'c'",
                "string.pack, 'y'                        | invalid format option 'y'",
                "string.packsize, 'c2147483647'          | invalid format option '7'",
                "string.pack, 'X'                        | bad argument #1 to 'string.pack' (invalid next option for option 'X')",
                "string.pack, 'Xc1'                      | bad argument #1 to 'string.pack' (invalid next option for option 'X')",
                "string.pack, 'Xz'                       | bad argument #1 to 'string.pack' (invalid next option for option 'X')",
                "string.pack, '!4 i3', 1                 | bad argument #1 to 'string.pack' (format asks for alignment not power of 2)",
                "string.pack, 'i', 1.5                   | bad argument #2 to 'string.pack' (number has no integer representation)",
                "string.pack, 'j', 2^63                  | bad argument #2 to 'string.pack' (number has no integer representation)",
                "string.pack, 'i', 'x'                   | bad argument #2 to 'string.pack' (number expected, got string)",
                "string.pack, 'ii', 1                    | bad argument #3 to 'string.pack' (number expected, got nil)",
                "string.pack, 'd'                        | bad argument #2 to 'string.pack' (number expected, got nil)",
                "string.pack                             | bad argument #1 to 'string.pack' (string expected, got no value)",
                "string.pack, 'i1', 128                  | bad argument #2 to 'string.pack' (integer overflow)",
                "string.pack, 'i7', -2^55 - 8            | bad argument #2 to 'string.pack' (integer overflow)",
                "string.pack, 'I1', -1                   | bad argument #2 to 'string.pack' (unsigned overflow)",
                "string.pack, 'I7', 2^56                 | bad argument #2 to 'string.pack' (unsigned overflow)",
                "string.pack, 'c2', 'abc'                | bad argument #2 to 'string.pack' (string longer than given size)",
                "string.pack, 'z', 'a\\0b'               | bad argument #2 to 'string.pack' (string contains zeros)",
                "string.pack, 's1', ('x'):rep(256)       | bad argument #2 to 'string.pack' (string length does not fit in given size)",
                "string.unpack, 'i4', 'abc'              | bad argument #2 to 'string.unpack' (data string too short)",
                "string.unpack, 's1', '\\5ab'            | bad argument #2 to 'string.unpack' (data string too short)",
                "string.unpack, 'i4', 'abcd', 6          | bad argument #3 to 'string.unpack' (initial position out of string)",
                "string.unpack, 'i4', 'abcd', 1.5        | bad argument #3 to 'string.unpack' (number has no integer representation)",
                "string.unpack, 'z', 'abc'               | bad argument #2 to 'string.unpack' (unfinished string for format 'z')",
                "string.unpack, 'i4'                     | bad argument #2 to 'string.unpack' (string expected, got no value)",
                "string.unpack, 'i16', ('\\1'):rep(16)   | 16-byte integer does not fit into Lua Integer",
                "string.unpack, 'I9', ('\\255'):rep(9)   | 9-byte integer does not fit into Lua Integer",
                "string.packsize, 'i z'                  | bad argument #1 to 'string.packsize' (variable-length format)",
                "string.packsize, 'c2000000000c2000000000' | bad argument #1 to 'string.packsize' (format result too large)",
            })
    void errors_are_worded_like_the_reference(String call, String expected) {
        LuaSpecHarness h = new LuaSpecHarness();
        h.runChunk("print(select(2, pcall(" + call + ")))");
        assertThat(h.takeOutput().strip()).isEqualTo(expected);
    }

    @Test
    void errors_raised_from_lua_code_carry_the_callers_position() {
        LuaSpecHarness h = new LuaSpecHarness();
        h.runChunk("""
            print(select(2, pcall(function() return (string.pack("y")) end)))
            print(select(2, pcall(function() return (string.unpack("i4", "ab")) end)))
            """);
        assertThat(h.takeOutput())
                .isEqualTo("chunk:1: invalid format option 'y'\n"
                        + "chunk:2: bad argument #2 to 'unpack' (data string too short)\n");
    }
}

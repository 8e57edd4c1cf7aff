package dev.jeplua.engine.luaj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;

/**
 * Lua 5.2's escape errors in short strings ({@link StringEscapes}), checked through a real
 * engine's {@code load} and the engine's own compiling; expected messages are lua5.2's.
 */
@Timeout(60)
class StringEscapesTest {
    private final LuaSpecHarness h = new LuaSpecHarness();

    /** {@code load(chunk)} in the engine: the function, or nil and the message. */
    private Varargs load(String chunk) {
        return h.engine().globals().get("load").invoke(LuaValue.valueOf(chunk.getBytes(StandardCharsets.UTF_8)));
    }

    private String error(String chunk) {
        Varargs r = load(chunk);
        assertThat(r.arg1().isnil()).as("load(%s) fails", chunk).isTrue();
        return r.arg(2).tojstring();
    }

    /** The value the chunk returns, compiled by the engine; also compared with plain LuaC (before). */
    private byte[] value(String chunk) throws Exception {
        Varargs r = load(chunk);
        assertThat(r.arg1().isfunction()).as("load(%s): %s", chunk, r.arg(2)).isTrue();
        byte[] after = bytes(r.arg1().call());
        byte[] src = chunk.getBytes(StandardCharsets.UTF_8);
        LuaValue before = new LuaClosure(
                LuaC.instance.compile(new ByteArrayInputStream(src), "x"),
                h.engine().globals());
        assertThat(after).isEqualTo(bytes(before.call()));
        return after;
    }

    private static byte[] bytes(LuaValue v) {
        byte[] b = new byte[v.checkstring().rawlen()];
        v.checkstring().copyInto(0, b, 0, b.length);
        return b;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void every_valid_escape_is_accepted_and_reads_as_before() throws Exception {
        assertThat(value("return \"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\'\""))
                .isEqualTo(bytes(7, 8, 12, 10, 13, 9, 11, '\\', '"', '\''));
        assertThat(value("return '\\'\\\"'")).isEqualTo(bytes('\'', '"'));
        assertThat(value("return \"\\x41\\x7a\\xFF\\x00\"")).isEqualTo(bytes(0x41, 0x7a, 0xff, 0));
        assertThat(value("return \"\\65\\0\\255\\0011\\2555\\9\"")).isEqualTo(bytes(65, 0, 255, 1, '1', 255, '5', 9));
        assertThat(value("return \"a\\z  \n\r\n \t\\v b\\z\"")).isEqualTo(bytes('a', 11, ' ', 'b'));
        for (String nl : new String[] {"\n", "\r", "\r\n", "\n\r"}) {
            assertThat(value("return \"a\\" + nl + "b\""))
                    .as("backslash + %s", nl.replace("\n", "LF").replace("\r", "CR"))
                    .isEqualTo(bytes('a', '\n', 'b'));
        }
    }

    @Test
    void unknown_escapes_are_invalid_escape_sequences() {
        assertThat(error("return \"a\\qb\""))
                .isEqualTo("[string \"return \"a\\qb\"\"]:1: invalid escape sequence near '\\q'");
        assertThat(error("return '\\u'")).isEqualTo("[string \"return '\\u'\"]:1: missing '{' near ''\\u''");
        assertThat(error("return \"\\ \""))
                .isEqualTo("[string \"return \"\\ \"\"]:1: invalid escape sequence near '\\ '");
    }

    @Test
    void bad_hex_escapes_show_what_was_read_up_to_the_offending_character() {
        assertThat(error("return \"\\x4g\"")).endsWith(":1: hexadecimal digit expected near '\\x4g'");
        assertThat(error("return \"\\xg\"")).endsWith(":1: hexadecimal digit expected near '\\xg'");
        assertThat(error("return \"\\x\"")).endsWith(":1: hexadecimal digit expected near '\\x\"'");
        assertThat(error("return \"\\x4\"")).endsWith(":1: hexadecimal digit expected near '\\x4\"'");
        assertThat(error("return \"\\x4")).endsWith(":1: hexadecimal digit expected near '\\x4'");
    }

    @Test
    void decimal_escapes_above_255_are_too_large() {
        assertThat(error("return \"\\300\""))
                .isEqualTo("[string \"return \"\\300\"\"]:1: decimal escape too large near '\\300'");
        assertThat(error("return \"\\256\"")).endsWith(":1: decimal escape too large near '\\256'");
    }

    @Test
    void comments_and_long_strings_are_not_scanned_for_escapes() throws Exception {
        assertThat(value("-- \"\\q\"\nreturn [[\\q]] .. [==[\\u{48}]]\"\\x\"]==]"))
                .isEqualTo("\\q\\u{48}]]\"\\x\"".getBytes(StandardCharsets.UTF_8));
        assertThat(value("--[==[ \"\\q\" ]]\n]==] return '\\65'")).isEqualTo(bytes('A'));
        assertThat(error("--[==[ \"\\q\" ]]\n]==] return \"\\q\"")).endsWith(":2: invalid escape sequence near '\\q'");
        assertThat(error("--[[ \" ]] return \"\\q\"")).endsWith(":1: invalid escape sequence near '\\q'");
    }

    @Test
    void strings_holding_comment_or_long_bracket_starts_do_not_hide_later_strings() {
        assertThat(error("return \"--\" .. \"\\q\"")).endsWith(":1: invalid escape sequence near '\\q'");
        assertThat(error("return '[[' .. \"\\q\"")).endsWith(":1: invalid escape sequence near '\\q'");
    }

    @Test
    void line_numbers_count_every_line_break_style_once() {
        h.engine().globals().set("src", LuaValue.valueOf("x = 1\r\n\r\n\n\r\r\r\n\n\ny = '\\q'"));
        assertThat(h.engine()
                        .globals()
                        .get("load")
                        .invoke(h.engine().globals().get("src"), LuaValue.valueOf("=crlf"))
                        .arg(2)
                        .tojstring())
                .isEqualTo("crlf:8: invalid escape sequence near '\\q'");
        assertThat(error("x = \"\\z\r\n\r\n  \\q\"")).endsWith(":3: invalid escape sequence near '\\q'");
    }

    @Test
    void script_files_with_a_shebang_report_file_and_line() {
        byte[] ok = "#!/usr/bin/env lua\nreturn '\\x41'".getBytes(StandardCharsets.UTF_8);
        assertThat(h.engine().compile(ok, "@f.lua").call().tojstring()).isEqualTo("A");
        byte[] bad = "#!/usr/bin/env lua\nprint(\"\\q\")".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> h.engine().compile(bad, "@f.lua"))
                .isInstanceOf(LuaError.class)
                .hasMessage("f.lua:2: invalid escape sequence near '\\q'");
        assertThatThrownBy(() -> StringEscapes.check("#\"\\q\"\n'\\q'".getBytes(StandardCharsets.UTF_8), "=stdin"))
                .hasMessage("stdin:2: invalid escape sequence near '\\q'");
    }

    @Test
    void load_with_a_function_reader_is_checked() {
        h.runChunk("local parts = {'return \"', '\\\\', 'q\"'}\n"
                + "local i = 0\n"
                + "print(load(function() i = i + 1 return parts[i] end))");
        assertThat(h.takeOutput()).isEqualTo("nil\t(load):1: invalid escape sequence near '\\q'\n");
    }

    @Test
    void an_earlier_syntax_error_is_reported_first_as_lua_does() {
        assertThat(error("x = = 1\nreturn \"\\q\"")).endsWith(":1: unexpected symbol near '='");
        assertThat(error("goto x\nlocal a = \"\\q\"")).endsWith(":2: invalid escape sequence near '\\q'");
    }

    @Test
    void what_the_scanner_does_not_understand_is_left_to_the_compiler() {
        assertThat(error("return \"abc")).endsWith(":1: unfinished string near <eof>");
        assertThat(error("return \"\\")).endsWith(":1: unfinished string near <eof>");
        assertThat(error("x = [=x \"\\q\"")).contains("invalid long string delimiter");
        StringEscapes.check(new byte[] {0x1B, 'L', 'u', 'a', '"', '\\', 'q', '"'}, "=bin");
    }
}

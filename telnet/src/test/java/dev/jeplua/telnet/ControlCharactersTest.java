package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reaches a client's terminal of text containing control characters. */
class ControlCharactersTest {
    private static String escape(String s) {
        return new String(ControlCharacters.escape(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void plain_text_tabs_line_ends_and_utf8_pass_unchanged_and_uncopied() {
        byte[] b = "a\tb\r\nc é € 𝄞 \\27".getBytes(StandardCharsets.UTF_8);
        assertThat(ControlCharacters.escape(b)).isSameAs(b);
        assertThat(ControlCharacters.escape("x\ty")).isSameAs("x\ty");
    }

    @Test
    void c0_del_and_c1_controls_become_lua_decimal_escapes() {
        assertThat(escape("\u001b[2J")).isEqualTo("\\27[2J");
        assertThat(escape("\u001b]52;c;SGVsbG8=\u0007")).isEqualTo("\\27]52;c;SGVsbG8=\\7");
        assertThat(escape("\u0000\u0008\u007f")).isEqualTo("\\0\\8\\127");
        assertThat(escape("\u009b31m")).isEqualTo("\\194\\15531m");
        // a digit after the escape: three digits, so it reads back as the same Lua string
        assertThat(escape("\u001b1")).isEqualTo("\\0271");
        assertThat(ControlCharacters.escape("bell\u0007 csi\u009b")).isEqualTo("bell\\7 csi\\194\\155");
    }

    @Test
    void bytes_outside_well_formed_utf8_are_escaped_one_by_one() {
        assertThat(new String(
                        ControlCharacters.escape(
                                new byte[] {'a', (byte) 0x9B, '[', (byte) 0xFF, (byte) 0xC0, (byte) 0xAF}),
                        StandardCharsets.US_ASCII))
                .isEqualTo("a\\155[\\255\\192\\175");
        // truncated sequence at the end, surrogate, past U+10FFFF
        assertThat(new String(
                        ControlCharacters.escape(new byte[] {(byte) 0xE2, (byte) 0x82}), StandardCharsets.US_ASCII))
                .isEqualTo("\\226\\130");
        assertThat(new String(
                        ControlCharacters.escape(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                        StandardCharsets.US_ASCII))
                .isEqualTo("\\237\\160\\128");
        assertThat(new String(
                        ControlCharacters.escape(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                        StandardCharsets.US_ASCII))
                .isEqualTo("\\244\\144\\128\\128");
    }
}

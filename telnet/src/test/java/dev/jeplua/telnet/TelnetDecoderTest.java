package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TelnetDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new TelnetDecoder(16));

    private List<TelnetInput> feed(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return feed(b);
    }

    private List<TelnetInput> feed(byte[] b) {
        channel.writeInbound(Unpooled.wrappedBuffer(b));
        List<TelnetInput> out = new ArrayList<>();
        TelnetInput in;
        while ((in = channel.readInbound()) != null) {
            out.add(in);
        }
        return out;
    }

    private List<TelnetInput> feed(String s) {
        return feed(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static TelnetInput line(String s) {
        return new TelnetInput.Line(s);
    }

    @Test
    void lines_end_at_lf_crlf_cr_nul_and_lone_cr() {
        assertThat(feed("a\nb\r\nc\r\0d\re\n")).containsExactly(line("a"), line("b"), line("c"), line("d"), line("e"));
    }

    @Test
    void a_line_split_across_reads_is_joined() {
        assertThat(feed("pri")).isEmpty();
        assertThat(feed("nt(1)\r")).containsExactly(line("print(1)"));
        assertThat(feed("\n")).isEmpty();
    }

    @Test
    void negotiation_is_consumed_and_reported_never_part_of_the_line() {
        assertThat(feed(0xFF, 0xFD, 0x01, 'x', 0xFF, 0xFB, 0x03, '\n'))
                .containsExactly(
                        new TelnetInput.Negotiation(TelnetDecoder.DO, 1),
                        new TelnetInput.Negotiation(TelnetDecoder.WILL, 3),
                        line("x"));
    }

    @Test
    void subnegotiation_is_skipped_entirely() {
        assertThat(feed(0xFF, 0xFA, 24, 0, 'x', 't', 0xFF, 0xFF, 'm', 0xFF, 0xF0, 'o', 'k', '\n'))
                .containsExactly(line("ok"));
    }

    @Test
    void iac_iac_is_a_data_byte_255() {
        List<TelnetInput> in = feed(0xFF, 0xFF, '\n');
        assertThat(in).containsExactly(line("\uFFFD"));
    }

    @Test
    void iac_ip_and_ctrl_c_interrupt_and_drop_the_partial_line() {
        assertThat(feed('a', 'b', 0xFF, 0xF4, 'c', '\n')).containsExactly(new TelnetInput.Interrupt(), line("c"));
        assertThat(feed('x', 3, '\n')).containsExactly(new TelnetInput.Interrupt(), line(""));
    }

    @Test
    void ctrl_d_on_an_empty_line_and_iac_eof_end_the_input() {
        assertThat(feed(4)).containsExactly(new TelnetInput.EndOfInput());
        assertThat(feed(0xFF, 0xEC)).containsExactly(new TelnetInput.EndOfInput());
    }

    @Test
    void erase_character_and_erase_line_edit_the_pending_line() {
        assertThat(feed('a', 'b', 0xFF, 0xF7, 'c', '\n')).containsExactly(line("ac"));
        assertThat(feed('a', 'b', 0xFF, 0xF8, 'z', '\n')).containsExactly(line("z"));
    }

    @Test
    void a_line_over_the_limit_is_discarded_and_reported_once_then_lines_work_again() {
        assertThat(feed("0123456789abcdefXYZ\nok\n"))
                .containsExactly(new TelnetInput.LineTooLong(16, "0123456789abcdef"), line("ok"));
        assertThat(feed("0123456789abcdef\n")).containsExactly(line("0123456789abcdef"));
    }

    @Test
    void ten_megabytes_without_a_newline_keep_memory_bounded() {
        EmbeddedChannel big = new EmbeddedChannel(new TelnetDecoder(64 * 1024));
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 10; i++) {
            big.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertThat((Object) big.readInbound()).isNull();
        }
        big.writeInbound(Unpooled.wrappedBuffer("\nprint(1)\n".getBytes()));
        assertThat((Object) big.readInbound())
                .isEqualTo(new TelnetInput.LineTooLong(64 * 1024, "x".repeat(TelnetDecoder.KEPT_START_BYTES)));
        assertThat((Object) big.readInbound()).isEqualTo(line("print(1)"));
    }

    @Test
    void invalid_utf8_is_replaced_not_fatal() {
        assertThat(feed(0xC3, 0x28, 'a', 0xE2, '\n')).containsExactly(line("\uFFFD(a\uFFFD"));
    }

    @Test
    void random_bytes_never_throw() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetDecoder(64 * 1024));
        byte[] junk = new byte[1 << 20];
        new Random(42).nextBytes(junk);
        ch.writeInbound(Unpooled.wrappedBuffer(junk));
        ch.writeInbound(Unpooled.wrappedBuffer(
                new byte[] {(byte) 0xFF, (byte) 0xF0, (byte) 0xFF, (byte) 0xF0, '\n', 'o', 'k', '\n'}));
        TelnetInput last = null;
        TelnetInput in;
        while ((in = ch.readInbound()) != null) {
            last = in;
        }
        assertThat(last).isEqualTo(line("ok"));
        assertThat(ch.isActive()).isTrue();
    }
}

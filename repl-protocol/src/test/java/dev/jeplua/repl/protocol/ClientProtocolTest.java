package dev.jeplua.repl.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientProtocolTest {
    @Test
    void a_message_is_the_tag_then_the_escaped_payload_on_one_line() {
        assertThat(new String(ClientProtocol.message(ClientProtocol.RESULT, "a\\b\nc\rd"), StandardCharsets.UTF_8))
                .isEqualTo("Ra\\\\b\\nc\\rd\n");
        assertThat(ClientProtocol.message(ClientProtocol.DONE, "")).containsExactly('D', '\n');
    }

    @Test
    void decoding_a_message_gives_back_its_payload_bytes() throws IOException {
        byte[] payload = {'x', '\\', '\n', '\r', (byte) 0xC3, (byte) 0xA9, 0, 'y'};
        byte[] framed = ClientProtocol.message(ClientProtocol.OUTPUT, payload);
        var in = new ByteArrayInputStream(framed);
        byte[] line = ClientProtocol.readLine(in);
        assertThat(line[0]).isEqualTo((byte) 'O');
        assertThat(ClientProtocol.decode(line)).isEqualTo(new String(payload, StandardCharsets.UTF_8));
        assertThat(ClientProtocol.readLine(in)).isNull();
    }

    @Test
    void invalid_utf8_decodes_to_the_replacement_character() {
        assertThat(ClientProtocol.decode(ClientProtocol.message(ClientProtocol.ERROR, new byte[] {'a', (byte) 0xFF})))
                .isEqualTo("a\uFFFD\n");
    }

    @Test
    void a_last_line_without_a_line_end_is_still_read() throws IOException {
        var in = new ByteArrayInputStream("V1\nerror: no".getBytes(StandardCharsets.UTF_8));
        assertThat(ClientProtocol.readLine(in)).containsExactly('V', '1');
        assertThat(new String(ClientProtocol.readLine(in), StandardCharsets.UTF_8))
                .startsWith(ClientProtocol.ERROR_LINE_PREFIX);
        assertThat(ClientProtocol.readLine(in)).isNull();
    }

    @Test
    void interrupting_is_telnet_iac_ip() {
        assertThat(ClientProtocol.interruptRequest()).containsExactly((byte) 255, (byte) 244);
    }
}

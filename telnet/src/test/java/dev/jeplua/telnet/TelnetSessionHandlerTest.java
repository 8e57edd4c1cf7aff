package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL handler in memory (Netty EmbeddedChannel): the paths answered on the I/O thread
 * without running Lua — greeting, option negotiation, continuation, meta commands, limits.
 * What needs the engine to run code is covered over real sockets in {@link TelnetServerTest}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelnetSessionHandlerTest {
    @TempDir
    static Path dir;

    static LuaEngine engine;
    EmbeddedChannel channel;
    OutputBroadcaster broadcaster;

    @BeforeAll
    static void start() {
        engine = new LuaEngine(new EngineConfig().stdout(false).storePath(dir.resolve("store.db")));
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void connect() {
        broadcaster = new OutputBroadcaster();
        channel = new EmbeddedChannel(
                new TelnetDecoder(TelnetInitializer.MAX_LINE_BYTES), new TelnetSessionHandler(engine, broadcaster, 0));
    }

    private String written() {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private String send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        return written();
    }

    private String send(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        channel.writeInbound(Unpooled.wrappedBuffer(b));
        return written();
    }

    @Test
    void a_new_client_gets_the_greeting_and_a_prompt_and_joins_the_broadcast() {
        assertThat(written()).startsWith(LuaEngine.VERSION_LINE).endsWith("\r\n> ");
        assertThat(broadcaster.clientCount()).isEqualTo(1);
        channel.close();
        assertThat(broadcaster.clientCount()).isZero();
    }

    @Test
    void option_requests_are_refused_except_timing_mark_which_is_acknowledged() {
        written();
        assertThat(send(255, 253, 1)).isEqualTo(bytes(255, 252, 1)); // DO ECHO -> WONT ECHO
        assertThat(send(255, 251, 31)).isEqualTo(bytes(255, 254, 31)); // WILL NAWS -> DONT NAWS
        assertThat(send(255, 253, 6)).isEqualTo(bytes(255, 251, 6)); // DO TIMING-MARK -> WILL TIMING-MARK
        assertThat(send(255, 252, 1)).isEmpty(); // WONT needs no answer
    }

    private static String bytes(int... b) {
        StringBuilder sb = new StringBuilder();
        for (int x : b) {
            sb.append((char) x);
        }
        return sb.toString();
    }

    @Test
    void an_incomplete_chunk_prompts_for_more_and_ctrl_c_discards_it() {
        written();
        assertThat(send("for i = 1, 2 do\r\n")).isEqualTo(">> ");
        assertThat(send("print(i)\r\n")).isEqualTo(">> ");
        assertThat(send(255, 244)).isEqualTo("\r\n> ");
        assertThat(send("\r\n")).isEqualTo("> ");
    }

    @Test
    void meta_commands_answer_on_the_io_thread() {
        written();
        assertThat(send(":help\n")).contains(":complete <prefix>").endsWith("\r\n> ");
        assertThat(send(":nope\n")).isEqualTo("unknown command :nope (:help lists the commands)\r\n> ");
        assertThat(send(":interrupt\n")).isEqualTo("nothing to interrupt\r\n> ");
        assertThat(send(":timeout 1.5\n")).isEqualTo("timeout: 1.5 s\r\n> ");
        assertThat(send(":timeout -1\n")).contains("expects a number of seconds");
    }

    @Test
    void a_line_over_64_kib_is_rejected_and_the_session_goes_on() {
        written();
        String longLine = "x".repeat(TelnetInitializer.MAX_LINE_BYTES + 1) + "\n";
        assertThat(send(longLine)).isEqualTo("line too long (more than 65536 bytes); discarded\r\n> ");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void exit_quit_and_ctrl_d_close_the_connection() {
        written();
        assertThat(send("exit\n")).isEqualTo("bye\r\n");
        assertThat(channel.isActive()).isFalse();
        connect();
        written();
        send(":quit\n");
        assertThat(channel.isActive()).isFalse();
        connect();
        written();
        send(4);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void broadcast_output_is_sent_as_telnet_text_with_crlf_and_control_bytes_escaped() {
        written();
        broadcaster.onOutput(new dev.jeplua.engine.output.OutputChunk(new byte[] {'a', '\n', (byte) 0xFF, '\n'}));
        broadcaster.flush();
        channel.runPendingTasks();
        // 0xFF is not UTF-8: shown as its escape, so it can never be read as IAC either
        assertThat(written()).isEqualTo("a\r\n\\255\r\n");
        broadcaster.onOutput(new dev.jeplua.engine.output.OutputChunk(
                "\u001b]0;pwned\u0007\u001b[2J\tok\u00e9\u009b1m\r\n".getBytes(StandardCharsets.UTF_8)));
        broadcaster.flush();
        channel.runPendingTasks();
        assertThat(new String(written().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                .isEqualTo("\\27]0;pwned\\7\\27[2J\tok\u00e9\\194\\1551m\r\n");
    }

    @Test
    void an_http_request_arriving_byte_by_byte_closes_the_channel_before_any_line_is_taken_as_lua() {
        written();
        byte[] request =
                "POST / HTTP/1.1\r\nHost: 127.0.0.1:8023\r\n\r\nprint('PWNED')\r\n".getBytes(StandardCharsets.UTF_8);
        int closedAt = -1;
        for (int i = 0; i < request.length && closedAt < 0; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {request[i]}));
            if (!channel.isActive()) {
                closedAt = i;
            }
        }
        assertThat(new String(request, 0, closedAt + 1, StandardCharsets.UTF_8)).isEqualTo("POST / HTTP/1.1\r");
        assertThat(written()).isEmpty();
        assertThat(broadcaster.clientCount()).isZero();
    }
}

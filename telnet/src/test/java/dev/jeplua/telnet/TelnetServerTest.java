package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.LuaEngine;
import java.net.BindException;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The telnet REPL over real sockets, against a running engine, as {@code nc} users see it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelnetServerTest extends RunningServer {
    @Test
    void a_client_is_greeted_with_the_version_and_a_prompt() throws Exception {
        try (TestClient c = new TestClient(address)) {
            assertThat(c.await("> ")).startsWith(LuaEngine.VERSION_LINE).contains(":help");
        }
    }

    @Test
    void print_reaches_every_client_but_results_and_errors_only_the_sender() throws Exception {
        try (TestClient a = connect();
                TestClient b = connect()) {
            a.send("print('hi from a')");
            assertThat(a.await("> ")).isEqualTo("hi from a\r\n> ");
            b.await("hi from a\r\n");
            a.send("1+1");
            assertThat(a.await("> ")).isEqualTo("2\r\n> ");
            a.send("error('x')");
            assertThat(a.await("> ")).startsWith("stdin:1: x\r\n");
            a.send("=select('#', (function() return 1, 2, 3 end)())");
            assertThat(a.await("> ")).isEqualTo("3\r\n> ");
            a.send("=1, 'two', nil, true, setmetatable({}, {__tostring = function() return 'T' end})");
            assertThat(a.await("> ")).isEqualTo("1\ttwo\tnil\ttrue\tT\r\n> ");
            a.send("={}");
            assertThat(a.await("> ")).startsWith("table: ");
            b.send("print('marker')");
            String seenByB = b.await("marker\r\n");
            assertThat(seenByB)
                    .doesNotContain("2\r\n")
                    .doesNotContain("stdin:1: x")
                    .doesNotContain("two");
        }
    }

    @Test
    void an_incomplete_chunk_continues_and_runs_when_complete() throws Exception {
        try (TestClient a = connect()) {
            a.send("for i=1,2 do");
            assertThat(a.await(">> ")).isEqualTo(">> ");
            a.send("print(i)");
            assertThat(a.await(">> ")).isEqualTo(">> ");
            a.send("end");
            assertThat(a.await("> ")).isEqualTo("1\r\n2\r\n> ");
            a.send("x = {");
            a.await(">> ");
            a.sendBytes(new byte[] {(byte) 0xFF, (byte) 0xF4});
            a.await("> ");
            a.send("=x");
            assertThat(a.await("> ")).isEqualTo("nil\r\n> ");
        }
    }

    @Test
    void exit_closes_only_that_client_and_the_engine_keeps_running() throws Exception {
        try (TestClient a = connect();
                TestClient b = connect()) {
            a.send("exit");
            a.await("bye");
            a.awaitClosed();
            b.send("=40+2");
            assertThat(b.await("> ")).isEqualTo("42\r\n> ");
        }
        try (TestClient c = connect()) {
            c.sendBytes(new byte[] {4});
            c.awaitClosed();
        }
    }

    @Test
    void ctrl_c_stops_a_runaway_loop_and_the_engine_keeps_serving() throws Exception {
        try (TestClient a = connect();
                TestClient b = connect()) {
            a.send("while true do end");
            // a real telnet client sends IAC IP then IAC DO TIMING-MARK and waits for the answer
            a.sendBytes(new byte[] {(byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xFD, 6});
            String reply = a.await("> ");
            assertThat(reply)
                    .contains("interrupted")
                    .contains(new String(new byte[] {(byte) 0xFF, (byte) 0xFB, 6}, "ISO-8859-1"));
            b.send("setTimeout(function() print('timer after loop') end, 10)");
            b.await("timer after loop");
            a.await("timer after loop\r\n");
            a.send("=1+1");
            assertThat(a.await("> ")).isEqualTo("2\r\n> ");
            a.send("while true do end");
            a.send(":interrupt");
            assertThat(a.await("> ")).isEqualTo("interrupted\r\n> ");
        }
    }

    @Test
    void a_per_command_timeout_interrupts_long_commands() throws Exception {
        try (TestClient a = connect()) {
            a.send(":timeout 0.2");
            assertThat(a.await("> ")).isEqualTo("timeout: 0.2 s\r\n> ");
            a.send("while true do end");
            assertThat(a.await("> ")).contains("timeout of 200 ms");
            a.send(":timeout x");
            assertThat(a.await("> ")).contains("expects a number");
        }
    }

    @Test
    void code_sees_its_session_and_onClose_runs_when_the_client_goes() throws Exception {
        try (TestClient watcher = connect()) {
            try (TestClient a = connect()) {
                a.send("=session.kind, type(session.id), session.remote");
                assertThat(a.await("> ")).matches("telnet\tstring\t127\\.0\\.0\\.1:\\d+\r\n> ");
                a.send("session.onClose(function(s) print('closed ' .. s.kind) end)");
                a.await("> ");
            }
            watcher.await("closed telnet");
        }
    }

    @Test
    void complete_lists_globals_fields_methods_and_keywords_from_the_live_engine() throws Exception {
        try (TestClient a = connect()) {
            a.send("myTable = {alpha=1, alps=function() end}");
            a.await("> ");
            a.send(":complete string.fo");
            assertThat(a.await("> ")).isEqualTo("string.format\r\n\r\n> ");
            a.send(":complete myTa");
            assertThat(a.await("> ")).isEqualTo("myTable\r\n\r\n> ");
            a.send(":complete myTable:al");
            assertThat(a.await("> ")).isEqualTo("myTable:alps\r\n\r\n> ");
            a.send(":complete whi");
            assertThat(a.await("> ")).isEqualTo("while\r\n\r\n> ");
            a.send(":complete nothing.here");
            assertThat(a.await("> ")).isEqualTo("\r\n> ");
        }
    }

    @Test
    void meta_commands_help_status_and_unknown() throws Exception {
        try (TestClient a = connect()) {
            a.send(":help");
            assertThat(a.await("REPL client\r\n> "))
                    .contains(":complete <prefix>")
                    .contains(":interrupt");
            a.send(":status");
            assertThat(a.await("> ")).contains("telnet clients").contains("idle");
            a.send(":bogus");
            assertThat(a.await("> ")).contains("unknown command :bogus");
            a.send(":quit");
            a.awaitClosed();
        }
    }

    @Test
    void a_client_that_never_reads_is_cut_off_while_others_get_everything_and_timers_stay_on_time() throws Exception {
        Socket stuck = new Socket();
        stuck.setReceiveBufferSize(4096);
        stuck.connect(address);
        try (TestClient good = connect();
                stuck) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.clientCount() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            // 100,000 lines of 100 bytes in 100 ticks (~10 MB/s, a rate a reading client keeps up with
            // even on a loaded machine), while another interval measures its own lateness
            good.send("maxGap, ticks = 0, 0; local last = _PY.get_time(); "
                    + "gapTimer = setInterval(function() local now = _PY.get_time(); maxGap = math.max(maxGap, now - last); last = now end, 20); "
                    + "local line = string.rep('x', 88); local n = 0; "
                    + "flood = setInterval(function() for i = 1, 1000 do n = n + 1; print(string.format('%9d ', n) .. line) end; "
                    + "ticks = ticks + 1; if n >= 100000 then clearInterval(flood); print('flood done') end end, 10)");
            long before = good.lineEnds();
            good.await("> ");
            good.awaitLineEnds(before + 100_000 + 1);
            String flood = good.await("flood done");
            assertThat(count(flood, "xxxxxxxx\r\n")).isEqualTo(100_000);
            assertThat(count(flood, "   100000 x")).isEqualTo(1);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.clientCount() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.clientCount())
                    .as("the stuck client was disconnected")
                    .isEqualTo(1);
            good.send("clearInterval(gapTimer)");
            good.await("> ");
            good.send("=maxGap");
            String gap = good.await("> ");
            double maxGapSeconds =
                    Double.parseDouble(gap.substring(0, gap.indexOf("\r\n> ")).trim());
            // A blocked engine would show a gap of seconds; 1 s leaves room for a loaded CI machine.
            assertThat(maxGapSeconds)
                    .as("longest gap between ticks of a 20 ms interval, s")
                    .isLessThan(1.0);
        }
    }

    private static int count(CharSequence text, String needle) {
        String s = text.toString();
        int n = 0;
        for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    @Test
    void ten_megabytes_without_a_newline_or_random_bytes_do_not_wedge_the_server() throws Exception {
        try (TestClient a = connect()) {
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 10; i++) {
                a.sendBytes(chunk);
            }
            a.send("");
            assertThat(a.await("> ")).contains("line too long");
            a.send("=1+2");
            assertThat(a.await("> ")).isEqualTo("3\r\n> ");
        }
        try (TestClient junk = new TestClient(address);
                TestClient b = connect()) {
            byte[] bytes = new byte[256 * 1024];
            new Random(7).nextBytes(bytes);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 3 || bytes[i] == 4) {
                    bytes[i] = 'z'; // Ctrl-C / Ctrl-D have meanings; everything else is noise
                }
            }
            try {
                junk.sendBytes(bytes);
            } catch (java.net.SocketException cutOff) {
                // the junk client never reads its error replies: past its 1 MiB output budget the
                // server disconnects it, which is right; what matters is that others go on
            }
            b.send("=2+2");
            assertThat(b.await("> ")).isEqualTo("4\r\n> ");
        }
    }

    @Test
    void a_port_in_use_fails_start_with_a_bind_exception() {
        TelnetServer second = new TelnetServer(engine, "127.0.0.1", address.getPort());
        assertThatThrownBy(second::start).isInstanceOf(BindException.class);
        second.close();
    }

    @Test
    void client_mode_frames_every_message() throws Exception {
        try (TestClient a = connect()) {
            a.send(":client");
            assertThat(a.await("\n")).isEqualTo("\r\n");
            assertThat(a.await("\n")).isEqualTo("V" + LuaEngine.VERSION_LINE + "\n");
            a.send("print('a\\\\b\\nc')");
            assertThat(a.await("D\n")).isEqualTo("Oa\\\\b\\nc\\n\nD\n");
            a.send("for i=1,2 do");
            assertThat(a.await("\n")).isEqualTo("M\n");
            a.send("end");
            assertThat(a.await("D\n")).isEqualTo("D\n");
            a.send("=1,2");
            assertThat(a.await("D\n")).isEqualTo("R1\t2\nD\n");
            a.send("error('bad', 0)");
            assertThat(a.await("D\n")).startsWith("Ebad");
            a.send(":complete string.up");
            assertThat(a.await("K\n")).isEqualTo("cstring.upper\nK\n");
            a.send("=session.kind");
            assertThat(a.await("D\n")).isEqualTo("Rrepl\nD\n");
        }
    }
}

package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.LuaEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The telnet server's defences over real sockets against a running engine: HTTP requests
 * (a web page posting to the port) are closed before anything runs, the token, the default
 * timeout and escaped control characters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelnetSecurityTest extends RunningServer {
    /** A Lua line that creates {@code marker} and prints PWNED: what a hostile page would post. */
    static String payload(Path marker) {
        return "io.open('" + marker.toString().replace("\\", "/") + "', 'w'):close() print('PWNED')";
    }

    /** Reads until the server closes the connection (or resets it); fails after 10 s. */
    static String readUntilClosed(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; got: " + got);
        } catch (IOException e) {
            // reset: the server closed with our unread request still in its buffer
        }
        return got.toString();
    }

    /**
     * After the attack, a command of a watching client goes through the engine: had the attack
     * run anything, it would have run before this.
     */
    static void assertNothingRan(TestClient watcher, Path marker) throws Exception {
        watcher.send("print('watcher ' .. 'round trip')");
        String seen = watcher.await("watcher round trip");
        assertThat(seen).doesNotContain("PWNED");
        assertThat(marker).doesNotExist();
    }

    @Test
    void an_http_post_from_a_web_page_is_closed_and_nothing_it_sent_runs() throws Exception {
        Path marker = dir.resolve("post-marker");
        String body = payload(marker) + "\r\n";
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort() + "\r\n"
                + "Origin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
        try (TestClient watcher = connect(address);
                Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String reply = readUntilClosed(s);
            assertThat(reply).doesNotContain("PWNED").doesNotContain("stdin:");
            assertNothingRan(watcher, marker);
        }
    }

    @Test
    void an_http_get_with_lua_in_later_lines_is_closed_and_nothing_runs() throws Exception {
        Path marker = dir.resolve("get-marker");
        try (TestClient watcher = connect(address);
                Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.getOutputStream()
                    .write(("GET /?x HTTP/1.1\r\nUser-Agent: x\r\n\r\n" + payload(marker) + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            readUntilClosed(s);
            assertNothingRan(watcher, marker);
        }
    }

    @Test
    void a_request_split_across_packets_is_closed_and_nothing_runs() throws Exception {
        Path marker = dir.resolve("split-marker");
        String request = "POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + payload(marker) + "\r\n";
        try (TestClient watcher = connect(address);
                Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            // a few bytes per segment; a short pause makes them separate reads on the server (a
            // latch cannot: the point is that the server sees partial lines)
            try {
                for (int i = 0; i < bytes.length; i += 7) {
                    out.write(bytes, i, Math.min(7, bytes.length - i));
                    out.flush();
                    Thread.sleep(2);
                }
            } catch (IOException e) {
                // closed by the server before the body: what is wanted
            }
            readUntilClosed(s);
            assertNothingRan(watcher, marker);
        }
    }

    @Test
    void a_host_header_after_an_incomplete_first_chunk_closes_before_it_runs() throws Exception {
        Path marker = dir.resolve("host-marker");
        try (TestClient watcher = connect(address);
                TestClient c = connect(address)) {
            c.send("do " + payload(marker));
            c.await(">> ");
            c.send("Host: 127.0.0.1");
            c.awaitClosed();
            assertNothingRan(watcher, marker);
        }
    }

    @Test
    void a_request_line_longer_than_the_line_limit_is_still_recognised() throws Exception {
        Path marker = dir.resolve("long-marker");
        try (TestClient watcher = connect(address);
                Socket s = new Socket(address.getAddress(), address.getPort())) {
            String request = "POST /" + "a".repeat(100_000) + " HTTP/1.1\r\n\r\n" + payload(marker) + "\r\n";
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // closed before all was sent
            }
            readUntilClosed(s);
            assertNothingRan(watcher, marker);
        }
    }

    @Test
    void a_30_mb_padded_body_is_not_read_the_connection_closes_on_the_first_line() throws Exception {
        Path marker = dir.resolve("padded-marker");
        try (TestClient watcher = connect(address);
                Socket s = new Socket(address.getAddress(), address.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 31457280\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] padding = new byte[64 * 1024];
            java.util.Arrays.fill(padding, (byte) ' ');
            long sent = 0;
            try {
                while (sent < 30L << 20) {
                    out.write(padding);
                    sent += padding.length;
                }
                out.write((payload(marker) + "\r\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // reset by the server: it closed without reading the body
            }
            System.out.printf(
                    "padded body: %,d of %,d bytes written before the server's close stopped the sender%n",
                    sent, 30L << 20);
            readUntilClosed(s);
            assertThat(sent)
                    .as("bytes the client could write (the server does not read the body)")
                    .isLessThan(30L << 20);
            assertNothingRan(watcher, marker);
        }
    }

    @Test
    void lua_that_merely_mentions_http_still_runs() throws Exception {
        try (TestClient c = connect(address)) {
            c.send("host = {close = function() return 'closed' end}");
            c.await("> ");
            c.send("=host:close()");
            assertThat(c.await("> ")).isEqualTo("closed\r\n> ");
            c.send("='GET / HTTP/1.1'");
            assertThat(c.await("> ")).isEqualTo("GET / HTTP/1.1\r\n> ");
        }
    }

    @Test
    void with_a_token_the_first_line_must_be_auth_with_that_token() throws Exception {
        Path marker = dir.resolve("token-marker");
        try (TelnetServer guarded = new TelnetServer(
                        engine, TelnetServer.Options.defaults("127.0.0.1", 0).withToken("s3cret token"));
                TestClient watcher = connect(address)) {
            InetSocketAddress at = guarded.start();
            try (TestClient c = new TestClient(at)) {
                assertThat(c.await("\r\n")).contains("authentication required").doesNotContain(LuaEngine.VERSION_LINE);
                c.send(payload(marker));
                assertThat(c.await("\r\n"))
                        .isEqualTo("error: authentication required: the first line must be :auth TOKEN\r\n");
                c.awaitClosed();
            }
            try (TestClient c = new TestClient(at)) {
                c.send(":auth s3cret tokem");
                assertThat(c.await("wrong token\r\n")).contains("error: authentication failed");
                c.awaitClosed();
            }
            try (TestClient c = new TestClient(at)) {
                c.send(":auth");
                c.await("error: authentication failed");
                c.awaitClosed();
            }
            try (TestClient c = new TestClient(at)) {
                c.send(":help");
                c.await("error: authentication required");
                c.awaitClosed();
            }
            assertThat(guarded.clientCount())
                    .as("unauthenticated clients never joined")
                    .isZero();
            assertNothingRan(watcher, marker);
            try (TestClient c = new TestClient(at)) {
                c.send(":auth s3cret token");
                assertThat(c.await("> ")).contains(LuaEngine.VERSION_LINE);
                c.send("=1+1");
                assertThat(c.await("> ")).isEqualTo("2\r\n> ");
                c.send(":auth s3cret token");
                assertThat(c.await("> ")).isEqualTo("already authenticated\r\n> ");
            }
        }
    }

    @Test
    void options_reject_unusable_tokens_and_timeouts() {
        TelnetServer.Options o = TelnetServer.Options.defaults("127.0.0.1", 0);
        assertThat(o.executionTimeoutMs()).isEqualTo(30_000);
        assertThat(o.token()).isNull();
        assertThat(new TelnetServer(engine, "127.0.0.1", 0).options()).isEqualTo(o);
        assertThatThrownBy(() -> o.withToken(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> o.withToken(" x")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> o.withToken("a\nb")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> o.withExecutionTimeoutMs(-1)).hasMessageContaining(">= 0");
        assertThat(o.withToken("abc").toString()).doesNotContain("abc");
    }

    @Test
    void the_default_timeout_stops_a_runaway_command_and_the_engine_goes_on() throws Exception {
        try (TelnetServer timed = new TelnetServer(
                        engine, TelnetServer.Options.defaults("127.0.0.1", 0).withExecutionTimeoutMs(300));
                TestClient other = connect(address)) {
            InetSocketAddress at = timed.start();
            try (TestClient c = connect(at)) {
                c.send(":status");
                assertThat(c.await("> ")).contains("timeout 0.3 s");
                long t0 = System.nanoTime();
                c.send("while true do end");
                assertThat(c.await("> "))
                        .isEqualTo("interrupted: the command ran longer than this client's timeout of 300 ms"
                                + " (:timeout sets it in seconds, 0 = none)\r\n> ");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                        .isLessThan(5_000);
                other.send("=6*7");
                assertThat(other.await("> ")).isEqualTo("42\r\n> ");
                c.send("=1+1");
                assertThat(c.await("> ")).isEqualTo("2\r\n> ");
                c.send(":timeout 0");
                assertThat(c.await("> ")).isEqualTo("timeout: none\r\n> ");
                c.send(":timeout 0.1");
                c.await("> ");
                c.send("while true do end");
                assertThat(c.await("> ")).contains("timeout of 100 ms");
            }
        }
    }

    @Test
    void control_characters_from_anyone_reach_terminals_escaped() throws Exception {
        try (TestClient a = connect(address);
                TestClient b = connect(address)) {
            a.send("print('\\27]0;owned\\7\\27[2J' .. string.char(0x9b) .. 'x')");
            String seenByA = a.await("> ");
            String seenByB = b.await("x\r\n");
            for (String seen : new String[] {seenByA, seenByB}) {
                assertThat(seen)
                        .contains("\\27]0;owned\\7\\27[2J\\155x\r\n")
                        .doesNotContain("\u001b")
                        .doesNotContain("\u0007");
            }
            a.send("='\\27[31m', '\\194\\155'");
            assertThat(a.await("> ")).isEqualTo("\\27[31m\t\\194\\155\r\n> ");
            a.send("error('\\27[8m')");
            assertThat(a.await("> ")).startsWith("stdin:1: \\27[8m");
        }
    }
}

package dev.jeplua.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.telnet.TelnetServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JLine client headless (dumb terminal over in-memory streams) against a real engine and telnet server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplClientTest {
    @TempDir
    static Path dir;

    static LuaEngine engine;
    static TelnetServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void start() throws IOException {
        engine = new LuaEngine(new EngineConfig().stdout(false).storePath(dir.resolve("store.db")));
        engine.start();
        server = new TelnetServer(engine, "127.0.0.1", 0);
        address = server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    /** A client on a dumb terminal: type into {@link #keys}, read {@link #screen()}. */
    static final class Session implements AutoCloseable {
        final PipedOutputStream keys = new PipedOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Terminal terminal;
        final ReplClient client;
        final CompletableFuture<Integer> exit;

        Session(int port, Path history) throws IOException {
            this(port, history, Terminal.TYPE_DUMB);
        }

        /**
         * @param type terminal type: {@code dumb} (no escape codes, no key bindings beyond Enter), or
         *             {@code ansi} for the line editor's key bindings (Tab, Ctrl-P) over the same streams
         */
        Session(int port, Path history, String type) throws IOException {
            this(port, history, type, null);
        }

        /** @param token the telnet token the client sends, or null */
        Session(int port, Path history, String type, String token) throws IOException {
            PipedInputStream in = new PipedInputStream(keys, 1 << 16);
            OutputStream synchronizedOut = new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (out) {
                        out.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (out) {
                        out.write(b, off, len);
                    }
                }
            };
            terminal = new DumbTerminal("test", type, in, synchronizedOut, StandardCharsets.UTF_8);
            client = new ReplClient(terminal, "127.0.0.1", port, token, history, true);
            exit = new CompletableFuture<>();
            Thread t = new Thread(() -> exit.complete(client.run()), "test-repl-client");
            t.setDaemon(true);
            t.start();
        }

        Session type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
            return this;
        }

        String screen() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits (at most 10 s) until the screen contains {@code text}. */
        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!screen().contains(text)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("screen lacks '" + text + "':\n" + screen());
                }
                Thread.sleep(5);
            }
        }

        /** Ctrl-D: end of input. */
        int quit() throws Exception {
            keys.close();
            return exit.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            keys.close();
            client.close();
            terminal.close();
        }
    }

    @Test
    void expressions_statements_and_errors_run_on_the_engine() throws Exception {
        try (Session s = new Session(address.getPort(), dir.resolve("h1"))) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("x = 4\n").type("x * 2\n");
            s.await("8");
            s.type("error('boom', 0)\n");
            s.await("boom");
            assertThat(s.quit()).isZero();
            assertThat(s.screen()).doesNotContain("\u001b[");
        }
    }

    @Test
    void an_incomplete_chunk_continues_on_the_next_line() throws Exception {
        try (Session s = new Session(address.getPort(), dir.resolve("h2"))) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("for i = 1, 2 do\n").type("print('loop ' .. i)\n").type("end\n");
            s.await("loop 2");
            // one prompt before the chunk, one after: the three lines were one command
            assertThat(s.screen()).contains("loop 1");
            s.await("loop 2\n> ");
            assertThat(s.screen().split("> ", -1)).hasSize(3);
            s.quit();
        }
    }

    @Test
    void tab_completes_from_the_live_engine() throws Exception {
        try (Session s = new Session(address.getPort(), dir.resolve("h3"), "ansi")) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("=string.fo\t('%05d', 42)\n");
            s.await("00042");
            s.quit();
        }
    }

    @Test
    void history_persists_across_clients_and_is_recalled() throws Exception {
        Path history = dir.resolve("h4");
        try (Session s = new Session(address.getPort(), history)) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("='recalled ' .. 'value'\n");
            s.await("recalled value");
            s.quit();
        }
        assertThat(Files.readString(history)).contains("='recalled ' .. 'value'");
        try (Session s = new Session(address.getPort(), history, "ansi")) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("\u0010\n"); // Ctrl-P (previous history; the Up arrow on a real terminal), Enter
            s.await("recalled value");
            s.quit();
        }
    }

    @Test
    void output_from_timers_is_shown_while_waiting_at_the_prompt() throws Exception {
        try (Session s = new Session(address.getPort(), dir.resolve("h5"))) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("setTimeout(function() print('tick from timer') end, 50)\n");
            s.await("tick from timer");
            s.type("io.write('partial')\n");
            s.await("partial");
            s.quit();
        }
    }

    @Test
    void the_client_reconnects_with_a_notice_when_the_engine_comes_back() throws Exception {
        LuaEngine second = new LuaEngine(new EngineConfig().stdout(false).storePath(dir.resolve("store2.db")));
        second.start();
        TelnetServer first = new TelnetServer(second, "127.0.0.1", 0);
        int port = first.start().getPort();
        try (Session s = new Session(port, dir.resolve("h6"))) {
            s.await(LuaEngine.VERSION_LINE);
            first.close();
            s.await("lost; reconnecting");
            try (TelnetServer again = new TelnetServer(second, "127.0.0.1", port)) {
                again.start();
                s.await("reconnected");
                s.type("=6*7\n");
                s.await("42");
                s.quit();
            }
        } finally {
            second.close();
        }
    }

    @Test
    void a_missing_engine_is_reported_and_the_client_exits_with_1() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Session s = new Session(port, dir.resolve("h7"))) {
            assertThat(s.exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(s.screen()).contains("cannot connect to the engine at 127.0.0.1:" + port);
        }
    }

    @Test
    void interrupt_stops_the_running_command_of_this_connection() throws Exception {
        StringBuilder errors = new StringBuilder();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (EngineConnection c = EngineConnection.open("127.0.0.1", address.getPort())) {
            c.start(new EngineConnection.Listener() {
                public void output(String text) {}

                public void result(String text) {}

                public void error(String text) {
                    synchronized (errors) {
                        errors.append(text);
                    }
                }

                public void more() {}

                public void done() {
                    done.complete(null);
                }

                public void candidate(String text) {}

                public void candidatesEnd() {}

                public void disconnected(IOException cause) {}
            });
            c.sendLine("while true do end");
            Thread.sleep(50); // let it start; interrupting earlier is also fine, this checks the running case
            c.interrupt();
            done.get(10, TimeUnit.SECONDS);
            synchronized (errors) {
                assertThat(errors.toString()).isEqualTo("interrupted");
            }
        }
    }

    @Test
    void the_token_is_sent_first_and_a_missing_or_wrong_one_is_reported() throws Exception {
        try (TelnetServer guarded = new TelnetServer(
                engine, TelnetServer.Options.defaults("127.0.0.1", 0).withToken("tok-123"))) {
            int port = guarded.start().getPort();
            try (Session s = new Session(port, dir.resolve("t1"), Terminal.TYPE_DUMB, "tok-123")) {
                s.await(LuaEngine.VERSION_LINE);
                s.type("=6*7\n");
                s.await("42");
                assertThat(s.quit()).isZero();
            }
            try (Session s = new Session(port, dir.resolve("t2"))) {
                assertThat(s.exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                assertThat(s.screen())
                        .contains("authentication required")
                        .contains("--token, --token-file or JEPLUA_TELNET_TOKEN");
            }
            try (Session s = new Session(port, dir.resolve("t3"), Terminal.TYPE_DUMB, "tok-124")) {
                assertThat(s.exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                assertThat(s.screen()).contains("authentication failed: wrong token");
            }
        }
        // a token given to a server that needs none does no harm
        try (Session s = new Session(address.getPort(), dir.resolve("t4"), Terminal.TYPE_DUMB, "unneeded")) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("=1+1\n");
            s.await("2");
            s.quit();
        }
    }

    @Test
    void empty_or_conflicting_tokens_are_usage_errors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-token"), "\n");
        Path good = Files.writeString(dir.resolve("good-token"), "  abc-def \r\n");
        assertThat(ReplClient.readTokenFile(good)).isEqualTo("abc-def");
        String[][] cases = {
            {"--token", ""},
            {"--token-file", empty.toString()},
            {"--token-file", dir.resolve("missing").toString()},
            {"--token", "a", "--token-file", good.toString()},
            {"--token", "a\nb"},
            {"--token"},
        };
        String[] expected = {
            "--token is empty",
            "is empty",
            "cannot read the token file",
            "not both",
            "control characters",
            "needs a value"
        };
        for (int i = 0; i < cases.length; i++) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = ReplClient.main(cases[i], null, new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected[i]);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ReplClient.main(new String[0], "", new java.io.PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("JEPLUA_TELNET_TOKEN is empty");
    }

    @Test
    void control_characters_from_the_server_are_shown_escaped() throws Exception {
        assertThat(ReplClient.visible("a\u001b[2J\tb\u0007\u009b\n")).isEqualTo("a\\27[2J\tb\\7\\155\n");
        assertThat(ReplClient.visible("plain")).isSameAs("plain");
        try (Session s = new Session(address.getPort(), dir.resolve("h8"))) {
            s.await(LuaEngine.VERSION_LINE);
            s.type("print('x\\27]0;title\\7y')\n");
            s.await("x\\27]0;title\\7y");
            assertThat(s.screen()).doesNotContain("\u001b").doesNotContain("\u0007");
            s.quit();
        }
    }
}

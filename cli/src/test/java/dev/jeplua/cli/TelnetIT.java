package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.cli.JarRunner.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The telnet REPL, {@code repl} and {@code -i} through the real jar, as a user runs them (README.md#command-line, README.md#telnet-repl-and-repl-client). */
@Timeout(120)
class TelnetIT {
    @TempDir
    Path dir;

    static int freePort() throws IOException {
        return RestClient.freePort();
    }

    /** A raw client as {@code nc} is. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Client(int port) throws Exception {
            Socket s = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s == null) {
                try {
                    s = new Socket("127.0.0.1", port);
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
            socket = s;
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            readUntil("> ");
        }

        Client send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Reads until {@code needle} (at most 10 s, then a SocketTimeoutException); returns what was read. */
        String readUntil(String needle) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (sb.indexOf(needle) < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before '" + needle + "'; got: " + sb);
                }
                sb.append((char) b);
            }
            return sb.toString();
        }

        boolean closedByServer() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void two_clients_share_print_output_but_not_results_and_exit_leaves_the_engine_running() throws Exception {
        int port = freePort();
        Process engine =
                JarRunner.start(dir, null, "--no-api", "--telnet-port", String.valueOf(port), "--run-for", "0");
        // on a thread of its own: JarRunner.drain uses the common pool, which the repl run below needs
        java.util.concurrent.CompletableFuture<String> stdout = new java.util.concurrent.CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try {
                        stdout.complete(new String(engine.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        stdout.completeExceptionally(e);
                    }
                },
                "engine-stdout");
        drain.setDaemon(true);
        drain.start();
        try (Client a = new Client(port);
                Client b = new Client(port)) {
            a.send("print('hi')");
            assertThat(a.readUntil("> ")).isEqualTo("hi\r\n> ");
            assertThat(b.readUntil("hi\r\n")).isEqualTo("hi\r\n");
            a.send("1+1");
            assertThat(a.readUntil("> ")).isEqualTo("2\r\n> ");
            a.send("for i=1,2 do").send("print(i)").send("end");
            assertThat(a.readUntil("2\r\n> ")).isEqualTo(">> >> 1\r\n2\r\n> ");
            a.send("exit");
            assertThat(a.readUntil("bye\r\n")).isEqualTo("bye\r\n");
            assertThat(a.closedByServer()).isTrue();
            b.send("print('marker')");
            // b saw the loop's prints but never a's results
            assertThat(b.readUntil("marker\r\n> ")).isEqualTo("1\r\n2\r\nmarker\r\n> ");

            // the standalone client attaches to the same engine
            Result repl = JarRunner.finish(
                    JarRunner.start(dir, "x = 4\nx * 2\n", "repl", "--port", String.valueOf(port)), 60);
            assertThat(repl.status()).isZero();
            assertThat(repl.out()).contains("JEPLua").contains("8");
            assertThat(engine.isAlive()).isTrue();
        } finally {
            engine.destroy();
            engine.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(stdout.get(10, TimeUnit.SECONDS)).contains("hi\n1\n2\nmarker\n");
    }

    @Test
    void interactive_runs_the_script_then_the_repl_on_this_terminal_and_ctrl_d_ends_the_process() throws Exception {
        Path script = dir.resolve("s.lua");
        java.nio.file.Files.writeString(script, "print('script ran'); y = 21\n");
        Result r = JarRunner.finish(
                JarRunner.start(
                        dir, "=y * 2\nprint('from repl')\n", "--no-api", "--no-telnet", "-i", script.toString()),
                60);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("script ran").contains("42").contains("from repl");
        assertThat(r.out().indexOf("script ran")).isLessThan(r.out().indexOf("42"));
        // printed once: the stdout copy stops when the line editor shows output
        assertThat(r.out().split("from repl", -1)).hasSize(2);
    }

    @Test
    void a_telnet_port_in_use_is_a_one_line_warning_and_the_script_still_runs() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the script outlives the server start-up (a run that ends first does not wait for it)
            Result r = JarRunner.run(
                    dir,
                    null,
                    "--no-api",
                    "--telnet-port",
                    String.valueOf(taken.getLocalPort()),
                    "-e",
                    "print('ran') sleep(1500)");
            assertThat(r.status()).isZero();
            assertThat(r.out()).isEqualTo("ran\n");
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err())
                    .startsWith(
                            "jeplua: warning: telnet REPL not started: cannot bind 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void repl_without_an_engine_says_so_and_exits_1() throws Exception {
        Result r = JarRunner.run(dir, "", "repl", "--port", String.valueOf(freePort()));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("cannot connect to the engine");
    }
}

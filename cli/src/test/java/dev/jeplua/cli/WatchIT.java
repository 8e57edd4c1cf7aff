package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --watch} end to end through the real jar (README.md#watch): real file edits, a real
 * telnet client that stays connected across restarts, and the store, whose contents survive.
 */
@Timeout(120)
class WatchIT {
    @TempDir
    Path dir;

    static String script(String mark) {
        return "local helper = require('helper')\n"
                + "local t = store.table('watch')\n"
                + "t.runs = (t.runs or 0) + 1\n"
                + "counter = (counter or 0) + 1\n"
                + "print('run " + mark + " runs=' .. t.runs .. ' counter=' .. counter .. ' helper=' .. helper.v)\n"
                + "setInterval(function() print('tick " + mark + "') end, 50)\n";
    }

    /**
     * Reads a stream to its end on a thread of its own (the common pool may have one thread only).
     * What was read counts also when the stream is closed under the reader ({@code Process.destroy}
     * closes it, "Stream closed"): the text the test looks for was written long before.
     */
    static CompletableFuture<String> drain(java.io.InputStream in) {
        CompletableFuture<String> all = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
                    byte[] buf = new byte[8192];
                    try {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            read.write(buf, 0, n);
                        }
                    } catch (java.io.IOException closedUnderUs) {
                        // keep what was read before the process was destroyed
                    }
                    all.complete(read.toString(StandardCharsets.UTF_8));
                },
                "watch-it-drain");
        t.setDaemon(true);
        t.start();
        return all;
    }

    @Test
    void an_edit_reruns_the_script_in_the_same_process_keeping_store_and_telnet_client() throws Exception {
        Path s = dir.resolve("s.lua");
        Files.writeString(s, script("A"));
        Files.writeString(dir.resolve("helper.lua"), "return {v = 1}\n");
        int port = TelnetIT.freePort();
        Process engine = JarRunner.start(
                dir, null, "--watch", "--no-api", "--telnet-port", String.valueOf(port), "--store", "w.db", "s.lua");
        CompletableFuture<String> stderr = drain(engine.getErrorStream());
        CompletableFuture<String> stdout = drain(engine.getInputStream());
        List<Long> latencies = new ArrayList<>();
        try (TelnetIT.Client c = new TelnetIT.Client(port)) {
            c.readUntil("tick A"); // the first run is going
            c.send("print(store.table('watch').runs)");
            assertThat(c.readUntil("1\r\n")).endsWith("1\r\n");

            // an edit of the script: reruns within the same process, timers of the old run gone
            long saved = System.nanoTime();
            Files.writeString(s, script("B"));
            String seen = c.readUntil("run B runs=2 counter=1 helper=1");
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved));
            assertThat(seen).contains("[jeplua] s.lua changed, restarting");
            String after = c.readUntil("tick B\r\ntick B\r\ntick B");
            assertThat(after).doesNotContain("tick A");

            // a file it required: rerun with the new module (require reads it again)
            saved = System.nanoTime();
            Files.writeString(dir.resolve("helper.lua"), "return {v = 2}\n");
            seen = c.readUntil("run B runs=3 counter=1 helper=2");
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved));
            assertThat(seen).contains("[jeplua] helper.lua changed, restarting");

            // more edits, for the latency figure
            for (int i = 0; i < 3; i++) {
                String mark = "C" + i;
                saved = System.nanoTime();
                Files.writeString(s, script(mark));
                c.readUntil("run " + mark + " runs=" + (4 + i));
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved));
            }

            // a broken edit: the error is reported and the process waits for the next change
            Files.writeString(s, "this is not lua(\n");
            c.readUntil("[jeplua] s.lua changed, restarting");
            c.send("print('alive')");
            c.readUntil("alive\r\n");
            assertThat(engine.isAlive()).isTrue();
            Files.writeString(s, script("D"));
            c.readUntil("run D runs=");

            // the client that watched all of this is still connected and served
            c.send("print('still here', counter)");
            assertThat(c.readUntil("still here\t1\r\n")).endsWith("still here\t1\r\n");
        } finally {
            engine.destroy();
            engine.waitFor(10, TimeUnit.SECONDS);
        }
        String err = stderr.get(10, TimeUnit.SECONDS);
        assertThat(err).contains("jeplua: s.lua:1:").contains("waiting for file changes before restarting");
        assertThat(stdout.get(10, TimeUnit.SECONDS)).contains("[jeplua] s.lua changed, restarting\n");
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        long median = sorted.get(sorted.size() / 2);
        System.out.println("--watch save-to-rerun latency (ms): " + latencies + ", median " + median);
        assertThat(median).as("median save-to-rerun latency, ms: " + latencies).isLessThan(300);
    }

    @Test
    void a_net_server_of_the_old_run_is_closed_so_the_new_run_can_bind_its_port() throws Exception {
        int httpPort = TelnetIT.freePort();
        Path s = dir.resolve("srv.lua");
        String code = "local srv = net.HTTPServer()\n"
                + "srv:start('127.0.0.1', " + httpPort + ", function() return 'ok' end)\n"
                + "print('listening %s')\n";
        Files.writeString(s, code.formatted("one"));
        Process engine = JarRunner.start(dir, null, "--watch", "--no-api", "--no-telnet", "srv.lua");
        CompletableFuture<String> stderr = drain(engine.getErrorStream());
        try {
            var out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(engine.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("listening one");
            Files.writeString(s, code.formatted("two"));
            assertThat(out.readLine()).isEqualTo("[jeplua] srv.lua changed, restarting");
            assertThat(out.readLine()).isEqualTo("listening two");
        } finally {
            engine.destroy();
            engine.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(stderr.get(10, TimeUnit.SECONDS)).doesNotContain("error");
    }

    @Test
    void an_outgoing_tcp_connection_of_the_old_run_is_closed_on_restart() throws Exception {
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(60_000);
            Path s = dir.resolve("client.lua");
            String code = "local sock = net.TCPSocket()\n"
                    + "sock:connect('127.0.0.1', " + peer.getLocalPort()
                    + ", {success = function() print('connected %s') end})\n";
            Files.writeString(s, code.formatted("one"));
            Process engine = JarRunner.start(dir, null, "--watch", "--no-api", "--no-telnet", "client.lua");
            CompletableFuture<String> stderr = drain(engine.getErrorStream());
            try (java.net.Socket first = peer.accept()) {
                var out = new java.io.BufferedReader(
                        new java.io.InputStreamReader(engine.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("connected one");
                Files.writeString(s, code.formatted("two"));
                assertThat(out.readLine()).isEqualTo("[jeplua] client.lua changed, restarting");
                first.setSoTimeout(60_000);
                assertThat(first.getInputStream().read())
                        .as("the old run's connection is closed")
                        .isEqualTo(-1);
                try (java.net.Socket second = peer.accept()) {
                    assertThat(out.readLine()).isEqualTo("connected two");
                }
            } finally {
                engine.destroy();
                engine.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(stderr.get(10, TimeUnit.SECONDS)).doesNotContain("error");
        }
    }
}

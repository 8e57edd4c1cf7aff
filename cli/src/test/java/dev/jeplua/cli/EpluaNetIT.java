package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jeplua.cli.JarRunner.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPLua-style scripts ({@code src/test/resources/eplua-compat/net/}) through the real jar: the
 * legacy net names, {@code _PY.call_http}, and the exit statuses of docs/exit-status.md (1 after
 * a callback error, 13 for a main chunk left suspended). The MQTT script runs against a
 * {@code mosquitto} the test starts, and its stderr must not carry the JDK's
 * {@code sun.misc.Unsafe} warning, with the project's JVM flags and without them.
 */
@Timeout(120)
class EpluaNetIT {
    private static final String UNSAFE_WARNING = "sun.misc.Unsafe";

    @TempDir
    Path dir;

    private Process broker;
    private HttpServer http;

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
            broker.destroyForcibly();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    /** Copies {@code eplua-compat/net/<name>} into the test directory and returns its file name. */
    private String script(String name) throws IOException {
        try (InputStream in = EpluaNetIT.class.getResourceAsStream("/eplua-compat/net/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing compat script " + name);
            }
            Files.write(dir.resolve(name), in.readAllBytes());
        }
        return name;
    }

    private Result run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--no-telnet", "--no-api"));
        all.addAll(List.of(args));
        return JarRunner.run(dir, null, all.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void the_legacy_mqtt_client_round_trips_and_no_unsafe_warning_reaches_stderr() throws Exception {
        int port = startBroker();
        String uri = "mqtt://127.0.0.1:" + port;
        Result r = run(script("mqtt_legacy_client.lua"), uri);
        assertThat(r.out())
                .as(r.err())
                .isEqualTo("accepted code\t0\tauth code\t4\n"
                        + "connected\tconnected\ttrue\n"
                        + "message\ttrue\thello from the legacy client\n"
                        + "disconnected\tdisconnected\n");
        assertThat(r.err()).doesNotContain(UNSAFE_WARNING).isEmpty();
        assertThat(r.status()).isZero();

        // the same with a bare `java -jar`, without the project's JVM flags
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JarRunner.jar().toString(),
                        "--no-telnet",
                        "--no-api",
                        "mqtt_legacy_client.lua",
                        uri)
                .directory(dir.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        Result bare = JarRunner.finish(p, 30);
        assertThat(bare.out()).as(bare.err()).contains("message\ttrue\thello from the legacy client");
        assertThat(bare.err()).doesNotContain(UNSAFE_WARNING);
        assertThat(bare.status()).isZero();
    }

    @Test
    void the_echo_server_answers_with_echo_and_prints_its_debug_lines() throws Exception {
        Result r = run(script("websocket_echo_server.lua"), String.valueOf(freePort()));
        assertThat(r.out())
                .as(r.err())
                .contains("client connected\n")
                .contains("client got\tEcho: ping 1\n")
                .contains("client got\tEcho: ping 2\n")
                .containsPattern("\\[EchWS\\] 1 listening on port \\d+")
                .contains("[EchWS] 1 client 1 connected")
                .contains("[EchWS] 1 client 1 sent: ping 1")
                .contains("client disconnected\n")
                .endsWith("server stopped\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
    }

    @Test
    void call_http_delivers_eplua_responses_to_registered_callbacks() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hello", ex -> reply(ex, 200, "application/json", "{\"greeting\":\"hi\"}"));
        http.createContext(
                "/echo",
                ex -> reply(
                        ex,
                        201,
                        "text/plain",
                        ex.getRequestMethod() + " "
                                + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        http.createContext("/missing", ex -> reply(ex, 404, "text/plain", "no such page"));
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        Result r = run(script("call_http.lua"), base);
        assertThat(r.out())
                .as(r.err())
                .contains("call_http\t200\tOK\ttrue\thi\tapplication/json\n")
                .contains("call_http post\tnil\t201\ttrue\tPOST some body\n")
                .contains("HTTPClient\t404\tno such page\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void an_error_in_a_callback_is_reported_the_run_goes_on_and_the_exit_status_is_1() throws Exception {
        Result r = run(script("callback_error.lua"));
        assertThat(r.out()).isEqualTo("main chunk done\nfirst timer\nsecond timer still runs\n");
        assertThat(r.err())
                .startsWith("jeplua: error in timer callback: callback_error.lua:4: sensor offline\nstack traceback:")
                .endsWith("jeplua: 1 error in callbacks (reported above): exit status 1\n");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void a_main_chunk_left_suspended_ends_with_a_warning_naming_its_line_and_status_13() throws Exception {
        Result r = run(script("main_suspended.lua"));
        assertThat(r.out()).isEqualTo("before the yield\na timer that does not resume it\n");
        assertThat(r.err())
                .isEqualTo("jeplua: warning: the main chunk is suspended at main_suspended.lua:4"
                        + " and nothing is left that could resume it (exit status 13)\n");
        assertThat(r.status()).isEqualTo(13);
    }

    @Test
    void a_main_chunk_resumed_by_a_timer_finishes_with_status_0() throws Exception {
        Result r = run(script("main_resumed.lua"));
        assertThat(r.out()).isEqualTo("waiting\nresumed by a timer\nmain chunk done\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
    }

    /** Starts mosquitto on a free loopback port; the test is skipped when it is not installed. */
    private int startBroker() throws Exception {
        Path bin = null;
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                bin = Path.of(p);
                break;
            }
        }
        assumeTrue(bin != null, "mosquitto is not installed (apt-get install mosquitto); MQTT test skipped");
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        broker = new ProcessBuilder(bin.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return port;
            } catch (IOException e) {
                Thread.sleep(50); // polling the broker's port; bounded by the deadline
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within 10 s");
    }
}

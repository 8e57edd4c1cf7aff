package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.cli.JarRunner.Result;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where tokens come from, which addresses need one, and what a memory bomb does to a running
 * engine (docs/security.md), through the real jar with a small heap.
 */
@Timeout(180)
class SecurityIT {
    /** The memory bomb of the security issue: strings of 1 MB kept in a growing table. */
    static final String BOMB = "local t={} while true do t[#t+1]=('x'):rep(1e6) end";

    static final List<String> SMALL_HEAP = List.of("-Xmx256m");

    @TempDir
    Path dir;

    final RestClient rest = new RestClient();

    static int freePort() throws Exception {
        return RestClient.freePort();
    }

    HttpResponse<String> post(int port, String token, String code) throws Exception {
        return rest.post(port, token, code);
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return rest.get(port, path);
    }

    HttpResponse<String> awaitApi(int port, String token) throws Exception {
        return rest.await(port, token);
    }

    @Test
    void the_rest_token_comes_from_a_file_or_the_environment() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file\n");
        int port = freePort();
        Process p = JarRunner.start(
                List.of(),
                Map.of("JEPLUA_API_TOKEN", "from-env"),
                dir,
                null,
                "--no-telnet",
                "--api-port",
                String.valueOf(port),
                "--api-token-file",
                file.toString(),
                "--run-for",
                "-60",
                "-e",
                "return");
        try {
            assertThat(awaitApi(port, "from-file").statusCode()).isEqualTo(200);
            assertThat(post(port, "from-env", "1").statusCode())
                    .as("the file wins over the environment")
                    .isEqualTo(401);
            assertThat(post(port, null, "1").statusCode()).isEqualTo(401);
        } finally {
            p.destroy();
            JarRunner.finish(p, 10);
        }
        int port2 = freePort();
        Process q = JarRunner.start(
                List.of(),
                Map.of("JEPLUA_API_TOKEN", "from-env"),
                dir,
                null,
                "--no-telnet",
                "--api-port",
                String.valueOf(port2),
                "--run-for",
                "-60",
                "-e",
                "return");
        try {
            assertThat(awaitApi(port2, "from-env").statusCode()).isEqualTo(200);
            assertThat(post(port2, "from-file", "1").statusCode()).isEqualTo(401);
        } finally {
            q.destroy();
            JarRunner.finish(q, 10);
        }
    }

    @Test
    void an_empty_token_is_an_error_not_no_token() throws Exception {
        Result flag = JarRunner.run(dir, null, "--no-telnet", "--no-api", "--api-token", "", "-e", "print('ran')");
        assertThat(flag.status()).isEqualTo(1);
        assertThat(flag.out()).isEmpty();
        assertThat(flag.err()).isEqualTo("jeplua: --api-token is empty (leave the option out for no token)\n");

        Path empty = dir.resolve("empty");
        Files.writeString(empty, "  \n");
        Result file = JarRunner.run(
                dir, null, "--no-telnet", "--no-api", "--telnet-token-file", empty.toString(), "-e", "print('ran')");
        assertThat(file.status()).isEqualTo(1);
        assertThat(file.err()).startsWith("jeplua: --telnet-token-file ").contains("holds no token");

        Process p = JarRunner.start(
                List.of(), Map.of("JEPLUA_API_TOKEN", ""), dir, null, "--no-telnet", "--no-api", "-e", "print('ran')");
        Result env = JarRunner.finish(p, 30);
        assertThat(env.status()).isEqualTo(1);
        assertThat(env.err()).isEqualTo("jeplua: JEPLUA_API_TOKEN is set but empty (unset it for no token)\n");

        Result missing =
                JarRunner.run(dir, null, "--no-telnet", "--no-api", "--api-token-file", "nope", "-e", "print('ran')");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).startsWith("jeplua: cannot read --api-token-file nope");
    }

    @Test
    void the_telnet_repl_on_a_non_loopback_address_needs_a_token() throws Exception {
        String port = String.valueOf(freePort());
        Result refused = JarRunner.run(
                dir, null, "--no-api", "--telnet-host", "0.0.0.0", "--telnet-port", port, "-e", "print('ran')");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err())
                .startsWith("jeplua: refusing to start the telnet REPL on 0.0.0.0:" + port + " without a token");
        Result withToken = JarRunner.run(
                dir,
                null,
                "--no-api",
                "--telnet-host",
                "0.0.0.0",
                "--telnet-port",
                port,
                "--telnet-token",
                "t0k",
                "-e",
                "print('ran')");
        assertThat(withToken.status()).isZero();
        assertThat(withToken.out()).isEqualTo("ran\n");
    }

    @Test
    void an_invalid_memory_limit_is_an_error() throws Exception {
        Result r = JarRunner.run(dir, null, "--no-telnet", "--no-api", "--max-memory", "lots", "-e", "print('ran')");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jeplua: invalid memory size 'lots' (use bytes, 512m, 2g or 75%)\n");
    }

    @Test
    void a_script_that_exhausts_memory_gets_a_catchable_error_and_outside_pcall_exits_1() throws Exception {
        Path script = dir.resolve("bomb.lua");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "print(pcall(function() " + BOMB + " end))",
                        "print(pcall(function() local t, i = {}, 0 while true do i = i + 1 t[i] = {i} end end))",
                        "print(pcall(function() local s = 'x' while true do s = s .. s end end))",
                        "local keep = ('y'):rep(1e6)",
                        "print('still running', #keep)",
                        BOMB,
                        "print('not reached')"));
        Process p = JarRunner.start(SMALL_HEAP, Map.of(), dir, null, "--no-telnet", "--no-api", script.toString());
        Result r = JarRunner.finish(p, 120);
        assertThat(r.out()).as(r.err()).isEqualTo("false\tnot enough memory\n".repeat(3) + "still running\t1000000\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("jeplua: not enough memory\n");
    }

    @Test
    void a_memory_bomb_over_rest_or_telnet_ends_that_execution_and_the_engine_goes_on() throws Exception {
        int api = freePort();
        int telnet = freePort();
        Process p = JarRunner.start(
                SMALL_HEAP,
                Map.of(),
                dir,
                null,
                "--api-port",
                String.valueOf(api),
                "--telnet-port",
                String.valueOf(telnet),
                "--run-for",
                "0",
                "--quiet");
        try (TelnetIT.Client watcher = new TelnetIT.Client(telnet)) {
            assertThat(awaitApi(api, null).body()).contains("\"result\":3");

            HttpResponse<String> bomb = post(api, null, BOMB);
            assertThat(bomb.statusCode()).isEqualTo(400);
            assertThat(bomb.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(bomb.body()).contains("\"success\":false").contains("not enough memory");
            long after = System.nanoTime();
            assertThat(get(api, "/status").statusCode()).isEqualTo(200);
            assertThat(post(api, null, "1+1").body()).contains("\"result\":2");
            assertThat(Duration.ofNanos(System.nanoTime() - after)).isLessThan(Duration.ofSeconds(2));
            assertThat(get(api, "/health").body()).contains("\"status\":\"healthy\"");
            watcher.send("1+1");
            assertThat(watcher.readUntil("> ")).contains("2");

            watcher.send(BOMB);
            assertThat(watcher.readUntil("> ")).contains("not enough memory");
            after = System.nanoTime();
            watcher.send("1+1");
            assertThat(watcher.readUntil("> ")).contains("2");
            assertThat(post(api, null, "1+1").body()).contains("\"result\":2");
            assertThat(Duration.ofNanos(System.nanoTime() - after)).isLessThan(Duration.ofSeconds(2));

            HttpResponse<String> recursion = post(api, null, "local function f() return 1 + f() end return f()");
            assertThat(recursion.statusCode()).isEqualTo(400);
            assertThat(recursion.body()).contains("stack overflow");
            assertThat(post(api, null, "1+1").body()).contains("\"result\":2");
        } finally {
            p.destroy();
            JarRunner.finish(p, 10);
        }
    }

    @Test
    void a_short_script_still_says_that_the_ports_are_taken() throws Exception {
        try (ServerSocket telnet = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket api = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = JarRunner.run(
                    dir,
                    null,
                    "--telnet-port",
                    String.valueOf(telnet.getLocalPort()),
                    "--api-port",
                    String.valueOf(api.getLocalPort()),
                    "-e",
                    "print('ran')");
            assertThat(r.status()).isZero();
            assertThat(r.out()).isEqualTo("ran\n");
            assertThat(r.err())
                    .contains(
                            "jeplua: warning: telnet REPL not started: cannot bind 127.0.0.1:" + telnet.getLocalPort())
                    .contains("jeplua: warning: REST API not started: cannot bind 127.0.0.1:" + api.getLocalPort());
            assertThat(r.err().strip().lines()).hasSize(2);
        }
    }
}

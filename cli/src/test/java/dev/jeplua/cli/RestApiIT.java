package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.cli.JarRunner.Result;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The REST API as the command line starts it (README.md#command-line, README.md#rest-api-and-web-repl, docs/security.md), through the real jar. */
@Timeout(120)
class RestApiIT {
    @TempDir
    Path dir;

    final RestClient rest = new RestClient();

    static int freePort() throws Exception {
        return RestClient.freePort();
    }

    HttpResponse<String> execute(int port, String token) throws Exception {
        return rest.post(port, token, "1+2");
    }

    @Test
    void a_port_in_use_is_a_one_line_warning_and_the_script_still_runs() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the script outlives the server start-up (a run that ends first does not wait for it;
            // the start begins when the fragment waits in sleep, and Undertow takes a while without
            // run.sh's start-up cache on a loaded machine)
            Result r = JarRunner.run(
                    dir,
                    null,
                    "--no-telnet",
                    "--api-port",
                    String.valueOf(taken.getLocalPort()),
                    "-e",
                    "print('ran', _PY.config.api_enabled) sleep(3000) print(_PY.config.api_enabled)");
            assertThat(r.out())
                    .as("_PY.config.api_enabled tells that the API is not running")
                    .isEqualTo("ran\ttrue\nfalse\n");
            assertThat(r.status()).isZero();
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err())
                    .startsWith("jeplua: warning: REST API not started: cannot bind 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void with_a_token_requests_without_it_get_401_and_with_it_run_code() throws Exception {
        int port = freePort();
        Process p = JarRunner.start(
                dir,
                null,
                "--no-telnet",
                "--api-port",
                String.valueOf(port),
                "--api-token",
                "s3cret",
                "--run-for",
                "-60",
                "-e",
                "return");
        try {
            HttpResponse<String> ok = rest.await(port, "s3cret");
            assertThat(ok).as("REST API answered within 30 s").isNotNull();
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"result\":3");
            assertThat(execute(port, null).statusCode()).isEqualTo(401);
            assertThat(execute(port, "wrong").statusCode()).isEqualTo(401);
        } finally {
            p.destroy();
            JarRunner.finish(p, 10);
        }
    }

    @Test
    void a_non_loopback_address_without_token_is_refused_unless_insecure_bind_is_given() throws Exception {
        String port = String.valueOf(freePort());
        Result refused = JarRunner.run(
                dir, null, "--no-telnet", "--api-host", "0.0.0.0", "--api-port", port, "-e", "print('ran')");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err())
                .startsWith("jeplua: refusing to start the REST API on 0.0.0.0:" + port + " without a token");
        Result r = JarRunner.run(
                dir,
                null,
                "--no-telnet",
                "--insecure-bind",
                "--api-host",
                "0.0.0.0",
                "--api-port",
                port,
                "-e",
                "print('ran') sleep(3000)");
        assertThat(r.out()).isEqualTo("ran\n");
        assertThat(r.err()).contains("remote code execution");
    }

    @Test
    void a_second_listener_from_lua_keeps_the_script_alive_until_it_is_stopped() throws Exception {
        Result r = JarRunner.run(
                dir,
                null,
                "--no-telnet",
                "--no-api",
                "-e",
                String.join(
                        "\n",
                        "local r = _PY.start_web_server('127.0.0.1', 0)",
                        "assert(r.success, r.message)",
                        "print(_PY.get_web_server_status().running, r.server_info.port > 0)",
                        "setTimeout(function() print('stop', _PY.stop_web_server().success) end, 300)"));
        assertThat(r.out()).isEqualTo("true\ttrue\nstop\ttrue\n");
        assertThat(r.status()).isZero();
    }
}

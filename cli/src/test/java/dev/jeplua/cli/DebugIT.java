package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.debugger.DapTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --debug} and {@code --debug-wait} through the real jar, with a DAP client on the socket. */
class DebugIT {
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):([0-9]+)");

    @TempDir
    Path dir;

    @Test
    void debug_wait_stops_before_the_first_line_then_a_breakpoint_in_a_timer_stops_and_evaluates() throws Exception {
        Path script = dir.resolve("app.lua");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "local count = 41",
                        "setTimeout(function()",
                        "  count = count + 1",
                        "  print('count', count)",
                        "end, 1)",
                        ""),
                StandardCharsets.UTF_8);
        Process p = JarRunner.start(dir, null, "--no-telnet", "--no-api", "--debug", "0", "--debug-wait", "app.lua");
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String line = err.readLine();
            assertThat(line).contains("debugger (DAP) listening on 127.0.0.1:").contains("waiting for a client");
            Matcher m = LISTENING.matcher(line);
            assertThat(m.find()).isTrue();
            CompletableFuture<String> out = JarRunner.drain(p.getInputStream());
            JarRunner.drain(p.getErrorStream());

            try (DapTestClient dap = DapTestClient.connect(m.group(1), Integer.parseInt(m.group(2)))) {
                dap.breakpoints(script, DapTestClient.at(4));
                dap.configurationDone();

                StoppedEventArguments entry = dap.nextStop();
                assertThat(entry.getReason()).isEqualTo("entry");
                DapTestClient.get(dap.server().continue_(new ContinueArguments()));

                StoppedEventArguments hit = dap.nextStop();
                assertThat(hit.getReason()).isEqualTo("breakpoint");
                StackFrame frame = dap.stack(hit.getThreadId())[0];
                assertThat(frame.getLine()).isEqualTo(4);
                assertThat(frame.getSource().getPath())
                        .isEqualTo(script.toRealPath().toString());
                assertThat(dap.evaluate("count * 2", frame.getId())).isEqualTo("84");
                DapTestClient.get(dap.server().continue_(new ContinueArguments()));
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(p.exitValue()).isZero();
            assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo("count\t42\n");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void the_debugger_on_a_non_loopback_address_is_refused_without_insecure_bind() throws Exception {
        JarRunner.Result r =
                JarRunner.run(dir, null, "--no-telnet", "--no-api", "--debug", "0.0.0.0:0", "-e", "print(1)");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("refusing to start the debugger on 0.0.0.0:0");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void debug_without_a_port_does_not_take_the_script_name_as_one() throws Exception {
        Files.writeString(dir.resolve("s.lua"), "print('ran', ...)\n", StandardCharsets.UTF_8);
        JarRunner.Result r = JarRunner.run(dir, null, "--no-telnet", "--no-api", "--debug", "s.lua", "x");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("ran\tx\n");
        assertThat(r.err()).contains("4711"); // listening there, or a warning that the port is taken
    }
}

package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
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

            BlockingQueue<StoppedEventArguments> stops = new LinkedBlockingQueue<>();
            CompletableFuture<Void> initialized = new CompletableFuture<>();
            try (Socket socket = new Socket(m.group(1), Integer.parseInt(m.group(2)))) {
                IDebugProtocolClient client = new IDebugProtocolClient() {
                    @Override
                    public void initialized() {
                        initialized.complete(null);
                    }

                    @Override
                    public void stopped(StoppedEventArguments args) {
                        stops.add(args);
                    }
                };
                Launcher<IDebugProtocolServer> launcher =
                        DSPLauncher.createClientLauncher(client, socket.getInputStream(), socket.getOutputStream());
                launcher.startListening();
                IDebugProtocolServer dap = launcher.getRemoteProxy();
                dap.initialize(new InitializeRequestArguments()).get(20, TimeUnit.SECONDS);
                initialized.get(20, TimeUnit.SECONDS);
                SetBreakpointsArguments bps = new SetBreakpointsArguments();
                Source source = new Source();
                source.setPath(script.toString());
                bps.setSource(source);
                SourceBreakpoint bp = new SourceBreakpoint();
                bp.setLine(4);
                bps.setBreakpoints(new SourceBreakpoint[] {bp});
                dap.setBreakpoints(bps).get(20, TimeUnit.SECONDS);
                dap.configurationDone(new ConfigurationDoneArguments()).get(20, TimeUnit.SECONDS);
                dap.attach(Map.of()).get(20, TimeUnit.SECONDS);

                StoppedEventArguments entry = stops.poll(20, TimeUnit.SECONDS);
                assertThat(entry).isNotNull();
                assertThat(entry.getReason()).isEqualTo("entry");
                dap.continue_(new ContinueArguments()).get(20, TimeUnit.SECONDS);

                StoppedEventArguments hit = stops.poll(20, TimeUnit.SECONDS);
                assertThat(hit).isNotNull();
                assertThat(hit.getReason()).isEqualTo("breakpoint");
                StackTraceArguments st = new StackTraceArguments();
                st.setThreadId(hit.getThreadId());
                var frame = dap.stackTrace(st).get(20, TimeUnit.SECONDS).getStackFrames()[0];
                assertThat(frame.getLine()).isEqualTo(4);
                assertThat(frame.getSource().getPath())
                        .isEqualTo(script.toRealPath().toString());
                EvaluateArguments ev = new EvaluateArguments();
                ev.setExpression("count * 2");
                ev.setFrameId(frame.getId());
                assertThat(dap.evaluate(ev).get(20, TimeUnit.SECONDS).getResult())
                        .isEqualTo("84");
                dap.continue_(new ContinueArguments()).get(20, TimeUnit.SECONDS);
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

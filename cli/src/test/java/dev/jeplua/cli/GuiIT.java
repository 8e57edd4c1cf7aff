package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Native windows through the real jar without a display (README.md#native-windows): fail fast, clean error, exit 1. */
@Timeout(120)
class GuiIT {
    private static final Path COUNTER =
            Path.of("..", "examples", "gui", "counter.lua").toAbsolutePath().normalize();
    private static final String NO_DISPLAY = "gui: no display available (run with a display or xvfb-run)";

    @TempDir
    Path dir;

    private JarRunner.Result runWithoutDisplay(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(JarRunner.command(args)).directory(dir.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        return JarRunner.finish(p, 30);
    }

    @Test
    void a_window_script_without_a_display_fails_fast_with_the_spec_error_and_exit_1() throws Exception {
        JarRunner.Result r = runWithoutDisplay("--no-api", "--no-telnet", COUNTER.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("jeplua: ");
        assertThat(r.err())
                .contains("counter.lua:9: " + NO_DISPLAY)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void headless_option_makes_gui_unavailable_even_with_a_display() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        JarRunner.command(
                                "--headless",
                                "--no-api",
                                "--no-telnet",
                                "-e",
                                "print(_PY.gui_available(), _PY.isNativeUIAvailable()) print(pcall(_PY.createNativeWindow, 'x'))"))
                .directory(dir.toFile());
        pb.environment().put("DISPLAY", ":0");
        Process p = pb.start();
        p.getOutputStream().close();
        JarRunner.Result r = JarRunner.finish(p, 30);
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("false\tfalse\nfalse\t" + NO_DISPLAY + "\n");
    }
}

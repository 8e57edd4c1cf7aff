package dev.jeplua.gui;

import static dev.jeplua.engine.testing.ProcessLines.await;
import static dev.jeplua.engine.testing.ProcessLines.lines;
import static dev.jeplua.engine.testing.ProcessLines.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jeplua.engine.testing.ProcessLines.XDisplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end on a real X display: a child JVM runs a counter script with the Swing service;
 * {@code xdotool} clicks its button; the click must come back to Lua as an event, the bound
 * label must change in the mirror; closing the window as a window manager would must fire
 * the {@code close} event, and the process must exit 0 because nothing else keeps it alive. Uses {@code DISPLAY} when set, else starts its own {@code Xvfb}; skipped with
 * the reason when neither Xvfb nor xdotool is installed (CI installs both). Saves a screenshot
 * ({@code gui-smoke.png} in the build folder) when ImageMagick's {@code import} is present.
 */
@Timeout(90)
class SwingSmokeTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    @Test
    void clicking_the_counter_button_under_x_delivers_a_click_and_closing_the_window_ends_the_run() throws Exception {
        assumeTrue(onPath("xdotool"), "xdotool is not installed (apt-get install xdotool); GUI smoke test skipped");
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            assumeTrue(
                    onPath("Xvfb"),
                    "no DISPLAY and Xvfb is not installed (apt-get install xvfb); GUI smoke test skipped");
            display = startXvfb();
        }
        Path script = Path.of(getClass().getResource("/smoke.lua").toURI());
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "-cp",
                System.getProperty("java.class.path"),
                GuiSmokeMain.class.getName(),
                script.toString());
        pb.environment().put("DISPLAY", display);
        pb.redirectErrorStream(true);
        Process app = start(pb);
        BlockingQueue<String> lines = lines(app, "smoke-output");

        assertThat(await(lines, "shown", 20)).isEqualTo("shown\ttrue");
        String window = run(display, 20, "xdotool", "search", "--sync", "--name", "^JEPLua smoke$")
                .trim()
                .split("\\s+")[0];
        run(display, 10, "xdotool", "mousemove", "--window", window, "30", "22", "click", "1");

        assertThat(await(lines, "event", 20)).isEqualTo("event\tclick\tinc");
        assertThat(await(lines, "label", 10)).isEqualTo("label\tCount: 1");
        if (onPath("import")) {
            // beside test-classes, i.e. in this build's output folder
            Path png = Path.of(getClass()
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent()
                    .resolve("gui-smoke.png");
            run(display, 10, "import", "-window", "root", png.toString());
        }
        assertThat(await(lines, "closed", 15)).isEqualTo("closed\tclose\twindow_1\t0");
        assertThat(app.waitFor(15, TimeUnit.SECONDS))
                .as("exits after the user closed its last window")
                .isTrue();
        assertThat(app.exitValue()).isZero();
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Starts {@code Xvfb -displayfd 1}, which picks a free display and prints its number. */
    private String startXvfb() throws Exception {
        XDisplay x = XDisplay.start("800x600x24");
        started.add(x.process());
        return x.name();
    }

    private static String run(String display, int seconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        assertThat(p.exitValue())
                .as(String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8))
                .isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}

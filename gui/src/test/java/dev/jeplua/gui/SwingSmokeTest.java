package dev.jeplua.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
        BlockingQueue<String> lines = lines(app);

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
        Process x =
                start(new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp")
                        .redirectError(ProcessBuilder.Redirect.DISCARD));
        BlockingQueue<String> out = lines(x);
        String n = out.poll(15, TimeUnit.SECONDS);
        assertThat(n).as("Xvfb display number").isNotNull().matches("\\d+");
        return ":" + n.trim();
    }

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            q.add(line);
                        }
                    } catch (IOException e) {
                        q.add("read failed: " + e);
                    }
                },
                "smoke-output");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** The first line starting with {@code prefix} within {@code seconds}; other lines are kept in the failure message. */
    private static String await(BlockingQueue<String> q, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("no line starting with '" + prefix + "' within " + seconds + " s; output: " + seen);
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

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

package dev.jeplua.cli;

import static dev.jeplua.engine.testing.ProcessLines.await;
import static dev.jeplua.engine.testing.ProcessLines.lines;
import static dev.jeplua.engine.testing.ProcessLines.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jeplua.engine.testing.ProcessLines.XDisplay;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPLua-style window scripts ({@code src/test/resources/eplua-compat/windows}) run unchanged
 * through the real jar on a real X display: this class starts its own {@code Xvfb}, clicks with
 * {@code xdotool}, and reads the screen back with ImageMagick's {@code import} (the screenshot
 * stays in {@code target/eplua-windows.png}). Each script is copied to a temporary directory and
 * run by its bare name, so positions in messages read {@code counter_panel.lua:34:}. Skipped with
 * the reason when Xvfb, xdotool or ImageMagick is missing (CI installs them).
 */
@Timeout(180)
class EpluaWindowsIT {
    private static final Path SCRIPTS =
            Path.of("src", "test", "resources", "eplua-compat", "windows").toAbsolutePath();
    private static final int GREY = 0x808080;
    private static final int GREEN = 0x00a000;

    private static XDisplay xvfb;
    private static String display;

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvfb() throws Exception {
        assumeTrue(onPath("Xvfb"), "Xvfb is not installed (apt-get install xvfb); EPLua window tests skipped");
        // -displayfd: Xvfb picks a free display number and prints it
        xvfb = XDisplay.start("1024x768x24");
        display = xvfb.name();
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @BeforeEach
    void copyScripts() throws IOException {
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    @AfterEach
    void stopProcesses() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    @Test
    void native_ui_panel_and_html_page_a_real_click_fires_the_callback_and_the_update_reaches_both_windows()
            throws Exception {
        assumeTrue(onPath("xdotool"), "xdotool is not installed (apt-get install xdotool); test skipped");
        assumeTrue(onPath("import"), "ImageMagick is not installed (apt-get install imagemagick); test skipped");
        Process app = start(Map.of("DISPLAY", display), "counter_panel.lua");
        BlockingQueue<String> out = lines(app, "eplua-windows-output");
        CompletableFuture<String> err = JarRunner.drain(app.getErrorStream());

        assertThat(await(out, "html", 30)).isEqualTo("html\ttrue\tswing");
        assertThat(await(out, "windows", 20)).isEqualTo("windows\t2");
        // no window manager on Xvfb: both windows open centred, so put them side by side
        String panel =
                xvfb.xdotool("search", "--sync", "--name", "^Counter panel$").split("\\s+")[0];
        String page =
                xvfb.xdotool("search", "--sync", "--name", "^Status page$").split("\\s+")[0];
        Path png = Path.of("target", "eplua-windows.png").toAbsolutePath();
        // moved again before each screenshot until the page shows: under load Swing can place
        // (centre) a window after a first move
        assertThat(awaitColour(png, 400 + 180, 80, GREY, 20, () -> {
                    xvfb.xdotool("windowmove", panel, "0", "0");
                    xvfb.xdotool("windowmove", page, "400", "0");
                }))
                .as("the status page shows its grey first version")
                .isTrue();

        // the builder's first element, the "Count" button, is at the top left of the panel
        xvfb.xdotool("mousemove", "--window", panel, "40", "22", "click", "1");
        assertThat(await(out, "event", 20)).isEqualTo("event\tclick\tcount_btn\tcount");
        assertThat(await(out, "label", 10)).isEqualTo("label\tClicks: 1");
        assertThat(await(out, "lamp", 10)).isEqualTo("lamp\ttrue\trooms\tKitchen");
        assertThat(awaitColour(png, 400 + 180, 80, GREEN, 20))
                .as("the status page shows the page set by the click callback (screenshot %s)", png)
                .isTrue();

        xvfb.xdotool("mousemove", "--window", panel, "40", "22", "click", "1");
        assertThat(await(out, "closed", 20)).isEqualTo("closed\ttrue\ttrue");
        assertThat(app.waitFor(20, TimeUnit.SECONDS))
                .as("exits once both windows are closed and the interval is cleared")
                .isTrue();
        assertThat(app.exitValue()).isZero();
        assertThat(err.get(5, TimeUnit.SECONDS))
                .contains("jeplua: warning: counter_panel.lua:34: setNativeUI: element 'stars' at elements[6]:"
                        + " unknown type 'star_rating', skipped")
                .doesNotContain("toggle_button'")
                .doesNotContain("Exception");
    }

    @Test
    void browser_windows_open_through_xdg_open_and_answer_false_without_a_display() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path opened = dir.resolve("opened.txt");
        Path fake = bin.resolve("xdg-open");
        Files.writeString(fake, "#!/bin/sh\necho \"$1\" >> '" + opened + "'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        JarRunner.Result r = JarRunner.finish(
                start(
                        Map.of("DISPLAY", display, "PATH", bin + File.pathSeparator + System.getenv("PATH")),
                        "browser_windows.lua"),
                60);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                        create\ttrue
                        info\tdashboard\thttp://127.0.0.1:8080/dashboard\t640\t480\t20\t30\ttrue
                        again\ttrue
                        alias\ttrue
                        move\ttrue
                        unknown\tfalse
                        list\tdashboard,mirror
                        close\ttrue\tfalse
                        close all\ttrue\tnil
                        """);
        assertThat(r.status()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lineCount(opened) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readAllLines(opened))
                .containsExactly("http://127.0.0.1:8080/dashboard", "http://127.0.0.1:8080/settings");

        JarRunner.Result headless = JarRunner.finish(start(Map.of(), "browser_windows.lua"), 60);
        assertThat(headless.out()).isEqualTo("create\tfalse\nlist\tnil\n");
        assertThat(headless.status()).isZero();
    }

    @Test
    void errors_from_the_window_modules_point_at_the_scripts_lines() throws Exception {
        JarRunner.Result r = JarRunner.finish(start(Map.of("DISPLAY", display), "errors_at_caller.lua"), 60);
        assertThat(r.out().lines().toList())
                .satisfiesExactly(
                        l -> assertThat(l).isEqualTo("available\ttrue\ttrue"),
                        l -> assertThat(l)
                                .isEqualTo("false\terrors_at_caller.lua:22: updateElement: window 'window_1' has no"
                                        + " element 'nothing'"),
                        l -> assertThat(l)
                                .startsWith("false\terrors_at_caller.lua:25: setNativeUI: ui is not valid JSON"),
                        l -> assertThat(l)
                                .isEqualTo("false\terrors_at_caller.lua:28: ERROR: Window window_99 not found"),
                        l -> assertThat(l)
                                .isEqualTo("false\terrors_at_caller.lua:32: Cannot operate on closed window"));
        assertThat(r.status()).isZero();

        JarRunner.Result none = JarRunner.finish(start(Map.of(), "errors_at_caller.lua"), 60);
        assertThat(none.out()).isEqualTo("""
                        available\tfalse\tfalse
                        false\terrors_at_caller.lua:13: gui: no display available (run with a display or xvfb-run)
                        html\tERROR: GUI not available
                        """);
        assertThat(none.status()).isZero();
    }

    /** Starts the jar on {@code script} in the temporary directory; DISPLAY only when {@code env} gives it. */
    private Process start(Map<String, String> env, String script) throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder(JarRunner.command("--no-api", "--no-telnet", script)).directory(dir.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        started.add(p);
        return p;
    }

    /** Takes screenshots until the pixel at (x, y) has {@code rgb} (±24 per channel); the last one stays in {@code png}. */
    private static boolean awaitColour(Path png, int x, int y, int rgb, int seconds) throws Exception {
        return awaitColour(png, x, y, rgb, seconds, () -> {});
    }

    /** Arranges the windows ({@code arrange}) and takes a screenshot until the pixel has the colour. */
    private static boolean awaitColour(Path png, int x, int y, int rgb, int seconds, Arrange arrange) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            arrange.run();
            Files.deleteIfExists(png);
            xvfb.run(10, "import", "-window", "root", png.toString());
            BufferedImage img = ImageIO.read(png.toFile());
            if (img != null && close(img.getRGB(x, y) & 0xffffff, rgb)) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Something done to the windows before a screenshot. */
    private interface Arrange {
        void run() throws Exception;
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 24) {
                return false;
            }
        }
        return true;
    }

    private static long lineCount(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }
}

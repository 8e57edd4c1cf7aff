package dev.jeplua.cli;

import static dev.jeplua.engine.testing.ProcessLines.awaitContaining;
import static dev.jeplua.engine.testing.ProcessLines.lines;
import static dev.jeplua.engine.testing.ProcessLines.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jeplua.engine.testing.ProcessLines.XDisplay;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QuickApp desktop window ({@code --%%desktop:true}, docs/fibaro.md) through the real jar on
 * a private {@code Xvfb}: the window shows, an {@code xdotool} click on a button calls its
 * handler, the handler's {@code updateView} changes a label (read back from screenshots taken
 * with ImageMagick's {@code import}; the last one stays in {@code target/fibaro-desktop.png}).
 * Skipped with the reason when Xvfb, xdotool or ImageMagick is missing (CI installs them).
 */
@Timeout(180)
class FibaroDesktopIT {
    private static final String QA = """
            --%%name:Desk
            --%%desktop:true
            --%%u:{label='status',text='Status: waiting'}
            --%%u:{button='go',text='Go',onReleased='go'}
            --%%u:{slider='level',text='Level',min='0',max='100',onChanged='level'}
            function QuickApp:onInit() self:debug('ready', self.id) end
            function QuickApp:go(event)
              self:debug('go pressed', json.encode(event))
              self:updateProperty('value', true)
              self:updateView('status', 'text', 'Status: GO GO GO GO GO GO GO GO GO GO')
            end
            function QuickApp:level(event) self:debug('level', event.values[1]) end
            """;

    private static XDisplay xvfb;
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvfb() throws Exception {
        assumeTrue(onPath("Xvfb"), "Xvfb is not installed (apt-get install xvfb); desktop window tests skipped");
        xvfb = XDisplay.start("800x600x24");
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @AfterEach
    void stopProcesses() {
        for (Process p : started) {
            p.destroy();
        }
    }

    @Test
    void the_window_shows_a_click_calls_the_handler_and_update_view_changes_the_label() throws Exception {
        assumeTrue(onPath("xdotool"), "xdotool is not installed (apt-get install xdotool); test skipped");
        assumeTrue(onPath("import"), "ImageMagick is not installed (apt-get install imagemagick); test skipped");
        Running run = startReady("desk.lua", QA, "fibaro-desktop-output");
        BlockingQueue<String> out = run.out();

        String win =
                xvfb.xdotool("search", "--sync", "--name", "^Desk \\(5555\\)$").split("\\s+")[0];
        moveToOrigin(win);
        Path png = Path.of("target", "fibaro-desktop.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        // the status label is the first row under the header and its separator
        int[] before = awaitStable(png, 10, 44, 380, 20);

        // the Go button is the second row, at the left
        xvfb.xdotool("mousemove", "--window", win, "40", "82", "click", "1");
        assertThat(awaitContaining(
                        out, "UIEvent: {\"deviceId\":5555,\"elementName\":\"go\",\"eventType\":\"onReleased\"", 20))
                .isNotNull();
        assertThat(awaitContaining(out, "go pressed {\"deviceId\":5555,\"elementName\":\"go\"", 10))
                .contains("\"eventType\":\"onReleased\"")
                .contains("\"values\":[]");
        assertThat(awaitChange(png, 10, 44, 380, 20, before, 20))
                .as("updateView changed the label's pixels (screenshot %s)", png)
                .isTrue();

        stopClean(run);
    }

    private static final String PARENT = """
            --%%name:Hub
            --%%desktop:true
            --%%u:{label='hub',text='The hub'}
            class 'Kid'(QuickAppChild)
            function Kid:__init(dev) QuickAppChild.__init(self, dev) end
            function Kid:press(event)
              self:debug('kid pressed', json.encode(event))
              self:updateProperty('value', true)
            end
            function QuickApp:onInit()
              self:initChildDevices({['com.fibaro.binarySwitch'] = Kid})
              if next(self.childDevices) == nil then
                self:createChildDevice({name = 'Kid A', type = 'com.fibaro.binarySwitch', initialProperties = {
                  uiView = {{type = 'horizontal', components = {{name = 'kb', type = 'button', text = 'Press'}}}},
                  uiCallbacks = {{name = 'kb', eventType = 'onReleased', callback = 'press'}}}}, Kid)
              end
              self:debug('ready', self.id)
            end
            """;

    @Test
    void a_child_device_has_its_own_window_whose_button_reaches_the_child_and_whose_header_is_live() throws Exception {
        assumeTrue(onPath("xdotool"), "xdotool is not installed (apt-get install xdotool); test skipped");
        assumeTrue(onPath("import"), "ImageMagick is not installed (apt-get install imagemagick); test skipped");
        Running run = startReady("hub.lua", PARENT, "fibaro-desktop-child-output");
        BlockingQueue<String> out = run.out();

        // the QuickApp's own window and its child's, each titled "<name> (<id>)"
        String hub =
                xvfb.xdotool("search", "--sync", "--name", "^Hub \\(5555\\)$").split("\\s+")[0];
        String kid =
                xvfb.xdotool("search", "--sync", "--name", "^Kid A \\(5556\\)$").split("\\s+")[0];
        xvfb.xdotool("windowmove", hub, "400", "300");
        moveToOrigin(kid);
        Path png = Path.of("target", "fibaro-desktop-child.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        // the header line (name, id, value) is the first line of the window
        int[] header = awaitStable(png, 10, 8, 380, 24);

        // the child's Press button is the first row under the header and its separator
        xvfb.xdotool("mousemove", "--window", kid, "40", "54", "click", "1");
        assertThat(awaitContaining(
                        out, "UIEvent: {\"deviceId\":5556,\"elementName\":\"kb\",\"eventType\":\"onReleased\"", 20))
                .isNotNull();
        assertThat(awaitContaining(out, "kid pressed {\"deviceId\":5556", 10)).isNotNull();
        assertThat(awaitChange(png, 10, 8, 380, 24, header, 20))
                .as("the child's updateProperty('value', true) changed its header (screenshot %s)", png)
                .isTrue();

        stopClean(run);
    }

    @Test
    void headless_runs_the_quickapp_without_its_window_after_one_warning() throws Exception {
        Files.writeString(dir.resolve("desk.lua"), QA);
        Process app = start(true, "--headless", "--run-for", "2", "desk.lua");
        JarRunner.Result r = JarRunner.finish(app, 60);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("[DEBUG] [QUICKAPP5555]: ready 5555");
        assertThat(r.err())
                .isEqualTo("jeplua: fibaro: --%%desktop: no display (or --headless) - the QuickApp runs without its"
                        + " window\n");
    }

    private Process start(boolean display, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--fibaro", "--no-api", "--no-telnet"));
        all.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(JarRunner.command(all.toArray(String[]::new))).directory(dir.toFile());
        pb.environment().remove("WAYLAND_DISPLAY");
        if (display) {
            pb.environment().put("DISPLAY", xvfb.name());
        } else {
            pb.environment().remove("DISPLAY");
        }
        Process p = pb.start();
        p.getOutputStream().close();
        started.add(p);
        return p;
    }

    /**
     * Moves the window to (0, 0) until it stays there: with no window manager on Xvfb, Swing may
     * still centre the window after xdotool first finds it.
     */
    private static void moveToOrigin(String win) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int atOrigin = 0;
        while (atOrigin < 3) {
            assertThat(System.nanoTime())
                    .as("window %s moved to (0, 0) within 20 s", win)
                    .isLessThan(deadline);
            String geometry = xvfb.xdotool("getwindowgeometry", "--shell", win);
            if (geometry.contains("X=0\n") && geometry.contains("Y=0\n")) {
                atOrigin++;
            } else {
                atOrigin = 0;
                xvfb.xdotool("windowmove", win, "0", "0");
            }
            Thread.sleep(200);
        }
    }

    /** The pixels of a screen area once two screenshots in a row agree (the window has painted). */
    private static int[] awaitStable(Path png, int x, int y, int w, int h) throws Exception {
        int[] last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            int[] now = area(png, x, y, w, h);
            if (last != null && java.util.Arrays.equals(last, now) && !uniform(now)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the window did not paint its label (screenshot " + png + ")");
    }

    private static boolean awaitChange(Path png, int x, int y, int w, int h, int[] before, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            int[] now = area(png, x, y, w, h);
            int differing = 0;
            for (int i = 0; i < now.length; i++) {
                if (now[i] != before[i]) {
                    differing++;
                }
            }
            if (differing > 50) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean uniform(int[] px) {
        for (int p : px) {
            if (p != px[0]) {
                return false;
            }
        }
        return true;
    }

    private static int[] area(Path png, int x, int y, int w, int h) throws Exception {
        Files.deleteIfExists(png);
        xvfb.run(10, "import", "-window", "root", png.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(x, y, w, h, null, 0, w);
    }

    /** A desktop QuickApp process started by {@link #startReady}: its stdout lines and its stderr. */
    private record Running(Process app, BlockingQueue<String> out, CompletableFuture<String> err) {}

    /** Writes {@code source} as {@code file}, runs it with a window for up to 120 s, waits for onInit's "ready". */
    private Running startReady(String file, String source, String outputName) throws Exception {
        Files.writeString(dir.resolve(file), source);
        Process app = start(true, "--run-for", "-120", file);
        BlockingQueue<String> out = lines(app, outputName);
        CompletableFuture<String> err = JarRunner.drain(app.getErrorStream());
        assertThat(awaitContaining(out, "[DEBUG] [QUICKAPP5555]: ready 5555", 60))
                .isNotNull();
        return new Running(app, out, err);
    }

    /** Ends the process and checks it wrote no Java exception and no warning on stderr. */
    private static void stopClean(Running run) throws Exception {
        run.app().destroy();
        assertThat(run.app().waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(run.err().get(5, TimeUnit.SECONDS))
                .doesNotContain("Exception")
                .doesNotContain("warning");
    }
}

package dev.jeplua.gui.browser;

import java.awt.Desktop;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's default browser: {@code xdg-open} on Linux and other Unix desktops,
 * {@code open} on macOS, {@code rundll32 url.dll,FileProtocolHandler} on Windows, and
 * {@link Desktop#browse} where none of these applies (e.g. Linux without {@code xdg-open} but
 * with a desktop AWT supports). The launcher runs as a separate process whose output is
 * discarded; a non-zero exit status is reported through {@code failedLater}. Size and position
 * cannot be set this way (as with EPLua on Linux and Windows). Any thread; {@link #open} never
 * blocks.
 */
public final class SystemBrowser implements BrowserOpener {
    private static final Logger log = LoggerFactory.getLogger(SystemBrowser.class);

    private final String osName;
    private final Function<String, Path> locate;

    /** The browser of this machine (operating system from {@code os.name}, programs from {@code PATH}). */
    public static SystemBrowser create() {
        String path = System.getenv("PATH");
        return new SystemBrowser(System.getProperty("os.name", ""), program -> onPath(path, program));
    }

    /**
     * @param osName the {@code os.name} to decide for
     * @param locate the executable of a program name found on the {@code PATH}, or null
     */
    SystemBrowser(String osName, Function<String, Path> locate) {
        this.osName = osName;
        this.locate = locate;
    }

    /**
     * The launcher command for {@code url}, or null when {@link Desktop} is the only way left.
     * Package-private for tests.
     */
    List<String> command(String url) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return List.of("open", url);
        }
        if (os.contains("win")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler", url);
        }
        Path xdgOpen = locate.apply("xdg-open");
        return xdgOpen != null ? List.of(xdgOpen.toString(), url) : null;
    }

    @Override
    public boolean open(String url, Consumer<String> failedLater) {
        List<String> cmd = command(url);
        if (cmd != null) {
            return launch(cmd, failedLater);
        }
        return browseWithDesktop(url, failedLater);
    }

    private static boolean launch(List<String> cmd, Consumer<String> failedLater) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            p.onExit().thenAccept(done -> {
                if (done.exitValue() != 0) {
                    failedLater.accept(cmd.get(0) + " exited with status " + done.exitValue());
                }
            });
            return true;
        } catch (IOException e) {
            log.debug("cannot start {}", cmd, e);
            return false;
        }
    }

    private static boolean browseWithDesktop(String url, Consumer<String> failedLater) {
        try {
            if (!Desktop.isDesktopSupported() || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                return false;
            }
        } catch (RuntimeException | LinkageError e) {
            log.debug("java.awt.Desktop unavailable", e);
            return false;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        Desktop.getDesktop().browse(URI.create(url));
                    } catch (IOException | RuntimeException e) {
                        failedLater.accept("the desktop could not open it: " + e.getMessage());
                    }
                },
                "jeplua-browser");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private static Path onPath(String path, String program) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            try {
                Path candidate = Path.of(dir, program);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // not a directory name: skip it
            }
        }
        return null;
    }
}

package dev.jeplua.engine.testing;

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

/**
 * Test support for driving real processes (the jar, {@code Xvfb}, {@code xdotool}): a process's
 * output as a queue of lines read on a daemon thread of its own, waiting for a line, finding a
 * program on the {@code PATH}, and starting a private {@code Xvfb} display. Any thread.
 */
public final class ProcessLines {
    private ProcessLines() {}

    /** The lines {@code p} writes to its standard output, queued as they arrive ({@code read failed: ...} on an I/O error). */
    public static BlockingQueue<String> lines(Process p, String threadName) {
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
                threadName);
        t.setDaemon(true);
        t.start();
        return q;
    }

    /**
     * The first line starting with {@code prefix} within {@code seconds}.
     *
     * @throws AssertionError when none came; the message lists the lines skipped
     */
    public static String await(BlockingQueue<String> q, String prefix, int seconds) throws InterruptedException {
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

    /** True when {@code program} is an executable file in a directory of the {@code PATH}. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** A private X display: an {@code Xvfb} process and its display name ({@code ":N"}). */
    public record XDisplay(Process process, String name) implements AutoCloseable {
        /**
         * Starts {@code Xvfb -displayfd 1} (it picks a free display and prints its number).
         *
         * @param screen width x height x depth, e.g. {@code 1024x768x24}
         * @throws IllegalStateException when Xvfb prints no display number within 15 s
         */
        public static XDisplay start(String screen) throws IOException, InterruptedException {
            Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String n = lines(x, "xvfb-output").poll(15, TimeUnit.SECONDS);
            if (n == null || !n.trim().matches("\\d+")) {
                x.destroyForcibly();
                throw new IllegalStateException("Xvfb printed no display number: " + n);
            }
            return new XDisplay(x, ":" + n.trim());
        }

        /** Stops the display. */
        @Override
        public void close() {
            process.destroy();
        }
    }
}

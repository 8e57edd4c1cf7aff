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
        return await(q, line -> line.startsWith(prefix), "starting with '" + prefix + "'", seconds);
    }

    /**
     * The first line containing {@code part} within {@code seconds}.
     *
     * @throws AssertionError when none came; the message lists the lines skipped
     */
    public static String awaitContaining(BlockingQueue<String> q, String part, int seconds)
            throws InterruptedException {
        return await(q, line -> line.contains(part), "containing '" + part + "'", seconds);
    }

    private static String await(
            BlockingQueue<String> q, java.util.function.Predicate<String> wanted, String what, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            if (wanted.test(line)) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("no line " + what + " within " + seconds + " s; output: " + seen);
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

        /**
         * Runs {@code command} on this display to its end and returns what it printed (stdout and
         * stderr together).
         *
         * @throws AssertionError when it runs longer than {@code seconds} or exits with a status other than 0
         */
        public String run(int seconds, String... command) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DISPLAY", name);
            Process p = pb.start();
            String[] text = {""};
            // its own thread, not the common pool: with two cores that has one thread, which
            // another reader may hold until its process ends
            Thread reader = new Thread(
                    () -> {
                        try {
                            text[0] = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            text[0] = "read failed: " + e;
                        }
                    },
                    "xdisplay-run");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + ": still running after " + seconds + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + ": exit status " + p.exitValue() + ": " + text[0]);
            }
            return text[0];
        }

        /** {@code xdotool args...} on this display (at most 20 s); its output without surrounding blanks. */
        public String xdotool(String... args) throws IOException, InterruptedException {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "xdotool";
            System.arraycopy(args, 0, cmd, 1, args.length);
            return run(20, cmd).trim();
        }

        /** Stops the display. */
        @Override
        public void close() {
            process.destroy();
        }
    }
}

package dev.jeplua.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real runnable jar ({@code -Djeplua.jar=...}, set by failsafe) as a user would,
 * with the same JVM flags as run.sh (read from the project's {@code tools/jvm.options}), and
 * collects exit status, stdout and stderr.
 */
final class JarRunner {
    /** Outcome of one run. */
    record Result(int status, String out, String err) {}

    /** The project's JVM flags (tools/jvm.options), read once. */
    private static volatile List<String> jvmFlags;

    private JarRunner() {}

    static Path jar() {
        String p = System.getProperty("jeplua.jar");
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException("jeplua.jar not built (system property jeplua.jar=" + p + ")");
        }
        return Path.of(p);
    }

    static List<String> command(String... args) {
        return command(List.of(), args);
    }

    /** The command line with extra JVM options (e.g. {@code -Xmx256m}) before {@code -jar}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(jvmFlags());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The flags of {@code tools/jvm.options}, parsed as {@code jeplua_jvm_options} in tools/jdk.sh
     * does: one flag per line, {@code #} starts a comment, blank lines skipped. The file is found
     * from the module directory (failsafe's working directory, so {@code ../tools}) or any
     * directory above it or above the jar.
     */
    static List<String> jvmFlags() {
        List<String> flags = jvmFlags;
        if (flags == null) {
            Path file = optionsFile();
            try {
                flags = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(line -> line.indexOf('#') >= 0 ? line.substring(0, line.indexOf('#')) : line)
                        .map(String::strip)
                        .filter(line -> !line.isEmpty())
                        .toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + file, e);
            }
            if (flags.isEmpty()) {
                throw new IllegalStateException(file + " holds no JVM flags");
            }
            jvmFlags = flags;
        }
        return flags;
    }

    private static Path optionsFile() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        String jar = System.getProperty("jeplua.jar");
        if (jar != null) {
            starts.add(Path.of(jar).toAbsolutePath());
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("tools").resolve("jvm.options");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("tools/jvm.options not found above " + starts);
    }

    /** Starts the jar with {@code args} in {@code dir}; stdin gets {@code stdin} (may be null). */
    static Process start(Path dir, String stdin, String... args) throws IOException {
        return start(List.of(), java.util.Map.of(), dir, stdin, args);
    }

    /** Starts the jar with extra JVM options and environment variables. */
    static Process start(
            List<String> jvmOptions, java.util.Map<String, String> env, Path dir, String stdin, String... args)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, args)).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        return p;
    }

    /** Runs to completion (at most 30 s). */
    static Result run(Path dir, String stdin, String... args) throws Exception {
        Process p = start(dir, stdin, args);
        return finish(p, 30);
    }

    static Result finish(Process p, int seconds) throws Exception {
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jeplua did not exit within " + seconds + " s; stderr: " + err.getNow(""));
        }
        return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    }

    /**
     * Reads a stream to its end on a daemon thread of its own (not the common pool: with two cores
     * that has one thread, which another drain may hold until its process ends).
     */
    static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        f.complete("read failed: " + e);
                    }
                },
                "jar-runner-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }
}

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
 * with the same JVM flags as run.sh, and collects exit status, stdout and stderr.
 */
final class JarRunner {
    /** Outcome of one run. */
    record Result(int status, String out, String err) { }

    private JarRunner() {
    }

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
        cmd.add("-Xss128m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Djdk.virtualThreadScheduler.parallelism=1");
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the jar with {@code args} in {@code dir}; stdin gets {@code stdin} (may be null). */
    static Process start(Path dir, String stdin, String... args) throws IOException {
        return start(List.of(), java.util.Map.of(), dir, stdin, args);
    }

    /** Starts the jar with extra JVM options and environment variables. */
    static Process start(List<String> jvmOptions, java.util.Map<String, String> env, Path dir, String stdin, String... args)
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

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}

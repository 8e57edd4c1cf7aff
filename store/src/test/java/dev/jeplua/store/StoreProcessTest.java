package dev.jeplua.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/** The store against real processes: a {@code kill -9} in the middle of writing, and two processes on one file. */
@Timeout(90)
class StoreProcessTest {
    @TempDir
    Path dir;

    private Process startChild(String mode, Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classpath,
                StoreChildMain.class.getName(),
                mode,
                file.toString()));
        return new ProcessBuilder(cmd)
                .redirectError(dir.resolve(mode + ".stderr").toFile())
                .start();
    }

    /** Collects a child's stdout on a daemon thread. */
    private static final class Collector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Collector(InputStream in) {
            thread = Thread.ofPlatform().daemon().name("child-stdout").start(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the child is gone: keep what was read
                }
            });
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        String finish() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return text();
        }
    }

    private static void awaitUntil(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The last complete line's number (a line cut by the kill has no newline and is ignored). */
    private static long lastPrinted(String out) {
        String complete = out.substring(0, out.lastIndexOf('\n') + 1);
        String[] lines = complete.strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip());
    }

    @Test
    void a_writer_killed_with_kill_9_keeps_every_committed_batch_and_no_half_written_value() throws Exception {
        Path file = dir.resolve("crash.db");
        Process child = startChild("writer", file);
        Collector out = new Collector(child.getInputStream());
        awaitUntil(() -> out.text().contains("\n"), 30_000, "the child's first write");
        long started = System.nanoTime();
        awaitUntil(() -> System.nanoTime() - started > TimeUnit.SECONDS.toNanos(2), 5_000, "2 s of writing");
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        long printed = lastPrinted(out.finish());
        assertThat(printed).as("writes before the kill").isGreaterThan(50);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (Store store = Store.open(file)) {
            StoreTable t = store.table("crash");
            long n = t.get("n").tolong();
            // output is flushed just before the commit at the end of a batch, so the kill may fall between them
            assertThat(n).isBetween(printed - 1, printed);
            for (long i = 1; i <= n; i++) {
                assertThat(t.get("k" + i).tolong()).as("key k%d", i).isEqualTo(i);
            }
            assertThat(t.get("k" + (n + 1)).isnil())
                    .as("nothing of the lost batch")
                    .isTrue();
            LuaValue last = t.get("last");
            assertThat(last.get("i").tolong()).isEqualTo(n);
            assertThat(last.get("pad").tojstring()).hasSize(200);
        }
    }

    @Test
    void a_second_process_on_the_same_file_gets_a_clear_error_and_the_file_stays_intact() throws Exception {
        Path file = dir.resolve("shared.db");
        try (Store held = Store.open(file)) {
            held.table("x").set("a", LuaValue.valueOf(1));
            held.commit();
            Process child = startChild("open", file);
            Collector out = new Collector(child.getInputStream());
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.finish().strip())
                    .isEqualTo("false\tstore: store file " + file.toAbsolutePath()
                            + " is in use by another JEPLua process (pid "
                            + ProcessHandle.current().pid()
                            + "); use --store to choose another file");
            held.table("x").set("b", LuaValue.valueOf(2));
        }
        try (Store again = Store.open(file)) {
            assertThat(again.table("x").get("a").toint()).isEqualTo(1);
            assertThat(again.table("x").get("b").toint()).isEqualTo(2);
        }
    }
}

package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The persistent store through the real jar, as a user runs it (docs/store.md, docs/store.md). */
@Timeout(120)
class StoreIT {
    private static final Path EXAMPLE =
            Path.of("..", "examples", "store.lua").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void the_store_example_counts_one_two_three_across_runs() throws Exception {
        for (int expected = 1; expected <= 3; expected++) {
            JarRunner.Result r = JarRunner.run(dir, null, "--no-api", "--no-telnet", EXAMPLE.toString());
            assertThat(r.err())
                    .as("stderr")
                    .doesNotContain("WARNING")
                    .doesNotContain("native")
                    .doesNotContain("jeplua:");
            assertThat(r.status()).isZero();
            assertThat(r.out().strip()).isEqualTo(Integer.toString(expected));
        }
        assertThat(dir.resolve(".jeplua").resolve("store.db")).isRegularFile();
    }

    @Test
    void store_option_chooses_the_file_and_scripts_without_store_create_nothing() throws Exception {
        JarRunner.Result plain = JarRunner.run(dir, null, "--no-api", "--no-telnet", "-e", "print(store.path())");
        assertThat(plain.out().strip())
                .isEqualTo(
                        dir.toRealPath().resolve(".jeplua").resolve("store.db").toString());
        assertThat(Files.exists(dir.resolve(".jeplua"))).isFalse();

        Path file = dir.resolve("elsewhere").resolve("s.db");
        JarRunner.Result write = JarRunner.run(
                dir,
                null,
                "--no-api",
                "--no-telnet",
                "--store",
                file.toString(),
                "-e",
                "store.table('t').x = {1, 'two'}");
        assertThat(write.status()).isZero();
        JarRunner.Result read = JarRunner.run(
                dir,
                null,
                "--no-api",
                "--no-telnet",
                "--store",
                file.toString(),
                "-e",
                "local x = store.table('t').x; print(x[1], x[2])");
        assertThat(read.out().strip()).isEqualTo("1\ttwo");
        assertThat(file).isRegularFile();
    }
}

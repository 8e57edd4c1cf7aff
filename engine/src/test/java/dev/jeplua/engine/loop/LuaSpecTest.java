package dev.jeplua.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every test of every Lua spec file of the engine (src/test/resources/lua/*_spec.lua, found
 * on the test classpath, so a new file needs no list), each test on a fresh engine.
 */
@Timeout(60)
class LuaSpecTest {
    /** The {@code *_spec.lua} files under {@code /lua} on the test classpath, sorted. */
    static List<String> specFiles() {
        try {
            java.net.URL dir = LuaSpecTest.class.getResource("/lua");
            if (dir == null) {
                throw new IllegalStateException("no /lua directory on the test classpath");
            }
            try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
                return files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith("_spec.lua"))
                        .sorted()
                        .toList();
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> engine_spec_files() {
        List<String> specs = specFiles();
        assertThat(specs).as("spec files found").contains("timers_spec.lua", "compatibility_spec.lua");
        return specs.stream().flatMap(file -> {
            String source = read(file);
            List<String> names = new LuaSpecHarness().load(source, "@" + file);
            assertThat(names).as("tests declared by " + file).isNotEmpty().doesNotHaveDuplicates();
            return names.stream()
                    .map(name -> DynamicTest.dynamicTest(file + ": " + name, () -> {
                        LuaSpecHarness h = new LuaSpecHarness();
                        h.load(source, "@" + file);
                        h.runTest(name);
                    }));
        });
    }

    private static String read(String file) {
        try (InputStream in = LuaSpecTest.class.getResourceAsStream("/lua/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing spec file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

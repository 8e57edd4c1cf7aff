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

/** Runs every test of the engine's Lua spec files (src/test/resources/lua/*_spec.lua), each on a fresh engine. */
@Timeout(60)
class LuaSpecTest {
    private static final List<String> SPECS = List.of("timers_spec.lua", "coroutines_spec.lua", "errors_spec.lua",
            "output_spec.lua", "libraries_spec.lua");

    @TestFactory
    Stream<DynamicTest> engine_spec_files() {
        return SPECS.stream().flatMap(file -> {
            String source = read(file);
            List<String> names = new LuaSpecHarness().load(source, "@" + file);
            assertThat(names).as("tests declared by " + file).isNotEmpty().doesNotHaveDuplicates();
            return names.stream().map(name -> DynamicTest.dynamicTest(file + ": " + name, () -> {
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

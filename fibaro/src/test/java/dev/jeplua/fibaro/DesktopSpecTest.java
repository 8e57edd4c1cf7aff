package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The QuickApp desktop window's Lua spec ({@code lua/desktop_spec.lua}): the mapping of
 * {@code --%%u} rows, window events and {@code updateView} in {@code fibaro/desktop.lua} (the
 * global {@code desktop}), and a {@code --%%desktop:true} QuickApp on a recording fake of the
 * window functions, each test on a fresh engine with a manual clock.
 */
class DesktopSpecTest {
    private static String resource(String path) throws IOException {
        try (InputStream in = DesktopSpecTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static LuaSpecHarness harness() throws IOException {
        LuaSpecHarness h = QuickAppSpecTest.harness();
        h.engine()
                .globals()
                .set(
                        "desktop",
                        h.engine()
                                .globals()
                                .load(resource("/lua/fibaro/desktop.lua"), "@fibaro/desktop.lua")
                                .call());
        return h;
    }

    @TestFactory
    Stream<DynamicTest> spec_tests() throws IOException {
        String source = resource("/lua/desktop_spec.lua");
        List<String> names = harness().load(source, "@desktop_spec.lua");
        // a spec that declares nothing (or a test twice) would pass vacuously
        assertThat(names).as("tests declared by desktop_spec.lua").isNotEmpty().doesNotHaveDuplicates();
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    LuaSpecHarness h = harness();
                    h.load(source, "@desktop_spec.lua");
                    h.runTest(name);
                }));
    }
}

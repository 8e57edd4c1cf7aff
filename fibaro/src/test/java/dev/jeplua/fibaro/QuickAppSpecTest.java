package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.LuaValue;

/**
 * The QuickApp runtime's Lua spec ({@code lua/fibaro_spec.lua}): every test on a fresh engine
 * with {@link FibaroLib} and a manual clock. {@code startQA(source)} runs a QuickApp file as
 * {@code --fibaro} does (headers, main chunk, onInit).
 */
class QuickAppSpecTest {
    static String spec() throws IOException {
        try (InputStream in = QuickAppSpecTest.class.getResourceAsStream("/lua/fibaro_spec.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static LuaSpecHarness harness() {
        FibaroLib lib = new FibaroLib(null);
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig(), lib);
        NamedFunction.define(h.engine().globals(), "startQA", a -> {
            String src = a.checkjstring(1);
            LuaValue chunk = h.engine().compile(src.getBytes(StandardCharsets.UTF_8), "@qa.lua");
            return lib.quickAppMain(chunk, src, "qa.lua").invoke(LuaValue.NONE);
        });
        return h;
    }

    @TestFactory
    Stream<DynamicTest> spec_tests() throws IOException {
        String source = spec();
        List<String> names = harness().load(source, "@fibaro_spec.lua");
        // a spec that declares nothing (or a test twice) would pass vacuously
        assertThat(names).as("tests declared by fibaro_spec.lua").isNotEmpty().doesNotHaveDuplicates();
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    LuaSpecHarness h = harness();
                    h.load(source, "@fibaro_spec.lua");
                    h.runTest(name);
                }));
    }
}

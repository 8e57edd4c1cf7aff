package dev.jeplua.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine.ExecOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * {@link ChunkCompiler}: which main chunks skip the compiled tier ({@link ChunkCompiler#runsOnce}),
 * and that such a chunk gives the same results and errors as with the tier on or off.
 */
@Timeout(60)
class ChunkCompilerTest {
    private LuaEngine compiled;
    private LuaEngine interpreted;

    @AfterEach
    void stop() {
        if (compiled != null) {
            compiled.close();
        }
        if (interpreted != null) {
            interpreted.close();
        }
    }

    private static Prototype prototype(String code) throws Exception {
        Globals g = JsePlatform.standardGlobals();
        return g.compilePrototype(new ByteArrayInputStream(code.getBytes(StandardCharsets.UTF_8)), "=t");
    }

    @Test
    void straight_line_chunks_run_once_and_loops_or_functions_do_not() throws Exception {
        assertThat(ChunkCompiler.runsOnce(prototype("print('hello')"))).isTrue();
        assertThat(ChunkCompiler.runsOnce(prototype("local x = 1 if x > 0 then print(x) else print(-x) end")))
                .isTrue();
        assertThat(ChunkCompiler.runsOnce(prototype("local t = {a = 1, b = {2, 3}} print(t.a and t.b[1] or 0)")))
                .isTrue();

        assertThat(ChunkCompiler.runsOnce(prototype("for i = 1, 3 do print(i) end")))
                .isFalse();
        assertThat(ChunkCompiler.runsOnce(prototype("for k, v in pairs({}) do print(k) end")))
                .isFalse();
        assertThat(ChunkCompiler.runsOnce(prototype("local i = 0 while i < 3 do i = i + 1 end")))
                .isFalse();
        assertThat(ChunkCompiler.runsOnce(prototype("local i = 0 repeat i = i + 1 until i > 3")))
                .isFalse();
        assertThat(ChunkCompiler.runsOnce(prototype("local i = 0 ::top:: i = i + 1 if i < 3 then goto top end")))
                .isFalse();
        assertThat(ChunkCompiler.runsOnce(prototype("local function f() return 1 end print(f())")))
                .isFalse();
        assertThat(ChunkCompiler.runsOnce(prototype("setTimeout(function() end, 0)")))
                .isFalse();
    }

    private static LuaEngine engine(boolean compile) {
        return CompileModeEngines.engine(compile);
    }

    private static ExecutionResult run(LuaEngine e, String code) throws Exception {
        return e.execute(code, new ExecOptions("=test", null, 0, false)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_straight_line_chunk_gives_the_same_output_and_error_with_the_tier_on_and_off() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        String code = String.join(
                "\n", "print('a', 1 + 2)", "local t = nil", "print(select('#', 1, 2))", "local x = t.field");
        ExecutionResult.Error c = (ExecutionResult.Error) run(compiled, code);
        ExecutionResult.Error i = (ExecutionResult.Error) run(interpreted, code);
        assertThat(c.output()).isEqualTo(i.output()).contains("a\t3").contains("2");
        assertThat(c.message()).isEqualTo(i.message()).isEqualTo("test:4: attempt to index a nil value (local 't')");
        assertThat(c.traceback()).isEqualTo(i.traceback()).contains("test:4: in main chunk");
        assertThat(((ExecutionResult.Ok) run(compiled, "return 1 + 1, 'x'")).values())
                .containsExactly(2L, "x");
    }
}

package dev.jeplua.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.inspect.Inspector;
import dev.jeplua.engine.reload.ScriptReset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What tests of a started engine do from the test thread: run a chunk, take a {@code --watch}
 * snapshot, read an inspector section. Each waits at most 10 s for the engine thread.
 */
public final class EngineProbe {
    private EngineProbe() {}

    /**
     * Runs {@code code} as an interactive chunk named {@code =t} (expressions allowed) and returns
     * its first value as a Java value (null when none); fails the test when it raised an error.
     */
    public static Object run(LuaEngine engine, String code) throws Exception {
        ExecutionResult r =
                engine.execute(code, new ExecOptions("=t", null, 0, true)).get(10, TimeUnit.SECONDS);
        assertThat(r).as(r.toString()).isInstanceOf(ExecutionResult.Ok.class);
        var values = ((ExecutionResult.Ok) r).values();
        return values.isEmpty() ? null : values.get(0);
    }

    /** A {@link ScriptReset} of {@code engine} whose snapshot (globals, modules) is taken now. */
    public static ScriptReset snapshot(LuaEngine engine) throws Exception {
        ScriptReset reset = new ScriptReset(engine);
        engine.ask("snapshot", () -> {
                    reset.snapshot();
                    return true;
                })
                .get(10, TimeUnit.SECONDS);
        return reset;
    }

    /** The rows of the live inspector's {@code section} ({@code timers}, {@code resources} ...). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> inspectorRows(LuaEngine engine, String section) throws Exception {
        Map<String, Object> all =
                engine.ask("inspect", () -> Inspector.of(engine).snapshot()).get(10, TimeUnit.SECONDS);
        return (List<Map<String, Object>>) ((Map<String, Object>) all.get(section)).get("rows");
    }
}

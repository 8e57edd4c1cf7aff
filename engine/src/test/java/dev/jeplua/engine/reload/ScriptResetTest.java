package dev.jeplua.engine.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.loop.ManualTicker;
import dev.jeplua.engine.testing.EngineProbe;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ScriptReset} and {@link RunScope}: what a {@code --watch} restart undoes, on a manual clock. */
class ScriptResetTest {
    final ManualTicker clock = new ManualTicker();
    LuaEngine engine;
    ScriptReset reset;

    @BeforeEach
    void start() throws Exception {
        engine = LuaEngine.builder(new EngineConfig().ticker(clock).stdout(false))
                .build();
        engine.start();
        reset = EngineProbe.snapshot(engine);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    Object run(String code) throws Exception {
        return EngineProbe.run(engine, code);
    }

    @Test
    void a_reset_cancels_timers_and_immediates_closes_resources_and_restores_globals_and_modules() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        engine.ask("open", () -> RunScope.of(engine).add("TCPServer", "127.0.0.1:1", closed::incrementAndGet))
                .get(10, TimeUnit.SECONDS);
        run("added = 1; print = nil; fired = 0\n"
                + "setTimeout(function() fired = fired + 1 end, 100)\n"
                + "setInterval(function() fired = fired + 1 end, 100)\n"
                + "package.preload.mod = function() return {} end; require('mod')");
        assertThat(run("return package.loaded.mod ~= nil")).isEqualTo(true);

        ScriptReset.Summary summary = engine.ask("reset", reset::reset).get(10, TimeUnit.SECONDS);

        assertThat(summary).isEqualTo(new ScriptReset.Summary(2, 0, 1));
        assertThat(closed.get()).isEqualTo(1);
        assertThat(run("return added == nil and type(print) == 'function' and package.loaded.mod == nil"))
                .isEqualTo(true);
        assertThat(run("return package.loaded.string == string")).isEqualTo(true);
        clock.advanceMillis(500);
        assertThat(run("return fired")).as("the old run's timers never fire").isNull();
        assertThat(engine.ask("left", () -> RunScope.of(engine).open().size()).get(10, TimeUnit.SECONDS))
                .isZero();
    }

    @Test
    void a_resource_the_script_closed_itself_is_not_closed_again() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        engine.ask("open", () -> {
                    RunScope scope = RunScope.of(engine);
                    scope.remove(scope.add("window", "w", closed::incrementAndGet));
                    return scope.add("window", "x", () -> {
                        throw new IllegalStateException("a failing closer");
                    });
                })
                .get(10, TimeUnit.SECONDS);
        ScriptReset.Summary summary = engine.ask("reset", reset::reset).get(10, TimeUnit.SECONDS);
        assertThat(summary.resources())
                .as("the failing one is still counted and forgotten")
                .isEqualTo(1);
        assertThat(closed.get()).isZero();
    }
}

package dev.jeplua.engine.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.loop.ManualTicker;
import dev.jeplua.engine.reload.RunScope;
import dev.jeplua.engine.testing.EngineProbe;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live inspector's built-in sections on a manual clock. */
class InspectorTest {
    final ManualTicker clock = new ManualTicker();
    LuaEngine engine;
    Inspector inspector;

    @BeforeEach
    void start() {
        engine = LuaEngine.builder(new EngineConfig().ticker(clock).stdout(false))
                .build();
        engine.start();
        inspector = Inspector.of(engine);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    void run(String code) throws Exception {
        EngineProbe.run(engine, code);
    }

    List<Map<String, Object>> rows(String section) throws Exception {
        return EngineProbe.inspectorRows(engine, section);
    }

    @Test
    void timers_show_id_next_due_period_and_where_they_were_created() throws Exception {
        run("local x = 1\nt1 = setTimeout(function() end, 1000)\nt2 = setInterval(function() end, 250)");
        clock.advanceMillis(100);
        List<Map<String, Object>> timers = rows("timers");
        assertThat(timers).hasSize(2);
        assertThat(timers.get(0))
                .containsEntry("kind", "interval")
                .containsEntry("due_in_ms", 150L)
                .containsEntry("period_ms", 250.0)
                .containsEntry("created_at", "t:3")
                .containsEntry("system", false);
        assertThat(timers.get(1))
                .containsEntry("kind", "timeout")
                .containsEntry("due_in_ms", 900L)
                .containsEntry("period_ms", 0.0)
                .containsEntry("created_at", "t:2");

        String id = (String) timers.get(1).get("id");
        assertThat(engine.ask("close", () -> inspector.close("timers", id)).get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(engine.ask("close", () -> inspector.close("timers", id)).get(10, TimeUnit.SECONDS))
                .as("already gone")
                .isFalse();
        assertThat(rows("timers")).extracting(r -> r.get("kind")).containsExactly("interval");
    }

    @Test
    void suspended_coroutines_show_what_they_wait_for_and_where() throws Exception {
        run("setTimeout(function()\n  sleep(5000)\nend, 0)\nco = coroutine.create(function() coroutine.yield() end)\n"
                + "coroutine.resume(co)");
        clock.advanceMillis(1);
        List<Map<String, Object>> cos = rows("coroutines");
        assertThat(cos)
                .extracting(r -> r.get("kind") + " " + r.get("waiting_for") + " " + r.get("at"))
                .containsExactlyInAnyOrder("coroutine yield t:4", "timer sleep(5000) t:2");
        clock.advanceMillis(5000);
        run("return 1"); // the batch that takes it also runs the due sleep timer, after it
        assertThat(rows("coroutines")).extracting(r -> r.get("kind")).containsExactly("coroutine");
    }

    @Test
    void resources_of_the_run_scope_are_listed_and_closed() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        String id = engine.ask(
                        "open", () -> RunScope.of(engine).add("HTTPServer", "127.0.0.1:8081", closed::incrementAndGet))
                .get(10, TimeUnit.SECONDS);
        assertThat(rows("resources")).containsExactly(Map.of("id", id, "kind", "HTTPServer", "what", "127.0.0.1:8081"));
        assertThat(engine.ask("close", () -> inspector.close("resources", id)).get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(closed.get()).isEqualTo(1);
        assertThat(rows("resources")).isEmpty();
        assertThat(engine.ask("close", () -> inspector.close("nope", "1")).get(10, TimeUnit.SECONDS))
                .isFalse();
    }
}

package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.session.Session;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** X-Session ids map to engine sessions that close when idle (README.md#session). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionRegistryTest {
    @Test
    void the_same_id_gives_the_same_session_and_an_idle_one_is_closed_running_its_on_close() throws Exception {
        try (LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false))) {
            engine.start();
            SessionRegistry sessions = new SessionRegistry(engine, Duration.ZERO);
            Session a = sessions.get("a", "127.0.0.1:1");
            assertThat(sessions.get("a", "127.0.0.1:2")).isSameAs(a);
            assertThat(a.kind()).isEqualTo("rest");
            assertThat(engine.execute(
                                    "session.onClose(function(s) closedId = s.id end)",
                                    LuaEngine.ExecOptions.repl("=t", a.context()))
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(dev.jeplua.engine.ExecutionResult.Ok.class);
            Thread.sleep(2); // make "idle longer than zero" true on coarse clocks
            assertThat(sessions.closeIdle()).isEqualTo(1);
            assertThat(a.isClosed()).isTrue();
            assertThat(sessions.size()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Object closedId = null;
            while (closedId == null && System.nanoTime() < deadline) {
                var r = engine.execute("return closedId", LuaEngine.ExecOptions.repl("=t", null))
                        .get(10, TimeUnit.SECONDS);
                closedId = ((dev.jeplua.engine.ExecutionResult.Ok) r).values().get(0);
            }
            assertThat(closedId).isEqualTo("a");
        }
    }

    @Test
    void ids_that_are_empty_too_long_or_have_spaces_are_refused() {
        try (LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false))) {
            engine.start();
            SessionRegistry sessions = new SessionRegistry(engine, Duration.ofMinutes(1));
            assertThatThrownBy(() -> sessions.get("", "r")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sessions.get("a b", "r")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sessions.get("x".repeat(129), "r")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

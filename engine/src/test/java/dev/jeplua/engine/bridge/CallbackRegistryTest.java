package dev.jeplua.engine.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

/** The Java side of {@code _PY.registerCallback}: host libraries call back by id, from any thread. */
class CallbackRegistryTest {
    private final LuaSpecHarness lua = new LuaSpecHarness();
    private final CallbackRegistry registry = CallbackRegistry.of(lua.engine());

    private int registered(String code) {
        lua.runChunk("id = " + code);
        return lua.engine().globals().get("id").toint();
    }

    @Test
    void one_registry_per_engine() {
        assertThat(CallbackRegistry.of(lua.engine())).isSameAs(registry);
        assertThat(CallbackRegistry.of(new LuaSpecHarness().engine())).isNotSameAs(registry);
    }

    @Test
    void dispatch_from_another_thread_calls_the_callback_on_the_engine_thread_once() throws Exception {
        int id = registered("_PY.registerCallback(function(a, b) got = (got or '') .. a .. b end)");
        assertThat(registry.isRegistered(id)).isTrue();
        assertThat(lua.engine().loop().keepAliveCount()).isEqualTo(1);
        Thread other = Thread.ofPlatform().start(() -> assertThat(registry.dispatch(
                        id, "test", () -> LuaValue.varargsOf(LuaValue.valueOf("x"), LuaValue.valueOf(1))))
                .isTrue());
        other.join();
        lua.engine().runUntilIdle();
        assertThat(lua.engine().globals().get("got").tojstring()).isEqualTo("x1");
        assertThat(registry.isRegistered(id)).isFalse();
        assertThat(lua.engine().loop().keepAliveCount()).isZero();
        assertThat(registry.dispatch(id, "test", () -> LuaValue.NONE)).isFalse();
    }

    @Test
    void a_persistent_callback_is_called_each_time_until_cleared() {
        int id = registered("_PY.registerCallback(function(n) count = (count or 0) + n end, true)");
        registry.dispatch(id, "test", () -> LuaValue.valueOf(2));
        registry.dispatch(id, "test", () -> LuaValue.valueOf(3));
        lua.engine().runUntilIdle();
        assertThat(lua.engine().globals().get("count").toint()).isEqualTo(5);
        lua.runChunk("_PY.clearRegisteredCallback(id)");
        assertThat(registry.isRegistered(id)).isFalse();
        assertThat(lua.engine().loop().keepAliveCount()).isZero();
    }

    @Test
    void a_system_callback_does_not_keep_the_process_alive() {
        registered("_PY.registerCallback(function() end, true, true)");
        assertThat(lua.engine().loop().keepAliveCount()).isZero();
        lua.runChunk("eq(_PY.getPendingCallbackCount(), 0)");
    }

    @Test
    void an_error_in_a_dispatched_callback_is_reported_under_its_kind() {
        int id = registered("_PY.registerCallback(function() error('bad answer') end)");
        registry.dispatch(id, "http", () -> LuaValue.NONE);
        lua.engine().runUntilIdle();
        assertThat(lua.takeErrors()).contains("jeplua: error in http callback:").contains("bad answer");
    }

    @Test
    void a_callback_may_yield() {
        int id = registered("_PY.registerCallback(function() sleep(100) slept = true end)");
        registry.dispatch(id, "test", () -> LuaValue.NONE);
        lua.engine().runUntilIdle();
        assertThat(lua.engine().globals().get("slept").isnil()).isTrue();
        lua.advance(100);
        assertThat(lua.engine().globals().get("slept").toboolean()).isTrue();
    }
}

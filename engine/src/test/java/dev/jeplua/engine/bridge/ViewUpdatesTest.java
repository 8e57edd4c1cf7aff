package dev.jeplua.engine.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code _PY.broadcast_view_update} hands EPLua's message to subscribers. */
class ViewUpdatesTest {
    @Test
    void subscribers_get_eplua_view_update_messages_until_they_unsubscribe() {
        LuaSpecHarness lua = new LuaSpecHarness();
        List<String> got = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = ViewUpdates.of(lua.engine()).subscribe(got::add);
        assertThat(ViewUpdates.of(lua.engine()).subscriberCount()).isEqualTo(1);
        lua.runChunk("""
                eq(_PY.broadcast_view_update(42, "label1", "text", "Hi \\"you\\""), true)
                eq(_PY.broadcast_view_update("7", "slider", "value", {a = 1}), true)
                _PY.broadcast_view_update(1, "x", "value", print)
                """);
        assertThat(got)
                .containsExactly(
                        "{\"type\":\"view_update\",\"qa_id\":42,\"element_id\":\"label1\",\"property_name\":\"text\","
                                + "\"value\":\"Hi \\\"you\\\"\"}",
                        "{\"type\":\"view_update\",\"qa_id\":\"7\",\"element_id\":\"slider\",\"property_name\":\"value\","
                                + "\"value\":{\"a\":1}}",
                        "{\"type\":\"view_update\",\"qa_id\":1,\"element_id\":\"x\",\"property_name\":\"value\","
                                + "\"value\":\""
                                + lua.engine().globals().get("print").tojstring() + "\"}");
        unsubscribe.run();
        lua.runChunk("_PY.broadcast_view_update(1, 'a', 'text', 'b')");
        assertThat(got).hasSize(3);
    }
}

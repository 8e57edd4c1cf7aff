package dev.jeplua.engine.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code _PY.start_web_server}, {@code stop_web_server} and {@code get_web_server_status} return EPLua's shapes. */
class WebControlLibTest {
    /** A listener that only records what it was asked. */
    static final class FakeControl implements WebServerControl {
        String host;
        int port;
        boolean running;
        IOException failure;

        @Override
        public int start(String host, int port) throws IOException {
            if (failure != null) {
                throw failure;
            }
            this.host = host;
            this.port = port == 0 ? 4321 : port;
            running = true;
            return this.port;
        }

        @Override
        public boolean stop() {
            boolean was = running;
            running = false;
            return was;
        }

        @Override
        public Map<String, Object> status() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("running", running);
            if (running) {
                m.put("host", host);
                m.put("port", port);
                m.put("uptime", 1.5);
                m.put("url", "http://" + host + ":" + port);
            }
            return m;
        }
    }

    private final FakeControl control = new FakeControl();
    private LuaSpecHarness lua;

    @BeforeEach
    void setUp() {
        WebControlLib lib = new WebControlLib();
        lua = new LuaSpecHarness(new EngineConfig(), lib);
        lib.bind(control);
    }

    @Test
    void start_returns_success_message_and_server_info_with_eplua_defaults() {
        lua.runChunk("""
                local r = _PY.start_web_server()
                eq(r.success, true)
                eq(r.message, "Server started on http://127.0.0.1:8000")
                eq(r.server_info, {running = true, host = "127.0.0.1", port = 8000, uptime = 1.5,
                  url = "http://127.0.0.1:8000"})
                eq(_PY.get_web_server_status(), r.server_info)
                local again = _PY.start_web_server("127.0.0.1", 0)
                eq(again.success, false)
                eq(again.message, "Server is already running")
                eq(again.server_info.port, 8000)
                """);
        assertThat(control.port).isEqualTo(8000);
    }

    @Test
    void a_failure_to_bind_is_reported_in_the_result_not_raised() {
        control.failure = new IOException("Address already in use");
        lua.runChunk("""
                local r = _PY.start_web_server("127.0.0.1", 8123)
                eq(r.success, false)
                eq(r.message, "Failed to start server: Address already in use")
                eq(r.server_info, {running = false, host = "127.0.0.1", port = 8000, uptime = 0})
                """);
    }

    @Test
    void stop_returns_success_and_message() {
        lua.runChunk("""
                eq(_PY.stop_web_server(), {success = false, message = "Server is not running"})
                _PY.start_web_server("127.0.0.1", 0)
                eq(_PY.stop_web_server(), {success = true, message = "Server stopped"})
                eq(_PY.get_web_server_status().running, false)
                eq(_PY.get_web_server_status().url, nil)
                """);
    }

    @Test
    void with_a_callback_the_result_arrives_later_as_nil_result() {
        lua.runChunk("""
                local id = _PY.registerCallback(function(err, res) started = {err = err, res = res} end)
                eq(_PY.start_web_server("127.0.0.1", 0, id), nil)
                eq(started, nil)
                eq(_PY.stop_web_server(function(err, res) stopped = res end), nil)
                """);
        lua.runChunk("""
                eq(started.err, nil)
                eq(started.res.success, true)
                eq(started.res.server_info.port, 4321)
                eq(stopped, {success = true, message = "Server stopped"})
                """);
    }

    @Test
    void bad_arguments_raise() {
        assertThatThrownBy(() -> lua.runChunk("_PY.start_web_server('127.0.0.1', 70000)"))
                .hasMessageContaining("port must be an integer from 0 to 65535");
        assertThatThrownBy(() -> lua.runChunk("_PY.start_web_server('127.0.0.1', 0, {})"))
                .hasMessageContaining("callback id or function expected, got table");
    }
}

package dev.jeplua.engine.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code _PY.start_refresh_states_polling} against a real HTTP server. */
@Timeout(30)
class RefreshStatesPollerTest {
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("{\"last\":5,\"events\":[{\"id\":1}]}");
    private final AtomicInteger requests = new AtomicInteger();
    private final LuaSpecHarness lua = new LuaSpecHarness();
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/refreshStates", exchange -> {
            requests.incrementAndGet();
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/refreshStates";
    }

    @AfterEach
    void stop() {
        lua.runChunk("_PY.stop_refresh_states_polling()");
        server.stop(0);
    }

    /** Runs the engine's loop until {@code done} holds (the poller's thread is real). */
    private void until(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(end);
            lua.engine().runUntilIdle();
            Thread.sleep(10);
        }
    }

    private String global(String name) {
        return lua.engine().globals().get(name).tojstring();
    }

    @Test
    void answers_reach_onRefreshStatesUpdate_decoded_until_polling_stops() throws Exception {
        lua.runChunk("""
                calls = 0
                function onRefreshStatesUpdate(data)
                  calls = calls + 1
                  last, firstId = data.last, data.events[1].id
                end
                eq(_PY.start_refresh_states_polling(...), true)
                """.replace("...", "'" + url + "', 0.05"));
        until(() -> lua.engine().globals().get("calls").toint() >= 2);
        assertThat(global("last")).isEqualTo("5");
        assertThat(global("firstId")).isEqualTo("1");
        lua.runChunk("eq(_PY.stop_refresh_states_polling(), true)");
        Thread.sleep(200);
        int after = requests.get();
        Thread.sleep(300);
        assertThat(requests.get()).as("no requests after stop").isLessThanOrEqualTo(after + 1);
    }

    @Test
    void a_body_that_is_not_json_arrives_as_text_and_failures_are_reported_once() throws Exception {
        body.set("plain text");
        lua.runChunk("function onRefreshStatesUpdate(data) got = data end _PY.start_refresh_states_polling('" + url
                + "', 0.05)");
        until(() -> !lua.engine().globals().get("got").isnil());
        assertThat(global("got")).isEqualTo("plain text");
        status.set(503);
        int before = requests.get();
        until(() -> requests.get() >= before + 4);
        String errors = lua.takeErrors();
        assertThat(errors).contains("jeplua: refresh states polling error: HTTP 503 from " + url);
        assertThat(errors.split("refresh states polling error", -1))
                .as("reported once")
                .hasSize(2);
    }

    @Test
    void an_error_in_the_handler_is_reported_and_polling_goes_on() throws Exception {
        lua.runChunk("n = 0 function onRefreshStatesUpdate() n = n + 1 error('handler broke') end "
                + "_PY.start_refresh_states_polling('" + url + "', 0.05)");
        until(() -> lua.engine().globals().get("n").toint() >= 2);
        assertThat(lua.takeErrors())
                .contains("error in refresh states callback")
                .contains("handler broke");
    }
}

package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.reload.ScriptReset;
import dev.jeplua.engine.testing.EngineProbe;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outgoing connections in the engine's run scope: the live inspector's {@code resources} section
 * lists them and a {@code --watch} reset ({@link ScriptReset}) closes them, as it does for servers.
 */
class OpenClientsTest {
    LuaEngine engine;
    ScriptReset reset;

    @BeforeEach
    void start() throws Exception {
        engine = LuaEngine.builder(new EngineConfig().stdout(false))
                .library(new NetLib())
                .build();
        engine.start();
        reset = EngineProbe.snapshot(engine);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private List<Map<String, Object>> resources() throws Exception {
        return EngineProbe.inspectorRows(engine, "resources");
    }

    private void awaitTrue(String luaCondition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Boolean.TRUE.equals(EngineProbe.run(engine, "return " + luaCondition))) {
            assertThat(System.nanoTime()).as("waiting for " + luaCondition).isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void an_open_tcp_client_is_listed_and_a_watch_reset_closes_it() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            EngineProbe.run(
                    engine,
                    "sock = net.TCPSocket(); up = false\n" + "sock:connect('127.0.0.1', " + port
                            + ", {success = function() up = true end})");
            try (Socket peer = server.accept()) {
                awaitTrue("up");
                assertThat(resources()).singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("kind", "TCPSocket");
                    assertThat(row).containsEntry("what", "127.0.0.1:" + port);
                });

                ScriptReset.Summary summary = engine.ask("reset", reset::reset).get(10, TimeUnit.SECONDS);

                assertThat(summary.resources()).isEqualTo(1);
                peer.setSoTimeout(10_000);
                InputStream in = peer.getInputStream();
                assertThat(in.read()).as("the peer sees the connection closed").isEqualTo(-1);
                assertThat(resources()).isEmpty();
            }
        }
    }

    @Test
    void a_client_the_script_closed_or_the_peer_ended_is_no_longer_listed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            EngineProbe.run(
                    engine,
                    "a = net.TCPSocket(); b = net.TCPSocket(); na, nb = 0, 0\n"
                            + "a:connect('127.0.0.1', " + port + ", {success = function() na = 1 end})\n"
                            + "b:connect('127.0.0.1', " + port + ", {success = function() nb = 1 end})");
            try (Socket first = server.accept();
                    Socket second = server.accept()) {
                awaitTrue("na + nb == 2");
                assertThat(resources()).hasSize(2);
                EngineProbe.run(engine, "a:close()");
                assertThat(resources()).hasSize(1);
                first.close();
                second.close();
                EngineProbe.run(engine, "b:read({error = function(e) gone = e end})");
                awaitTrue("gone ~= nil");
                assertThat(resources()).isEmpty();
            }
        }
    }

    @Test
    void a_websocket_client_is_listed_until_a_watch_reset_disconnects_it() throws Exception {
        EngineProbe.run(
                engine,
                "srv = net.WebSocketServer(); port = srv:start('127.0.0.1', 0)\n"
                        + "ws = net.WebSocketClient(); up = false; down = false\n"
                        + "ws:addEventListener('connected', function() up = true end)\n"
                        + "ws:addEventListener('disconnected', function() down = true end)\n"
                        + "ws:connect('ws://127.0.0.1:' .. port .. '/')");
        awaitTrue("up");
        assertThat(resources()).extracting(row -> row.get("kind")).contains("WebSocketClient");

        ScriptReset.Summary summary = engine.ask("reset", reset::reset).get(10, TimeUnit.SECONDS);

        assertThat(summary.resources()).as("the server and the client").isEqualTo(2);
        assertThat(resources()).isEmpty();
    }
}

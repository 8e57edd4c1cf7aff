package dev.jeplua.telnet;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the telnet tests that talk to one real engine and one telnet server on a free loopback
 * port for the whole class (started before the first test, closed after the last).
 */
abstract class RunningServer {
    @TempDir
    static Path dir;

    static LuaEngine engine;
    static TelnetServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void startServer() throws IOException {
        engine = new LuaEngine(new EngineConfig().stdout(false).storePath(dir.resolve("store.db")));
        engine.start();
        server = new TelnetServer(engine, "127.0.0.1", 0);
        address = server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        engine.close();
    }

    /** A client connected to {@code at} that has read the greeting up to the first prompt. */
    static TestClient connect(InetSocketAddress at) throws IOException, InterruptedException {
        TestClient c = new TestClient(at);
        c.await("> ");
        return c;
    }

    /** A client connected to the class's server, past its greeting. */
    static TestClient connect() throws IOException, InterruptedException {
        return connect(address);
    }
}

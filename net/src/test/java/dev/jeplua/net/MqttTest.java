package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT client against a real broker: Debian's {@code mosquitto}, started by the test on a
 * free loopback port with its own config. Skipped (with the reason shown) only when the
 * broker binary is not installed; CI installs it.
 */
@Timeout(60)
class MqttTest {
    private Process broker;

    static Path mosquitto() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            broker.destroyForcibly();
        }
    }

    /** Starts mosquitto on a free loopback port (skips the test when it is not installed). */
    private int startBroker(Path dir) throws Exception {
        Path bin = mosquitto();
        assumeTrue(bin != null, "mosquitto is not installed (apt-get install mosquitto); MQTT test skipped");
        int port = NetLibTest.closedPort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        broker = new ProcessBuilder(bin.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        awaitListening(port, 10_000);
        return port;
    }

    @Test
    void client_subscribes_publishes_receives_sees_retained_messages_and_disconnects(@TempDir Path dir)
            throws Exception {
        int port = startBroker(dir);

        ScriptRun run = ScriptRun.resource(
                "net_mqtt.lua", 30_000, String.valueOf(port), String.valueOf(NetLibTest.closedPort()));
        assertThat(run.output)
                .as(run.toString())
                .contains("connect callback\t0")
                .contains("connected\tfalse\t0")
                .contains("subscribed\t1\t1")
                .contains("published\ttrue\tnil")
                .contains("message\thello\t1\tfalse")
                .contains("retained\tretained value\ttrue\t1")
                .contains("b closed\tdisconnect")
                .contains("after disconnect:\tconnection closed")
                .contains("disconnect callback")
                .contains("a closed\tdisconnect")
                .contains("refused:\tconnection refused");
        assertThat(run.errors).as(run.toString()).isEmpty();
    }

    @Test
    void eplua_legacy_client_connects_into_itself_and_events_carry_eplua_fields(@TempDir Path dir) throws Exception {
        int port = startBroker(dir);
        ScriptRun run = ScriptRun.resource("net_mqtt_legacy.lua", 30_000, String.valueOf(port));
        assertThat(run.output)
                .as(run.toString())
                .contains("before connect\tfunction\tnil\tfalse\ttrue")
                .contains("connect returns itself\ttrue\tjeplua-legacy\tfalse")
                .contains("connected\tconnected\tjeplua-legacy\ttrue\ttrue")
                .contains("info\ttrue\tjeplua-legacy\t127.0.0.1\ttrue\tfalse\ttrue")
                .contains("message\tmessage\tjeplua-legacy\ttrue\thi")
                .contains("disconnected\tdisconnected\tjeplua-legacy\tdisconnect\tfalse\tfalse");
        assertThat(run.errors).as(run.toString()).isEmpty();
        assertThat(run.status).isZero();
    }

    private static void awaitListening(int port, long maxMs) throws InterruptedException {
        long end = System.nanoTime() + maxMs * 1_000_000;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50); // polling a child process's port; bounded by maxMs
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within " + maxMs + " ms");
    }
}

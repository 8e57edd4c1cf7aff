package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the net library against real TLS servers on loopback: {@code openssl s_server}
 * for HTTPS and {@code mosquitto} with a TLS listener for MQTT, both with a self-signed
 * certificate made by {@code openssl} for the test. Skipped (reason shown) when openssl is missing;
 * the MQTT part is left out when mosquitto is missing.
 */
@Timeout(60)
class TlsTest {
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void https_checks_certificates_unless_told_not_to_and_mqtt_over_tls_trusts_a_ca_file(@TempDir Path dir)
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed; TLS test skipped");
        long setupStart = System.nanoTime();
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process gen = new ProcessBuilder(
                        "/usr/bin/openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-days",
                        "1",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gen.log").toFile())
                .start();
        assertThat(gen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(gen.exitValue()).as(Files.readString(dir.resolve("gen.log"))).isZero();
        // mosquitto started as root drops to its own user, which must be able to read these
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p : new Path[] {key, cert}) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }

        int https = NetLibTest.closedPort();
        start(
                dir,
                "s_server",
                "/usr/bin/openssl",
                "s_server",
                "-accept",
                "127.0.0.1:" + https,
                "-cert",
                cert.toString(),
                "-key",
                key.toString(),
                "-www",
                "-quiet");
        awaitListening(https, dir.resolve("s_server.log"));

        String mqtts = "";
        Path mosquitto = MqttTest.mosquitto();
        if (mosquitto != null) {
            int port = NetLibTest.closedPort();
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(
                    conf,
                    "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n" + "certfile " + cert
                            + "\nkeyfile " + key + "\n");
            start(dir, "mosquitto", mosquitto.toString(), "-c", conf.toString());
            awaitListening(port, dir.resolve("mosquitto.log"));
            mqtts = String.valueOf(port);
        }

        long t0 = System.nanoTime();
        ScriptRun run = ScriptRun.resource("net_tls.lua", 30_000, String.valueOf(https), mqtts, cert.toString());
        System.out.println("TlsTest: setup " + (t0 - setupStart) / 1_000_000 + " ms, script " + run.elapsedMs + " ms");
        assertThat(run.output)
                .as(run.toString())
                .contains("https verified:\tnil\ttrue")
                .contains("https unchecked:\t200\tnil")
                .contains("http to https redirect:\t200\ttrue\tnil")
                .contains("https client unchecked:\t200");
        if (!mqtts.isEmpty()) {
            assertThat(run.output)
                    .as(run.toString())
                    .contains("mqtts untrusted:\ttrue")
                    .contains("mqtts message:\tover tls\t2");
        }
        assertThat(run.errors).as(run.toString()).isEmpty();
    }

    private void start(Path dir, String name, String... command) throws IOException {
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start());
    }

    private static void awaitListening(int port, Path log) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50); // polling a child process's port; bounded by the deadline
            }
        }
        throw new AssertionError("nothing listens on " + port + " after 10 s; log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
}

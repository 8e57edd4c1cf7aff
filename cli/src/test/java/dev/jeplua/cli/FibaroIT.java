package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jeplua.cli.JarRunner.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fibaro} through the real jar (docs/fibaro.md): HC3 log lines, asynchronous actions, the HC3 REST API over HTTP, persistence. */
@Timeout(180)
class FibaroIT {
    private static final String LINE =
            "\\[\\d\\d\\.\\d\\d\\.\\d{4}] \\[\\d\\d:\\d\\d:\\d\\d] \\[(DEBUG|TRACE|WARNING|ERROR)] \\[[A-Z0-9_]+]: .*";
    private static final String QA = """
            --%%name:Dimmer
            --%%type:com.fibaro.multilevelSwitch
            --%%var:step=10
            --%%colour:red
            function QuickApp:setValue(v)
              self:updateProperty('value', v)
              fibaro.setGlobalVariable('Level', tostring(v))
              self:debug('value set to', v)
            end
            function QuickApp:onInit()
              if fibaro.getGlobalVariable('Level') == nil then api.post('/globalVariables', {name = 'Level', value = '0'}) end
              local runs = (tonumber(self:getVariable('runs')) or 0) + 1
              self:setVariable('runs', runs)
              self:debug('onInit run', runs, 'step', self:getVariable('step'))
              fibaro.call(self.id, 'setValue', 42)
              self:debug('call returned first')
            end
            """;

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} until it answers (the REST server starts while the QuickApp runs). */
    private HttpResponse<String> await(Process p, int port, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return send(port, "GET", path, null);
            } catch (java.io.IOException e) {
                assertThat(p.isAlive()).as("jeplua still running").isTrue();
                assertThat(System.nanoTime()).as("REST API up within 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void a_quickapp_runs_in_hc3_order_with_hc3_log_lines_and_asynchronous_actions() throws Exception {
        Files.writeString(dir.resolve("qa.lua"), QA);
        // no --run-for: the run ends when the QuickApp is idle (after the action it queued)
        Result r = JarRunner.run(dir, null, "--fibaro", "--no-telnet", "--no-api", "qa.lua");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).allMatch(l -> l.matches(LINE));
        assertThat(lines)
                .map(l -> l.replaceFirst("^\\[[^]]*] \\[[^]]*] ", ""))
                .containsExactly(
                        "[DEBUG] [QUICKAPP5555]: onInit run 1 step 10",
                        "[DEBUG] [QUICKAPP5555]: call returned first",
                        "[DEBUG] [QUICKAPP5555]: onAction: {\"actionName\":\"setValue\",\"args\":[42],\"deviceId\":5555}",
                        "[DEBUG] [QUICKAPP5555]: value set to 42");
        assertThat(r.err()).isEqualTo("jeplua: fibaro: --%%colour: unknown header key - ignoring\n");
        // a second run finds its device, variables and global variable again (the store in .jeplua/)
        Result again = JarRunner.run(dir, null, "--fibaro", "--no-telnet", "--no-api", "qa.lua");
        assertThat(again.out()).contains("[QUICKAPP5555]: onInit run 2 step 10");
    }

    @Test
    void a_quickapp_saved_with_save_runs_again_from_its_fqa_file() throws Exception {
        Files.writeString(dir.resolve("lamp.lua"), """
                --%%name:Saved Lamp
                --%%var:level=3
                --%%save:Lamp.fqa
                --%%time:2030/06/01 12:00
                function QuickApp:onInit() self:debug('onInit', self.name, self:getVariable('level'), os.date('%Y')) end
                """);
        Result r = JarRunner.run(dir, null, "--fibaro", "--no-telnet", "--no-api", "lamp.lua");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("[01.06.2030] [12:00:").contains("[QUICKAPP5555]: onInit Saved Lamp 3 2030");
        assertThat(r.err()).isEqualTo("jeplua: fibaro: --%%save: QuickApp saved as Lamp.fqa\n");
        JsonNode fqa = json.readTree(Files.readString(dir.resolve("Lamp.fqa")));
        assertThat(fqa.path("name").asText()).isEqualTo("Saved Lamp");
        // the .fqa alone, on a fresh store: its name, variables and main file make the QuickApp
        String text = Files.readString(dir.resolve("Lamp.fqa")).replace("--%%save:Lamp.fqa\\n", "");
        Files.writeString(dir.resolve("Copy.fqa"), text);
        Result again =
                JarRunner.run(dir, null, "--fibaro", "--no-telnet", "--no-api", "--store", "other.db", "Copy.fqa");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("[QUICKAPP5555]: onInit Saved Lamp 3 2030");
        assertThat(again.err()).isEmpty();
    }

    @Test
    void every_example_quickapp_starts_and_logs_only_hc3_lines_without_errors() throws Exception {
        Path examples = Path.of("..", "examples", "fibaro").toAbsolutePath().normalize();
        List<Path> files;
        try (var list = Files.list(examples)) {
            files = list.filter(f -> f.toString().endsWith(".lua")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            Result r = JarRunner.run(dir, null, "--fibaro", "--no-telnet", "--no-api", "--run-for", "3", f.toString());
            assertThat(r.status()).as(f + ": " + r.err()).isZero();
            assertThat(r.err()).as(f.toString()).isEmpty();
            assertThat(r.out().lines().toList()).as(f.toString()).isNotEmpty().allMatch(l -> l.matches(LINE));
            assertThat(r.out()).as(f.toString()).doesNotContain("[ERROR]");
        }
    }

    @Test
    void the_hc3_rest_api_answers_over_http_and_actions_reach_the_quickapp() throws Exception {
        Files.writeString(dir.resolve("qa.lua"), QA);
        int port = RestClient.freePort();
        Process p = JarRunner.start(
                dir,
                null,
                "--fibaro",
                "--no-telnet",
                "--api-port",
                String.valueOf(port),
                "--run-for",
                "-120",
                "qa.lua");
        try {
            HttpResponse<String> dev = await(p, port, "/api/devices/5555");
            assertThat(dev.statusCode()).isEqualTo(200);
            JsonNode d = json.readTree(dev.body());
            assertThat(d.get("name").asText()).isEqualTo("Dimmer");
            assertThat(d.get("type").asText()).isEqualTo("com.fibaro.multilevelSwitch");
            assertThat(d.get("interfaces").toString()).isEqualTo("[\"quickApp\"]");
            assertThat(json.readTree(send(port, "GET", "/api/devices", null).body()))
                    .hasSize(1);
            HttpResponse<String> action = send(port, "POST", "/api/devices/5555/action/setValue", "{\"args\":[77]}");
            assertThat(action.statusCode()).isEqualTo(202);
            assertThat(json.readTree(action.body()).get("message").asText()).isEqualTo("Accepted");
            JsonNode level = null;
            for (int i = 0; i < 100; i++) {
                level = json.readTree(
                        send(port, "GET", "/api/globalVariables/Level", null).body());
                if (level.path("value").asText().equals("77")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(level.path("value").asText()).isEqualTo("77");
            JsonNode value = json.readTree(send(port, "GET", "/api/devices/5555/properties/value", null)
                    .body());
            assertThat(value.get("value").asInt()).isEqualTo(77);
            assertThat(send(port, "GET", "/api/devices/1", null).statusCode()).isEqualTo(404);
            HttpResponse<String> unknown = send(port, "GET", "/api/weather", null);
            assertThat(unknown.statusCode()).isEqualTo(501);
            assertThat(json.readTree(unknown.body()).get("type").asText()).isEqualTo("ERROR");
            JsonNode states = json.readTree(
                    send(port, "GET", "/api/refreshStates?last=0", null).body());
            assertThat(states.get("events").toString()).contains("DevicePropertyUpdatedEvent");
            // long poll: a refreshStates request with nothing newer waits for the next event
            long last = states.get("last").asLong();
            CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> {
                try {
                    return send(port, "GET", "/api/refreshStates?last=" + last, null);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Thread.sleep(300);
            assertThat(poll).as("waits while there is no newer event").isNotDone();
            send(port, "POST", "/api/customEvents/Ring", null);
            JsonNode polled = json.readTree(
                    poll.get(20, java.util.concurrent.TimeUnit.SECONDS).body());
            assertThat(polled.get("events").toString())
                    .contains("\"CustomEvent\"")
                    .contains("Ring");
            JsonNode messages =
                    json.readTree(send(port, "GET", "/api/debugMessages", null).body());
            assertThat(messages.get("messages").toString()).contains("value set to 77");
        } finally {
            p.destroy();
            JarRunner.finish(p, 20);
        }
    }

    @Test
    void fibaro_proxy_asks_a_fake_hc3_with_the_settings_of_the_env_file() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hc3 = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hc3.createContext("/", x -> {
            seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " "
                    + x.getRequestHeaders().getFirst("Authorization"));
            byte[] b = "{\"id\":42,\"name\":\"Hall lamp\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.sendResponseHeaders(x.getRequestURI().getPath().equals("/api/devices/42") ? 200 : 404, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        hc3.start();
        try {
            Files.writeString(
                    dir.resolve(".env"),
                    "HC3_URL=http://127.0.0.1:" + hc3.getAddress().getPort()
                            + "\nHC3_USER=admin\nHC3_PASSWORD=secret\n");
            Path qa = dir.resolve("proxied.lua");
            Files.writeString(
                    qa,
                    "function QuickApp:onInit()\n"
                            + "  local d, s = api.get('/devices/42')\n"
                            + "  self:debug('remote', d.name, s, select(2, api.get('/devices/' .. self.id)))\n"
                            + "end\n");
            Result r = JarRunner.run(dir, null, "--fibaro-proxy", "--no-telnet", "--no-api", qa.toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("[DEBUG] [QUICKAPP5555]: remote Hall lamp 200 200");
            assertThat(r.err()).contains("proxy mode", "as admin").doesNotContain("secret");
            assertThat(seen).containsExactly("GET /api/devices/42 Basic YWRtaW46c2VjcmV0");
        } finally {
            hc3.stop(0);
        }
    }
}

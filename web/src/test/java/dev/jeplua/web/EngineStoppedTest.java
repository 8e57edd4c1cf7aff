package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server whose engine has stopped answers 503 with a JSON error, never hangs (README.md#rest-api-and-web-repl). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineStoppedTest {
    @Test
    void execute_status_and_health_answer_503_once_the_engine_has_stopped() throws Exception {
        LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false));
        engine.start();
        try (WebServer server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, null))) {
            String base = "http://127.0.0.1:" + server.start().getPort();
            engine.shutdown(0);
            engine.termination().get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> exec = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/execute"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"1\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(exec.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(exec.body()).get("error").asText()).contains("engine");
            HttpResponse<String> status = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(503);
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
        } finally {
            engine.close();
        }
    }
}

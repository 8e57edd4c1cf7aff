package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A route mounted by another module, over real HTTP on port 0: prefix, method, query, body, status; token still checked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MountedRouteTest {
    private LuaEngine engine;
    private WebServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String start(String token) throws Exception {
        engine = LuaEngine.builder(new EngineConfig().stdout(false)).build();
        engine.start();
        server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, token));
        server.mount(
                "/api",
                (method, path, query, body) -> CompletableFuture.supplyAsync(() -> {
                    if (path.equals("/missing")) {
                        return new MountedRoute.Answer(404, "{\"error\":\"no\"}");
                    }
                    if (path.equals("/empty")) {
                        return new MountedRoute.Answer(204, null);
                    }
                    String echo = method + " " + path + " " + query + " " + new String(body, StandardCharsets.UTF_8);
                    return new MountedRoute.Answer(202, "{\"echo\":\"" + echo.replace("\"", "'") + "\"}");
                }));
        return "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsUnderThePrefixGoToTheRoute() throws Exception {
        String base = start(null);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/devices/5?x=1"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Json.CONTENT_TYPE);
        assertThat(r.body()).isEqualTo("{\"echo\":\"POST /devices/5 x=1 {'a':1}\"}");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/missing")))
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> empty = send(HttpRequest.newBuilder(URI.create(base + "/api/empty"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        // the other routes are still there
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> server.mount("/late", (m, p, q, b) -> null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTokenGuardsMountedRoutesToo() throws Exception {
        String base = start("secret-token");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/x"))).statusCode())
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/x"))
                                .header("Authorization", "Bearer secret-token"))
                        .statusCode())
                .isEqualTo(202);
    }
}

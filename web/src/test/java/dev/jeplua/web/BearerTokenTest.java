package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --api-token}: every request but the page needs {@code Authorization: Bearer <token>} (README.md#command-line, docs/security.md). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BearerTokenTest {
    static LuaEngine engine;
    static WebServer server;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        engine = new LuaEngine(new EngineConfig().stdout(false));
        engine.start();
        server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, "s3cret"));
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    static HttpResponse<String> execute(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"1+2\"}"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_request_without_the_header_gets_401_with_a_json_error() throws Exception {
        HttpResponse<String> r = execute(null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).contains("Authorization: Bearer");
    }

    @Test
    void a_wrong_token_gets_401_and_the_right_one_runs_the_code() throws Exception {
        assertThat(execute("Bearer nope").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = execute("Bearer s3cret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).get("result").asInt()).isEqualTo(3);
    }

    @Test
    void status_needs_the_token_but_the_page_does_not() throws Exception {
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/status"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_output_stream_takes_the_token_as_a_query_parameter() throws Exception {
        String ws = base.replace("http", "ws") + "/ws";
        WebSocket.Listener quiet = new WebSocket.Listener() {};
        try {
            http.newWebSocketBuilder().buildAsync(URI.create(ws), quiet).join();
            throw new AssertionError("connected without a token");
        } catch (CompletionException expected) {
            assertThat(expected.getCause())
                    .isInstanceOfSatisfying(
                            java.net.http.WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        }
        WebSocket ok = http.newWebSocketBuilder()
                .buildAsync(URI.create(ws + "?token=s3cret"), quiet)
                .get(10, TimeUnit.SECONDS);
        ok.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void the_output_stream_takes_the_token_as_a_subprotocol_and_answers_with_the_plain_one() throws Exception {
        String ws = base.replace("http", "ws") + "/ws";
        WebSocket.Listener quiet = new WebSocket.Listener() {};
        String tokenProtocol = BearerTokenHandler.tokenProtocol("s3cret");
        assertThat(tokenProtocol).isEqualTo("jeplua.token.czNjcmV0");
        WebSocket both = http.newWebSocketBuilder()
                .subprotocols("jeplua", tokenProtocol)
                .buildAsync(URI.create(ws), quiet)
                .get(10, TimeUnit.SECONDS);
        assertThat(both.getSubprotocol()).isEqualTo("jeplua");
        both.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        WebSocket alone = http.newWebSocketBuilder()
                .subprotocols(tokenProtocol)
                .buildAsync(URI.create(ws), quiet)
                .get(10, TimeUnit.SECONDS);
        assertThat(alone.getSubprotocol()).isEqualTo(tokenProtocol);
        alone.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        for (String wrong : new String[] {BearerTokenHandler.tokenProtocol("nope"), "jeplua.token.***", "jeplua"}) {
            try {
                http.newWebSocketBuilder()
                        .subprotocols(wrong)
                        .buildAsync(URI.create(ws), quiet)
                        .join();
                throw new AssertionError("connected with " + wrong);
            } catch (CompletionException expected) {
                assertThat(expected.getCause())
                        .isInstanceOfSatisfying(
                                java.net.http.WebSocketHandshakeException.class,
                                e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
            }
        }
    }

    @Test
    void every_route_but_the_static_page_needs_the_token() throws Exception {
        for (String path : new String[] {"/status", "/health", "/engine/callbacks", "/ws", "/nope"}) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body()).get("error").asText())
                    .as(path)
                    .contains("token");
        }
        for (String path : new String[] {"/", "/index.html", "/app.js", "/app.css"}) {
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + path))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as(path)
                    .isEqualTo(200);
        }
    }
}

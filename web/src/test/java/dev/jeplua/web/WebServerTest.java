package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST API over real HTTP against a real engine, server bound to port 0 (README.md#rest-api-and-web-repl). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebServerTest {
    static LuaEngine engine;
    static final dev.jeplua.engine.bridge.WebControlLib webControl = new dev.jeplua.engine.bridge.WebControlLib();
    static WebServer server;
    static String base;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        engine = LuaEngine.builder(new EngineConfig().stdout(false))
                .library(webControl)
                .build();
        engine.start();
        server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, null));
        int port = server.start().getPort();
        engine.registerGauge("web_clients", server::webClients);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    static HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> execute(String code, String... headers) throws Exception {
        return post(
                "/execute",
                "application/json",
                Json.MAPPER.writeValueAsString(java.util.Map.of("code", code)),
                headers);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return Json.MAPPER.readTree(r.body());
    }

    static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void an_expression_returns_its_value_as_result_and_results() throws Exception {
        HttpResponse<String> r = execute("1+2");
        JsonNode b = json(r);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(b.get("success").asBoolean()).isTrue();
        assertThat(b.get("result").asInt()).isEqualTo(3);
        assertThat(b.get("results").toString()).isEqualTo("[3]");
        assertThat(b.get("output").asText()).isEmpty();
        assertThat(b.get("error").isNull()).isTrue();
        assertThat(b.get("execution_time_ms").isNumber()).isTrue();
        assertThat(b.get("request_id").asText()).isNotEmpty();
    }

    @Test
    void statements_print_into_the_response_and_return_every_value() throws Exception {
        JsonNode b = json(execute("print(\"hi\") return 7, 'x', {1,2}, {a=true}"));
        assertThat(b.get("output").asText()).isEqualTo("hi\n");
        assertThat(b.get("result").asInt()).isEqualTo(7);
        assertThat(b.get("results").toString()).isEqualTo("[7,\"x\",[1,2],{\"a\":true}]");
    }

    @Test
    void values_json_cannot_carry_come_back_as_their_tostring() throws Exception {
        JsonNode b = json(execute("return 1/0, -1/0, 0.5, function() end"));
        assertThat(b.get("results").get(0).asText()).isEqualTo("inf");
        assertThat(b.get("results").get(1).asText()).isEqualTo("-inf");
        assertThat(b.get("results").get(2).asDouble()).isEqualTo(0.5);
        assertThat(b.get("results").get(3).asText()).startsWith("function");
    }

    @Test
    void a_lua_error_gives_400_with_the_lua_message_and_output_before_it() throws Exception {
        HttpResponse<String> r = execute("print('before') error(\"boom\")");
        JsonNode b = json(r);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(b.get("success").asBoolean()).isFalse();
        assertThat(b.get("error").asText()).isEqualTo("rest:1: boom");
        assertThat(b.get("output").asText()).isEqualTo("before\n");
        assertThat(b.get("results").size()).isZero();
    }

    @Test
    void a_compile_error_gives_400_with_the_compiler_message() throws Exception {
        HttpResponse<String> r = execute("x = = 1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).startsWith("rest:1:");
    }

    @Test
    void runaway_code_times_out_with_408_and_the_engine_keeps_serving() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = post("/execute", "application/json", "{\"code\":\"while true do end\",\"timeout\":1}");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(408);
        assertThat(json(r).get("error").asText()).contains("timed out");
        assertThat(ms).isBetween(900L, 5000L);
        HttpResponse<String> next = execute("return 'alive'");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(json(next).get("result").asText()).isEqualTo("alive");
    }

    @Test
    void a_body_over_one_mebibyte_is_refused_with_413() throws Exception {
        String big = "{\"code\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> r = post("/execute", "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error").asText()).contains("1 MiB");
    }

    @Test
    void a_chunked_body_over_one_mebibyte_is_refused_with_413() throws Exception {
        byte[] big = ("{\"code\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void a_body_that_is_not_json_gives_415() throws Exception {
        HttpResponse<String> r = post("/execute", "text/plain", "return 1");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r).get("error").asText()).contains("application/json");
    }

    @Test
    void broken_json_or_a_missing_code_gives_400_saying_why() throws Exception {
        HttpResponse<String> broken = post("/execute", "application/json", "{\"code\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).get("error").asText()).startsWith("malformed JSON at line 1");
        HttpResponse<String> missing = post("/execute", "application/json; charset=utf-8", "{\"timeout\": 3}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).contains("missing \"code\"");
        HttpResponse<String> badTimeout = post("/execute", "application/json", "{\"code\":\"1\",\"timeout\":-1}");
        assertThat(badTimeout.statusCode()).isEqualTo(400);
    }

    @Test
    void script_is_accepted_as_a_synonym_of_code_and_plua_execute_is_the_same_endpoint() throws Exception {
        HttpResponse<String> r = post("/plua/execute", "application/json", "{\"script\":\"return 40 + 2\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("result").asInt()).isEqualTo(42);
    }

    @Test
    void is_json_calls_a_function_with_json_arguments() throws Exception {
        assertThat(execute("function addAll(a, b, t) return a + b + #t, t.k end")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> r =
                post("/execute", "application/json", "{\"is_json\":true,\"function\":\"addAll\",\"args\":[1,2,[5,6]]}");
        assertThat(json(r).get("results").toString()).isEqualTo("[5,null]");
        HttpResponse<String> mod = post(
                "/execute",
                "application/json",
                "{\"is_json\":true,\"module\":\"json\",\"function\":\"encode\",\"args\":[{\"a\":\"q\\\"uote\"}]}");
        assertThat(json(mod).get("result").asText()).isEqualTo("{\"a\":\"q\\\"uote\"}");
        HttpResponse<String> missing =
                post("/execute", "application/json", "{\"is_json\":true,\"function\":\"nope.x\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).endsWith("is_json: function nope.x not found");
    }

    @Test
    void concurrent_clients_each_get_exactly_their_own_output_and_value() throws Exception {
        int clients = 50;
        int perClient = 200;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < perClient; n++) {
                        int i = client * 100_000 + n;
                        HttpResponse<String> r = post(
                                "/execute", "application/json", "{\"code\":\"print(" + i + ") return " + i + "\"}");
                        JsonNode b = Json.MAPPER.readTree(r.body());
                        assertThat(r.statusCode()).isEqualTo(200);
                        assertThat(b.get("output").asText()).isEqualTo(i + "\n");
                        assertThat(b.get("result").asInt()).isEqualTo(i);
                    }
                    return perClient;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(50, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(clients * perClient);
        }
    }

    @Test
    void status_has_every_field_of_the_spec() throws Exception {
        HttpResponse<String> r = get("/status");
        JsonNode b = json(r);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(b.get("status").asText()).isEqualTo("running");
        assertThat(b.get("version").asText()).isEqualTo(LuaEngine.VERSION);
        assertThat(b.get("lua_version").asText()).isEqualTo("Lua 5.4");
        assertThat(b.get("uptime_s").isNumber()).isTrue();
        assertThat(b.get("timers").has("timeouts")).isTrue();
        assertThat(b.get("timers").has("intervals")).isTrue();
        for (String f : List.of("pending_callbacks", "queue_depth", "telnet_clients", "web_clients", "windows")) {
            assertThat(b.get(f).isInt()).as(f).isTrue();
        }
        assertThat(b.get("memory").get("heap_used").asLong()).isPositive();
        assertThat(b.get("memory").get("heap_max").asLong()).isPositive();
        assertThat(b.get("executions").has("total")).isTrue();
        assertThat(b.get("executions").has("errors")).isTrue();
        assertThat(b.get("engine_busy").asBoolean()).isFalse();
    }

    @Test
    void status_and_callbacks_show_a_pending_interval() throws Exception {
        JsonNode created =
                json(execute("return setInterval(function() end, 60000), setTimeout(function() end, 30000)"));
        int interval = created.get("results").get(0).asInt();
        int timeout = created.get("results").get(1).asInt();
        try {
            JsonNode status = json(get("/status"));
            assertThat(status.get("timers").get("intervals").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(status.get("timers").get("timeouts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(status.get("pending_callbacks").asInt()).isGreaterThanOrEqualTo(2);
            JsonNode cb = json(get("/engine/callbacks"));
            assertThat(cb.get("count").asInt()).isEqualTo(cb.get("callbacks").size());
            assertThat(cb.get("running_intervals").asInt()).isGreaterThanOrEqualTo(1);
            JsonNode mine = null;
            for (JsonNode c : cb.get("callbacks")) {
                if (c.get("id").asInt() == interval) {
                    mine = c;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("kind").asText()).isEqualTo("interval");
            assertThat(mine.get("due_in_ms").asLong()).isBetween(50_000L, 60_000L);
        } finally {
            execute("clearInterval(" + interval + ") clearTimeout(" + timeout + ")");
        }
    }

    @Test
    void status_answers_while_lua_code_keeps_the_engine_busy() throws Exception {
        CompletableFuture<HttpResponse<String>> busy = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/execute"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"while true do end\",\"timeout\":3}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        boolean sawBusy = false;
        for (int i = 0; i < 20 && !sawBusy && !busy.isDone(); i++) {
            long start = System.nanoTime();
            JsonNode status = json(get("/status"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            sawBusy = status.get("engine_busy").asBoolean();
        }
        assertThat(sawBusy)
                .as("a /status answered while the engine ran the loop")
                .isTrue();
        if (!busy.isDone()) {
            HttpResponse<String> callbacks = get("/engine/callbacks");
            assertThat(callbacks.statusCode()).isIn(200, 503); // 200 only if the loop ended meanwhile
            if (callbacks.statusCode() == 503) {
                assertThat(json(callbacks).get("error").asText()).startsWith("engine busy");
            }
        }
        assertThat(busy.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(408);
    }

    @Test
    void health_is_healthy_and_unknown_routes_answer_json() throws Exception {
        assertThat(json(get("/health")).get("status").asText()).isEqualTo("healthy");
        HttpResponse<String> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).contains("/nope");
        HttpResponse<String> wrongMethod = get("/execute");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).has("error")).isTrue();
    }

    @Test
    void the_page_is_served_self_contained() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.body())
                .contains("JEPLua web REPL")
                .contains("<script src=\"app.js\">")
                .doesNotContain("https://")
                .doesNotContain("http://")
                .doesNotContain("<style")
                .doesNotContain("style=");
        HttpResponse<String> js = get("/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body())
                .contains("new WebSocket")
                .doesNotContain("https://")
                .doesNotContain("http://");
        HttpResponse<String> css = get("/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body())
                .contains(".clear-button")
                .doesNotContain("https://")
                .doesNotContain("http://");
    }

    @Test
    void x_session_keeps_session_data_between_requests_and_plain_requests_have_none() throws Exception {
        execute("session.data.n = 41", "X-Session", "client-a");
        JsonNode b = json(execute(
                "return session.id, session.kind, session.data.n + 1, session.remote", "X-Session", "client-a"));
        assertThat(b.get("results").toString()).startsWith("[\"client-a\",\"rest\",42,\"127.0.0.1:");
        JsonNode other = json(execute("return session.data.n", "X-Session", "client-b"));
        assertThat(other.get("result").isNull()).isTrue();
        assertThat(json(execute("return session == nil")).get("result").asBoolean())
                .isTrue();
        HttpResponse<String> bad = execute("return 1", "X-Session", "x".repeat(200));
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void the_output_stream_sends_a_hello_and_prints_from_timers_live() throws Exception {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = openOutputStream(messages);
        try {
            JsonNode hello = Json.MAPPER.readTree(messages.poll(10, TimeUnit.SECONDS));
            assertThat(hello.get("type").asText()).isEqualTo("hello");
            String session = hello.get("session").asText();
            assertThat(session).startsWith("web-");
            awaitUntil(() -> server.webClients() == 1);
            assertThat(json(get("/status")).get("web_clients").asInt()).isEqualTo(1);

            JsonNode kind = json(execute("return session.kind", "X-Session", session));
            assertThat(kind.get("result").asText()).isEqualTo("web");

            execute("local n = 0; local id; id = setInterval(function() n = n + 1; print('tick ' .. n);"
                    + " if n == 2 then clearInterval(id) end end, 20)");
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!seen.toString().contains("tick 2\n") && System.nanoTime() < deadline) {
                String m = messages.poll(100, TimeUnit.MILLISECONDS);
                if (m != null) {
                    JsonNode msg = Json.MAPPER.readTree(m);
                    assertThat(msg.get("type").asText()).isEqualTo("output");
                    seen.append(msg.get("text").asText());
                }
            }
            assertThat(seen.toString()).contains("tick 1\n").contains("tick 2\n");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
        awaitUntil(() -> server.webClients() == 0);
    }

    @Test
    void view_updates_from_lua_reach_the_output_stream_clients() throws Exception {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = openOutputStream(messages);
        try {
            assertThat(messages.poll(10, TimeUnit.SECONDS)).contains("\"hello\"");
            awaitUntil(() -> server.webClients() == 1);
            assertThat(json(execute("return _PY.broadcast_view_update(7, 'lbl', 'text', 'Hi')"))
                            .get("result")
                            .asBoolean())
                    .isTrue();
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m)
                    .isEqualTo("{\"type\":\"view_update\",\"qa_id\":7,\"element_id\":\"lbl\","
                            + "\"property_name\":\"text\",\"value\":\"Hi\"}");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void an_output_stream_client_that_stops_reading_is_disconnected_and_the_engine_keeps_serving() throws Exception {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        return null; // never requests more: the client stops reading
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.countDown();
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        awaitUntil(() -> server.webClients() >= 1);
        for (int round = 0; round < 40 && server.webClients() > 0; round++) {
            assertThat(execute("for i = 1, 100 do print(string.rep('x', 10000)) end")
                            .statusCode())
                    .isEqualTo(200);
        }
        awaitUntil(() -> server.webClients() == 0);
        assertThat(execute("return 'still serving'").statusCode()).isEqualTo(200);
        ws.abort();
    }

    @Test
    void output_of_one_batch_beyond_4_mebibytes_is_cut_with_a_notice_on_the_stream() throws Exception {
        StringBuilder streamed = new StringBuilder();
        java.util.concurrent.CountDownLatch notice = new java.util.concurrent.CountDownLatch(1);
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                    final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            try {
                                JsonNode m = Json.MAPPER.readTree(part.toString());
                                if (m.get("type").asText().equals("output")) {
                                    streamed.append(m.get("text").asText());
                                    if (m.get("text").asText().contains("not streamed")) {
                                        notice.countDown();
                                    }
                                }
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                            part.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            awaitUntil(() -> server.webClients() >= 1);
            HttpResponse<String> r = execute("local s = string.rep('x', 1023) for i = 1, 5 * 1024 do print(s) end");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("output").asText()).hasSize(5 * 1024 * 1024); // the execution's own capture is whole
            assertThat(notice.await(20, TimeUnit.SECONDS))
                    .as("notice of the cut output")
                    .isTrue();
            assertThat(streamed.length()).isBetween(4 * 1024 * 1024 - 1024, 4 * 1024 * 1024 + 200);
        } finally {
            ws.abort();
        }
    }

    @Test
    void binding_a_port_in_use_fails_with_a_clear_message() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            WebServer second = new WebServer(engine, new WebServer.Options("127.0.0.1", taken.getLocalPort(), null));
            assertThatThrownBy(second::start)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot bind 127.0.0.1:" + taken.getLocalPort() + ":")
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void a_non_loopback_address_without_token_gets_a_remote_code_execution_warning() {
        assertThat(WebServer.securityWarning("0.0.0.0", 8080, null))
                .hasValueSatisfying(w -> assertThat(w).contains("remote code execution"));
        assertThat(WebServer.securityWarning("0.0.0.0", 8080, "s3cret")).isEmpty();
        assertThat(WebServer.securityWarning("127.0.0.1", 8080, null)).isEmpty();
        assertThat(WebServer.securityWarning("localhost", 8080, null)).isEmpty();
    }

    @Test
    void the_second_listener_started_from_lua_serves_the_same_api_and_really_stops() throws Exception {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        WebServerControlService control =
                new WebServerControlService(engine, null, new PrintStream(warnings, true, StandardCharsets.UTF_8));
        webControl.bind(control);
        try {
            JsonNode started =
                    json(execute("return _PY.start_web_server('127.0.0.1', 0)")).get("result");
            assertThat(started.get("success").asBoolean()).isTrue();
            int port = started.get("server_info").get("port").asInt();
            assertThat(port).isPositive();
            assertThat(started.get("message").asText()).isEqualTo("Server started on http://127.0.0.1:" + port);
            JsonNode status = json(execute("return _PY.get_web_server_status()"));
            assertThat(status.get("result").get("running").asBoolean()).isTrue();
            assertThat(status.get("result").get("port").asInt()).isEqualTo(port);
            assertThat(status.get("result").get("url").asText()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(status.get("result").get("uptime").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(engine.loop().keepAliveCount()).isPositive();

            JsonNode again =
                    json(execute("return _PY.start_web_server('127.0.0.1', 0)")).get("result");
            assertThat(again.get("success").asBoolean()).isFalse();
            assertThat(again.get("message").asText()).isEqualTo("Server is already running");

            HttpResponse<String> viaSecond = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/execute"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"6*7\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json(viaSecond).get("result").asInt()).isEqualTo(42);

            JsonNode stopped = json(execute("return _PY.stop_web_server().success, _PY.stop_web_server().message,"
                    + " _PY.get_web_server_status().running"));
            assertThat(stopped.get("results").toString()).isEqualTo("[true,\"Server is not running\",false]");
            assertThatThrownBy(() -> http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.net.ConnectException.class);
            assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        } finally {
            control.close();
        }
    }

    @Test
    void start_web_server_without_the_web_module_raises_a_clear_error() throws Exception {
        try (LuaEngine bare = LuaEngine.builder(new EngineConfig().stdout(false))
                .library(new dev.jeplua.engine.bridge.WebControlLib())
                .build()) {
            bare.start();
            ExecutionResult r = bare.execute(
                            "_PY.start_web_server('127.0.0.1', 0)", LuaEngine.ExecOptions.repl("=t", null))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r).isInstanceOfSatisfying(ExecutionResult.Error.class, e -> assertThat(e.message())
                    .contains("start_web_server: the web module is not available"));
        }
    }

    /** Opens {@code /ws}; each whole text message (the JDK client may deliver one in parts) goes to {@code messages}. */
    private WebSocket openOutputStream(LinkedBlockingQueue<String> messages) throws Exception {
        return WsMessages.open(http, URI.create(base.replace("http", "ws") + "/ws"), messages);
    }
}

package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DNS rebinding ({@code Host}), cross-site requests ({@code Origin}), security headers and the
 * smaller defences of the REST API, over raw sockets (so any {@code Host} can be sent) against
 * a real server on port 0 and a real engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSecurityTest {
    static LuaEngine engine;
    static final dev.jeplua.engine.bridge.WebControlLib webControl = new dev.jeplua.engine.bridge.WebControlLib();
    static WebServer server;
    static int port;
    /** Allow lists: {@code jeplua.test} (any port), {@code proxy.test:8443}; origins {@code http://app.test:3000} and {@code null}. */
    static WebServer listed;

    static int listedPort;

    static final List<String> ROUTES = List.of(
            "GET /", "GET /app.js", "GET /status", "POST /execute", "GET /engine/callbacks", "GET /health", "GET /ws");

    @BeforeAll
    static void start() throws IOException {
        engine = LuaEngine.builder(new EngineConfig().stdout(false))
                .library(webControl)
                .build();
        engine.start();
        server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, null));
        port = server.start().getPort();
        listed = new WebServer(
                engine,
                new WebServer.Options(
                        "127.0.0.1",
                        0,
                        null,
                        List.of("jeplua.test", "proxy.test:8443"),
                        List.of("http://app.test:3000", "null")));
        listedPort = listed.start().getPort();
    }

    @AfterAll
    static void stop() {
        listed.close();
        server.close();
        engine.close();
    }

    /** A request for {@code route} ("METHOD /path") with the given extra header lines; POSTs run {@code code}. */
    static String request(String route, String host, String extraHeaders, String code) {
        String[] mp = route.split(" ");
        StringBuilder r = new StringBuilder(mp[0]).append(' ').append(mp[1]).append(" HTTP/1.1\r\n");
        if (host != null) {
            r.append("Host: ").append(host).append("\r\n");
        }
        r.append(extraHeaders);
        if (mp[1].equals("/ws")) {
            r.append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        }
        r.append("Connection: close\r\n");
        if (mp[0].equals("POST")) {
            byte[] body = ("{\"code\":" + jsonString(code) + "}").getBytes(StandardCharsets.UTF_8);
            r.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n\r\n")
                    .append(new String(body, StandardCharsets.ISO_8859_1));
        } else {
            r.append("\r\n");
        }
        return r.toString();
    }

    static String jsonString(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(RawHttp.Reply r) throws IOException {
        assertThat(r.header("Content-Type")).as("Content-Type of %s", r).isEqualTo("application/json; charset=utf-8");
        return Json.MAPPER.readTree(r.body());
    }

    /** Runs {@code code} through the API the ordinary way (loopback Host, no Origin). */
    static JsonNode run(String code) throws IOException {
        RawHttp.Reply r = RawHttp.once(port, request("POST /execute", "127.0.0.1:" + port, "", code));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void a_foreign_host_gets_421_with_json_on_every_route_and_runs_nothing() throws Exception {
        run("rebound = nil");
        for (String route : ROUTES) {
            for (String host : List.of(
                    "evil.example:" + port,
                    "evil.example",
                    "127.0.0.1.evil.example:" + port,
                    "localhost.:" + port,
                    "10.1.2.3:" + port)) {
                RawHttp.Reply r =
                        RawHttp.once(port, request(route, host, "Origin: http://" + host + "\r\n", "rebound = true"));
                assertThat(r.status()).as(route + " Host " + host).isEqualTo(421);
                assertThat(json(r).get("error").asText()).contains("not a name of this server");
            }
        }
        assertThat(run("return rebound == nil").get("result").asBoolean()).isTrue();
    }

    @Test
    void loopback_names_need_the_servers_port() throws Exception {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port)) {
            RawHttp.Reply r = RawHttp.once(port, request("GET /health", host, "", null));
            assertThat(r.status()).as(host).isEqualTo(200);
            assertThat(json(r).get("status").asText()).isEqualTo("healthy");
        }
        for (String host : List.of("127.0.0.1:" + (port == 65535 ? 1 : port + 1), "localhost", "127.0.0.1:80")) {
            RawHttp.Reply r = RawHttp.once(port, request("GET /health", host, "", null));
            assertThat(r.status()).as(host).isEqualTo(421);
            assertThat(json(r).get("error").asText()).contains("port " + port);
        }
    }

    @Test
    void a_missing_or_malformed_host_gets_400_with_json() throws Exception {
        RawHttp.Reply none = RawHttp.once(port, "GET /health HTTP/1.0\r\n\r\n");
        assertThat(none.status()).isEqualTo(400);
        assertThat(json(none).get("error").asText()).isEqualTo("missing Host header");
        for (String host : List.of("127.0.0.1:" + port + ":1", "[::1", "127.0.0.1:abc", ":" + port)) {
            RawHttp.Reply r = RawHttp.once(port, request("GET /health", host, "", null));
            assertThat(r.status()).as(host).isEqualTo(400);
            assertThat(json(r).get("error").asText()).startsWith("malformed Host header");
        }
        RawHttp.Reply twice = RawHttp.once(
                port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: evil.example\r\n\r\n");
        // Undertow's parser refuses a repeated Host itself, with its fixed empty 400 (no handler runs)
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).doesNotContain("healthy");
    }

    @Test
    void a_foreign_origin_gets_403_on_execute_and_on_the_stream_and_runs_nothing() throws Exception {
        run("crossed = nil");
        String host = "127.0.0.1:" + port;
        for (String origin : List.of(
                "http://evil.example",
                "http://evil.example:" + port,
                "null",
                "http://127.0.0.1:" + (port + 1),
                "http://localhost:" + port,
                "file://",
                "http://127.0.0.1:" + port + ".evil.example")) {
            for (String route : List.of("POST /execute", "POST /plua/execute", "GET /ws", "GET /status")) {
                RawHttp.Reply r =
                        RawHttp.once(port, request(route, host, "Origin: " + origin + "\r\n", "crossed = true"));
                assertThat(r.status()).as(route + " Origin " + origin).isEqualTo(403);
                assertThat(json(r).get("error").asText()).contains("is not allowed");
                assertThat(r.header("Access-Control-Allow-Origin")).isNull();
            }
        }
        RawHttp.Reply preflight = RawHttp.once(
                port,
                "OPTIONS /execute HTTP/1.1\r\nHost: " + host
                        + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(run("return crossed == nil").get("result").asBoolean()).isTrue();
    }

    @Test
    void same_origin_and_no_origin_requests_work_under_each_loopback_name() throws Exception {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port)) {
            for (String originHeader : List.of("", "Origin: http://" + host + "\r\n")) {
                RawHttp.Reply r = RawHttp.once(port, request("POST /execute", host, originHeader, "return 6 * 7"));
                assertThat(r.status()).as(host + " " + originHeader).isEqualTo(200);
                assertThat(json(r).get("result").asInt()).isEqualTo(42);
                assertThat(r.header("Access-Control-Allow-Origin")).isNull();
                RawHttp.Reply ws = RawHttp.once(port, request("GET /ws", host, originHeader, null));
                assertThat(ws.status()).as("ws " + host + " " + originHeader).isEqualTo(101);
            }
        }
    }

    @Test
    void allow_lists_admit_their_hosts_and_origins_with_cors_headers() throws Exception {
        for (String host : List.of(
                "jeplua.test:" + listedPort,
                "jeplua.test",
                "jeplua.test:9",
                "proxy.test:8443",
                "127.0.0.1:" + listedPort)) {
            RawHttp.Reply r = RawHttp.once(listedPort, request("POST /execute", host, "", "return 'listed'"));
            assertThat(r.status()).as(host).isEqualTo(200);
        }
        for (String host : List.of("proxy.test:8444", "proxy.test", "other.test:" + listedPort)) {
            assertThat(RawHttp.once(listedPort, request("GET /health", host, "", null))
                            .status())
                    .as(host)
                    .isEqualTo(421);
        }
        String host = "127.0.0.1:" + listedPort;
        RawHttp.Reply cors = RawHttp.once(
                listedPort, request("POST /execute", host, "Origin: http://app.test:3000\r\n", "return 1"));
        assertThat(cors.status()).isEqualTo(200);
        assertThat(cors.header("Access-Control-Allow-Origin")).isEqualTo("http://app.test:3000");
        assertThat(cors.header("Vary")).contains("Origin");
        RawHttp.Reply preflight = RawHttp.once(
                listedPort,
                "OPTIONS /execute HTTP/1.1\r\nHost: " + host
                        + "\r\nOrigin: http://app.test:3000\r\nAccess-Control-Request-Method: POST\r\n"
                        + "Access-Control-Request-Headers: content-type\r\n\r\n");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://app.test:3000");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers"))
                .contains("Content-Type")
                .contains("Authorization");
        assertThat(json(preflight).get("preflight").asText()).isEqualTo("ok");
        RawHttp.Reply nullOrigin =
                RawHttp.once(listedPort, request("POST /execute", host, "Origin: null\r\n", "return 1"));
        assertThat(nullOrigin.status()).isEqualTo(200);
        RawHttp.Reply other = RawHttp.once(
                listedPort, request("POST /execute", host, "Origin: http://app.test:3001\r\n", "return 1"));
        assertThat(other.status()).isEqualTo(403);
        // an OPTIONS that is not a preflight of an allowed origin is an unknown method: 405 JSON
        RawHttp.Reply options = RawHttp.once(listedPort, "OPTIONS /execute HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertThat(options.status()).isEqualTo(405);
        assertThat(json(options).has("error")).isTrue();
    }

    @Test
    void every_answer_carries_the_security_headers() throws Exception {
        String host = "127.0.0.1:" + port;
        for (String req : List.of(
                request("GET /", host, "", null),
                request("GET /app.js", host, "", null),
                request("GET /app.css", host, "", null),
                request("GET /status", host, "", null),
                request("POST /execute", host, "", "return 1"),
                request("GET /nope", host, "", null),
                request("GET /health", "evil.example", "", null))) {
            RawHttp.Reply r = RawHttp.once(port, req);
            assertThat(r.header("X-Content-Type-Options")).as(req).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).as(req).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).as(req).isEqualTo("no-referrer");
            String csp = r.header("Content-Security-Policy");
            assertThat(csp)
                    .as(req)
                    .contains("default-src 'none'")
                    .contains("script-src 'self'")
                    .contains("style-src 'self'")
                    .contains("connect-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void answers_undertow_would_leave_empty_are_json() throws Exception {
        String host = "127.0.0.1:" + port;
        RawHttp.Reply plainGetOfWs =
                RawHttp.once(port, "GET /ws HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertThat(plainGetOfWs.status()).isEqualTo(400);
        assertThat(json(plainGetOfWs).get("error").asText()).contains("WebSocket");
        RawHttp.Reply badVersion = RawHttp.once(
                port,
                "GET /ws HTTP/1.1\r\nHost: " + host + "\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 99\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(json(badVersion).has("error")).isTrue();
        for (String method : List.of("PUT", "DELETE", "PATCH", "FOO")) {
            RawHttp.Reply r = RawHttp.once(
                    port, method + " /execute HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n\r\n");
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(json(r).get("error").asText()).contains(method);
        }
        RawHttp.Reply head =
                RawHttp.once(port, "HEAD /status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertThat(head.status()).isEqualTo(405);
        assertThat(head.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void x_request_id_is_echoed_only_when_it_is_short_printable_ascii() throws Exception {
        String host = "127.0.0.1:" + port;
        RawHttp.Reply ok =
                RawHttp.once(port, request("POST /execute", host, "X-Request-Id: trace-42_ok.1\r\n", "return 1"));
        assertThat(ok.header("X-Request-Id")).isEqualTo("trace-42_ok.1");
        assertThat(json(ok).get("request_id").asText()).isEqualTo("trace-42_ok.1");
        for (String bad : List.of("a\u0001b", "x".repeat(129), "caf\u00e9", "two words", "\u001b[31mred")) {
            RawHttp.Reply r =
                    RawHttp.once(port, request("POST /execute", host, "X-Request-Id: " + bad + "\r\n", "return 1"));
            assertThat(r.status()).isEqualTo(200);
            String id = json(r).get("request_id").asText();
            assertThat(id).isNotEqualTo(bad).matches("[0-9a-z]+-[0-9]+");
            assertThat(r.header("X-Request-Id")).isEqualTo(id);
        }
        assertThat(ExecuteHandler.isSafeRequestId("x".repeat(128))).isTrue();
    }

    @Test
    void callbacks_are_capped_with_total_and_truncated() throws Exception {
        run("cap_ids = {} for i = 1, 1500 do cap_ids[i] = setTimeout(function() end, 600000 + i) end");
        try {
            String host = "127.0.0.1:" + port;
            JsonNode all = json(RawHttp.once(port, request("GET /engine/callbacks", host, "", null)));
            assertThat(all.get("count").asInt()).isEqualTo(1000);
            assertThat(all.get("callbacks").size()).isEqualTo(1000);
            assertThat(all.get("total").asInt()).isGreaterThanOrEqualTo(1500);
            assertThat(all.get("truncated").asBoolean()).isTrue();
            JsonNode five = json(RawHttp.once(port, request("GET /engine/callbacks?limit=5", host, "", null)));
            assertThat(five.get("callbacks").size()).isEqualTo(5);
            assertThat(five.get("callbacks").get(0).get("due_in_ms").asLong())
                    .isLessThanOrEqualTo(
                            five.get("callbacks").get(4).get("due_in_ms").asLong());
            JsonNode many = json(RawHttp.once(port, request("GET /engine/callbacks?limit=999999999", host, "", null)));
            assertThat(many.get("count").asInt())
                    .isEqualTo(Math.min(many.get("total").asInt(), CallbacksHandler.MAX_LIMIT));
            assertThat(many.get("truncated").asBoolean()).isFalse();
            RawHttp.Reply bad = RawHttp.once(port, request("GET /engine/callbacks?limit=-1", host, "", null));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(json(bad).get("error").asText()).contains("limit");
        } finally {
            run("for _, id in ipairs(cap_ids) do clearTimeout(id) end cap_ids = nil");
        }
    }

    @Test
    void a_number_beyond_the_double_range_is_passed_as_inf() throws Exception {
        run("function inf_check(a, b, c) return a == math.huge, b == -math.huge, c end");
        String body = "{\"is_json\":true,\"function\":\"inf_check\",\"args\":[1e400,-1e400,1" + "0".repeat(400) + "]}";
        RawHttp.Reply r = RawHttp.once(
                port,
                "POST /execute HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("results").toString()).isEqualTo("[true,true,\"inf\"]");
    }

    @Test
    void an_empty_or_unsendable_token_is_refused_when_the_server_is_configured() {
        for (String token : List.of("", "   ", " padded", "a\nb")) {
            assertThatThrownBy(() -> new WebServer.Options("127.0.0.1", 0, token))
                    .as("token %s", token)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token");
        }
        assertThatThrownBy(() -> new WebServerControlService(
                        engine, "", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new WebServer.Options("127.0.0.1", 0, null, List.of(""), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--api-allow-host");
    }

    @Test
    void the_second_listener_applies_the_same_host_origin_and_token_rules() throws Exception {
        WebServerControlService control = new WebServerControlService(
                engine,
                "s3cret",
                List.of("second.test"),
                List.of("http://app.test:3000"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        webControl.bind(control);
        try {
            int second = run("return _PY.start_web_server('127.0.0.1', 0).server_info.port")
                    .get("result")
                    .asInt();
            String host = "127.0.0.1:" + second;
            String auth = "Authorization: Bearer s3cret\r\n";
            assertThat(RawHttp.once(second, request("POST /execute", "evil.example:" + second, auth, "return 1"))
                            .status())
                    .isEqualTo(421);
            assertThat(RawHttp.once(
                                    second,
                                    request(
                                            "POST /execute",
                                            host,
                                            auth + "Origin: http://evil.example\r\n",
                                            "return 1"))
                            .status())
                    .isEqualTo(403);
            assertThat(RawHttp.once(second, request("POST /execute", host, "", "return 1"))
                            .status())
                    .isEqualTo(401);
            assertThat(RawHttp.once(second, request("POST /execute", "second.test", auth, "return 1"))
                            .status())
                    .isEqualTo(200);
            RawHttp.Reply cors = RawHttp.once(
                    second, request("POST /execute", host, auth + "Origin: http://app.test:3000\r\n", "return 1"));
            assertThat(cors.status()).isEqualTo(200);
            assertThat(cors.header("Access-Control-Allow-Origin")).isEqualTo("http://app.test:3000");
            assertThat(RawHttp.once(
                                    second,
                                    request(
                                            "GET /ws",
                                            host,
                                            "Sec-WebSocket-Protocol: " + BearerTokenHandler.tokenProtocol("s3cret")
                                                    + "\r\n",
                                            null))
                            .status())
                    .isEqualTo(101);
        } finally {
            run("_PY.stop_web_server()");
            control.close();
        }
    }

    @Test
    void idle_and_slow_connections_are_closed_but_an_idle_stream_and_a_long_execution_are_not() throws Exception {
        WebServer quick = new WebServer(
                engine, new WebServer.Options("127.0.0.1", 0, null), new WebServer.Limits(1000, 1000, 1000, 300));
        int p = quick.start().getPort();
        try {
            String host = "127.0.0.1:" + p;
            try (RawHttp idle = new RawHttp(p, 5000)) {
                assertThat(idle.exchange("GET /health HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                                .status())
                        .isEqualTo(200);
                long start = System.nanoTime();
                assertThat(idle.closedByServer())
                        .as("idle keep-alive connection closed")
                        .isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isBetween(500L, 4000L);
            }
            try (RawHttp slow = new RawHttp(p, 5000)) {
                slow.send("GET /health HTTP/1.1\r\nHost: ".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(slow.closedByServer())
                        .as("slow-loris headers closed")
                        .isTrue();
            }
            // a stream that receives nothing for 3 s (three idle timeouts) stays connected: pings
            java.util.concurrent.LinkedBlockingQueue<String> messages =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://" + host + "/ws"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(
                                java.net.http.WebSocket w, CharSequence data, boolean last) {
                            messages.add(data.toString());
                            w.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            try {
                assertThat(messages.poll(5, TimeUnit.SECONDS)).contains("hello");
                Thread.sleep(3000);
                assertThat(quick.webClients()).isEqualTo(1);
                assertThat(ws.isInputClosed()).isFalse();
                // an execution that waits 2.5 s for the engine (longer than the idle timeout) still gets its answer
                try (RawHttp c = new RawHttp(p, 10_000)) {
                    String body =
                            "{\"code\":\"local t = _PY.get_time() while _PY.get_time() - t < 2.5 do end print('still here') return 'done'\"}";
                    RawHttp.Reply r = c.exchange(
                            "POST /execute HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n",
                            body.getBytes(StandardCharsets.UTF_8));
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(json(r).get("result").asText()).isEqualTo("done");
                }
                String seen = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!seen.contains("still here") && System.nanoTime() < deadline) {
                    String m = messages.poll(100, TimeUnit.MILLISECONDS);
                    seen += m == null ? "" : m;
                }
                assertThat(seen).contains("still here");
            } finally {
                ws.abort();
            }
        } finally {
            quick.close(Duration.ofSeconds(2));
        }
    }
}

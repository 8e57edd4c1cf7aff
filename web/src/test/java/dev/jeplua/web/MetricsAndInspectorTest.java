package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /metrics} (checked with Prometheus's own {@code promtool check metrics}) and the live
 * inspector's requests on {@code /ws}, over real HTTP and WebSocket against a real engine on port 0.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsAndInspectorTest {
    static LuaEngine engine;
    static WebServer server;
    static String base;
    static final String TOKEN = "metrics-secret";
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        engine = LuaEngine.builder(new EngineConfig().stdout(false)).build();
        engine.start();
        server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, TOKEN));
        base = "http://127.0.0.1:" + server.start().getPort();
        engine.registerGauge("web_clients", server::webClients);
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    static HttpResponse<String> metrics(String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void execute(String code) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/execute"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of("code", code))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Sample values by {@code name{labels}} of a text exposition (comment lines skipped). */
    static Map<String, Double> samples(String text) {
        Map<String, Double> out = new HashMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");
        for (String l : text.split("\n")) {
            if (l.startsWith("#") || l.isEmpty()) {
                continue;
            }
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as("sample line: " + l).isTrue();
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    @Test
    void metrics_need_the_token_like_every_other_route() throws Exception {
        assertThat(metrics(null).statusCode()).isEqualTo(401);
        assertThat(metrics("wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void metrics_show_timers_executions_output_and_jvm_figures_in_the_prometheus_format() throws Exception {
        execute("print('hello metrics'); _G.keep = setInterval(function() end, 60000)");
        HttpResponse<String> r = metrics(TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> s = samples(r.body());
        assertThat(s.get("jeplua_timers_pending{kind=\"interval\"}")).isEqualTo(1.0);
        assertThat(s.get("jeplua_output_bytes_total")).isGreaterThanOrEqualTo("hello metrics\n".length());
        assertThat(s.get("jeplua_callbacks_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(s.get("jeplua_executions_seconds_count{outcome=\"ok\",session=\"rest\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(s.keySet()).anyMatch(k -> k.startsWith("jeplua_executions_seconds_bucket{"));
        assertThat(s.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
        assertThat(s.keySet()).anyMatch(k -> k.startsWith("jvm_gc_"));
        assertThat(s)
                .containsKeys(
                        "jeplua_queue_depth",
                        "jeplua_coroutines_suspended",
                        "jeplua_telnet_clients",
                        "jeplua_web_clients",
                        "jeplua_windows",
                        "jeplua_store_commits_total",
                        "jeplua_callback_errors_total");
        execute("clearInterval(_G.keep)");
        assertThat(samples(metrics(TOKEN).body()).get("jeplua_timers_pending{kind=\"interval\"}"))
                .isEqualTo(0.0);
    }

    @Test
    void promtool_accepts_the_metrics() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(promtool), "promtool not installed (apt package prometheus, .ci/run installs it)");
        execute("print('x')");
        String text = metrics(TOKEN).body();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
    }

    @Test
    void the_inspector_lists_a_timer_with_its_site_and_cancels_it_from_the_stream() throws Exception {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = WsMessages.open(http, URI.create(base.replace("http", "ws") + "/ws?token=" + TOKEN), messages);
        try {
            assertThat(messages.poll(10, TimeUnit.SECONDS)).contains("\"hello\"");
            execute("_G.t = setTimeout(function() end, 60000)\n"
                    + "_G.co = coroutine.create(function() coroutine.yield() end); coroutine.resume(_G.co)");
            int id = Integer.parseInt(
                    engine.ask("id", () -> engine.globals().get("t").tojstring())
                            .get(5, TimeUnit.SECONDS));
            ws.sendText("{\"type\":\"inspect\"}", true).get(5, TimeUnit.SECONDS);
            JsonNode sections = next(messages, "inspect").get("sections");
            JsonNode timer = row(sections.get("timers"), Integer.toString(id));
            assertThat(timer).as(sections.toString()).isNotNull();
            assertThat(timer.get("kind").asText()).isEqualTo("timeout");
            assertThat(timer.get("created_at").asText()).isEqualTo("rest:1");
            assertThat(timer.get("due_in_ms").asLong()).isBetween(50_000L, 60_000L);
            assertThat(sections.get("timers").get("closable").asBoolean()).isTrue();
            Set<String> waits = new HashSet<>();
            sections.get("coroutines")
                    .get("rows")
                    .forEach(r -> waits.add(
                            r.get("waiting_for").asText() + "@" + r.get("at").asText()));
            assertThat(waits).contains("yield@rest:2");
            Set<String> sessionKinds = new HashSet<>();
            sections.get("sessions")
                    .get("rows")
                    .forEach(r -> sessionKinds.add(r.get("kind").asText()));
            assertThat(sessionKinds).contains("web");

            ws.sendText("{\"type\":\"inspect_close\",\"section\":\"timers\",\"id\":\"" + id + "\"}", true)
                    .get(5, TimeUnit.SECONDS);
            JsonNode closed = next(messages, "inspect_closed");
            assertThat(closed.get("closed").asBoolean()).isTrue();
            JsonNode after = next(messages, "inspect").get("sections");
            assertThat(row(after.get("timers"), Integer.toString(id))).isNull();
            assertThat(engine.ask("count", () -> engine.loop().timers().timeoutCount())
                            .get(5, TimeUnit.SECONDS))
                    .isZero();
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    private static JsonNode next(LinkedBlockingQueue<String> messages, String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                JsonNode n = Json.MAPPER.readTree(m);
                if (type.equals(n.get("type").asText())) {
                    return n;
                }
            }
        }
        throw new AssertionError("no " + type + " message within 10 s");
    }

    private static JsonNode row(JsonNode section, String id) {
        for (JsonNode r : section.get("rows")) {
            if (id.equals(r.get("id").asText())) {
                return r;
            }
        }
        return null;
    }
}

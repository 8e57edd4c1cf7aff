package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/**
 * Proxy mode against a fake HC3: a real HTTP server on port 0 that checks the Basic auth header
 * and answers a few paths of a "real" home (device 42, global variable Remote, {@code /weather}).
 */
class Hc3ProxyTest {
    private static final String AUTH =
            "Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));

    private HttpServer hc3;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private String url;

    @BeforeEach
    void startFakeHc3() throws IOException {
        hc3 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hc3.createContext("/", this::serve);
        hc3.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hc3.start();
        url = "http://127.0.0.1:" + hc3.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        never.countDown();
        hc3.stop(0);
    }

    private void serve(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = x.getRequestURI().toString();
        seen.add(x.getRequestMethod() + " " + target + (body.isEmpty() ? "" : " " + body));
        if (!AUTH.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 401, "{\"type\":\"ERROR\",\"reason\":\"UNAUTHORIZED\"}");
            return;
        }
        switch (x.getRequestMethod() + " " + target) {
            case "GET /api/devices/42" ->
                send(
                        x,
                        200,
                        "{\"id\":42,\"name\":\"Hall lamp\",\"type\":\"com.fibaro.binarySwitch\",\"roomID\":219,"
                                + "\"properties\":{\"value\":true}}");
            case "GET /api/devices/42/properties/value" -> send(x, 200, "{\"value\":true,\"modified\":1700000000}");
            case "POST /api/devices/42/action/turnOff" -> send(x, 202, "{\"message\":\"Accepted\"}");
            case "GET /api/globalVariables/Remote" ->
                send(x, 200, "{\"name\":\"Remote\",\"value\":\"from HC3\",\"modified\":1700000000}");
            case "GET /api/weather" -> send(x, 200, "{\"Temperature\":3.5,\"WeatherCondition\":\"cloudy\"}");
            case "GET /api/slow" -> {
                try {
                    never.await(); // answers only when the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(x, 200, "{}");
            }
            default -> send(x, 404, "{\"type\":\"ERROR\",\"reason\":\"NOT_FOUND\"}");
        }
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private Hc3Proxy proxy(String password, Duration timeout) {
        return new Hc3Proxy(new Hc3Proxy.Settings(URI.create(url), "admin", password), timeout);
    }

    @Test
    void forwardsWithBasicAuthAndPassesStatusAndBody() {
        Hc3Api.Response r = proxy("secret", Duration.ofSeconds(5)).forward("GET", "/devices/42", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("name").asText()).isEqualTo("Hall lamp");
        Hc3Api.Response a =
                proxy("secret", Duration.ofSeconds(5)).forward("POST", "/devices/42/action/turnOff", "{\"args\":[]}");
        assertThat(a.status()).isEqualTo(202);
        assertThat(seen).containsExactly("GET /api/devices/42", "POST /api/devices/42/action/turnOff {\"args\":[]}");
        Hc3Api.Response missing = proxy("secret", Duration.ofSeconds(5)).forward("GET", "/devices/7", null);
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void wrongPasswordIsA401NamingTheVariables() {
        Hc3Api.Response r = proxy("wrong", Duration.ofSeconds(5)).forward("GET", "/devices/42", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("reason").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(r.body().path("message").asText()).contains("refused user 'admin'", "HC3_PASSWORD");
    }

    @Test
    void connectionRefusedIsA502() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Hc3Proxy p = new Hc3Proxy(
                new Hc3Proxy.Settings(URI.create("http://127.0.0.1:" + port), "admin", "secret"),
                Duration.ofSeconds(5));
        Hc3Api.Response r = p.forward("GET", "/devices", null);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body().path("reason").asText()).isEqualTo("HC3_UNREACHABLE");
        assertThat(r.body().path("message").asText()).contains("not reachable", "connection refused");
    }

    @Test
    void anHc3ThatDoesNotAnswerIsA504AfterTheTimeout() {
        Hc3Api.Response r = proxy("secret", Duration.ofMillis(300)).forward("GET", "/slow", null);
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body().path("reason").asText()).isEqualTo("HC3_TIMEOUT");
        assertThat(r.body().path("message").asText()).contains("within 300 ms");
    }

    @Test
    void settingsComeFromTheEnvironmentThenTheEnvFilesInOrder(@TempDir Path dir) throws IOException {
        Path qaDir = Files.createDirectories(dir.resolve("qa"));
        Files.writeString(
                qaDir.resolve(".env"), "# the QuickApp's own\nexport HC3_USER=qa-user\nHC3_PASSWORD='p w#1'\n");
        Files.writeString(
                dir.resolve(".env"), "HC3_USER=cwd-user\nHC3_PASSWORD=cwd\nHC3_URL=192.168.1.57/api/ # hc3\n");
        List<Path> files = List.of(qaDir.resolve(".env"), dir.resolve(".env"));
        Hc3Proxy.Settings s = Hc3Proxy.Settings.resolve(Map.of(), files);
        assertThat(s.url()).isEqualTo(URI.create("http://192.168.1.57"));
        assertThat(s.user()).isEqualTo("qa-user");
        assertThat(s.password()).isEqualTo("p w#1");
        assertThat(s.toString()).doesNotContain("p w#1");
        Hc3Proxy.Settings env = Hc3Proxy.Settings.resolve(Map.of("HC3_USER", "env-user"), files);
        assertThat(env.user()).isEqualTo("env-user");
        assertThatThrownBy(() -> Hc3Proxy.Settings.resolve(Map.of("HC3_USER", "u"), List.of(dir.resolve("none"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HC3_URL, HC3_PASSWORD");
    }

    private LuaSpecHarness quickApp(Map<String, String> env) {
        FibaroLib lib = new FibaroLib(null, env);
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig(), lib);
        NamedFunction.define(h.engine().globals(), "startQA", a -> {
            String src = a.checkjstring(1);
            LuaValue chunk = h.engine().compile(src.getBytes(StandardCharsets.UTF_8), "@qa.lua");
            return lib.quickAppMain(chunk, src, "qa.lua").invoke(LuaValue.NONE);
        });
        return h;
    }

    @Test
    void aProxiedQuickAppSeesTheRealHomeWhereTheOfflineOneHasNothing() {
        LuaSpecHarness h = quickApp(Map.of("HC3_URL", url, "HC3_USER", "admin", "HC3_PASSWORD", "secret"));
        h.runChunk("""
                startQA('--%%proxy:true\\nfunction QuickApp:onInit() end\\n')
                local d, s = api.get('/devices/42')
                assert(s == 200 and d.name == 'Hall lamp', tostring(s))
                assert(fibaro.getValue(42, 'value') == true)
                assert(fibaro.getGlobalVariable('Remote') == 'from HC3')
                local w, ws = api.get('/weather')
                assert(ws == 200 and w.WeatherCondition == 'cloudy', tostring(ws))
                local own, os = api.get('/devices/5555')
                assert(os == 200 and own.id == 5555)
                local none, ns = api.get('/devices/7')
                assert(ns == 404, tostring(ns))
                fibaro.call(42, 'turnOff')
                """);
        assertThat(seen)
                .containsExactly(
                        "GET /api/devices/42",
                        "GET /api/devices/42/properties/value",
                        "GET /api/globalVariables/Remote",
                        "GET /api/weather",
                        "GET /api/devices/7",
                        "POST /api/devices/42/action/turnOff {\"args\":[]}");
        assertThat(h.takeErrors()).contains("proxy mode", url, "admin").doesNotContain("secret");
    }

    @Test
    void theRestRouteForwardsOffTheEngineThread() throws Exception {
        FibaroLib lib = new FibaroLib(null, Map.of("HC3_URL", url, "HC3_USER", "admin", "HC3_PASSWORD", "secret"));
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig(), lib);
        NamedFunction.define(h.engine().globals(), "startQA", a -> {
            String src = a.checkjstring(1);
            LuaValue chunk = h.engine().compile(src.getBytes(StandardCharsets.UTF_8), "@qa.lua");
            return lib.quickAppMain(chunk, src, "qa.lua").invoke(LuaValue.NONE);
        });
        h.runChunk("startQA('--%%proxy:true\\nfunction QuickApp:onInit() end\\n')");
        var future = lib.request("GET", "/devices/42", null);
        h.engine().runUntilIdle(); // the local step on the engine thread; the HC3 is asked after it
        Hc3Api.Response r = future.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("name").asText()).isEqualTo("Hall lamp");
        var local = lib.request("GET", "/devices/5555", null);
        h.engine().runUntilIdle();
        assertThat(local.get(10, java.util.concurrent.TimeUnit.SECONDS).status())
                .isEqualTo(200);
        assertThat(seen).containsExactly("GET /api/devices/42");
    }

    @Test
    void proxyModeWithoutSettingsStopsTheRunNamingThem() {
        LuaSpecHarness h = quickApp(Map.of());
        h.runChunk("""
                local ok, err = pcall(startQA, '--%%proxy:true\\nfunction QuickApp:onInit() end\\n')
                assert(not ok and tostring(err):find('proxy mode needs HC3_URL, HC3_USER, HC3_PASSWORD'), tostring(err))
                """);
    }

    @Test
    void withoutProxyModeNothingIsForwarded() {
        LuaSpecHarness h = quickApp(Map.of("HC3_URL", url, "HC3_USER", "admin", "HC3_PASSWORD", "secret"));
        h.runChunk("""
                startQA('function QuickApp:onInit() end\\n')
                local _, s = api.get('/devices/42')
                assert(s == 404, tostring(s))
                local _, w = api.get('/weather')
                assert(w == 501, tostring(w))
                """);
        assertThat(seen).isEmpty();
    }
}

package dev.jeplua.net;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import dev.jeplua.engine.json.JsonLib;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.session.ExecutionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * HTTP client of the {@code net} library: plain {@code http://} on Netty's HTTP/1.1 codec on the
 * net event loop ({@link LoopHttpClient}: keep-alive connection pool, redirects, timeouts as
 * below), {@code https://} on the JDK {@link HttpClient} (HTTP/1.1, HTTP/2 over TLS via ALPN,
 * keep-alive connection pool, normal redirects). API of the Fibaro HC3 / EPLua:
 * <pre>
 * local c = net.HTTPClient([{timeout=ms, checkCertificate=bool}])
 * c:request(url, {options={method="GET", headers={...}, data=string|table, timeout=ms,
 *                          checkCertificate=true},
 *                 success=function(resp) end, error=function(err) end})
 * resp = {status=int, data=string, headers=table, url=final url}
 * local resp, err = net.http(url [, options])       -- inside any coroutine: yields, no callbacks
 * </pre>
 * Timeouts are in ms (default 30000) and cover connecting and waiting for the response headers.
 * HTTP 4xx/5xx go to {@code success}. {@code err} is {@code "timeout"}, {@code "connection refused"},
 * {@code "dns failure: cannot resolve <host>"}, {@code "tls failure: <detail>"} or another message.
 * A table as {@code data} is sent as JSON (with {@code Content-Type: application/json} unless set).
 * Headers the client manages itself ({@code Host}, {@code Connection}, {@code Content-Length},
 * {@code Expect}, {@code Upgrade}) are ignored. Plain {@code http://} uses HTTP/1.1 (no h2c upgrade).
 * Callbacks run on the engine thread; an error they raise is reported as
 * {@code error in http callback}. A pending request keeps the process alive.
 */
public final class HttpClientBackend {
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final NetRuntime rt;
    private final CoroutineScheduler scheduler;
    /** The client of plain {@code http://} URLs. */
    private final LoopHttpClient plain;

    /** @param rt the shared net runtime */
    public HttpClientBackend(NetRuntime rt) {
        this.rt = rt;
        this.scheduler = rt.engine().scheduler();
        this.plain = new LoopHttpClient(rt, this::sendJdk);
    }

    /** A parsed request: everything read from Lua before leaving the engine thread. */
    record Request(
            URI uri,
            String method,
            Map<String, List<String>> headers,
            byte[] body,
            long timeoutMs,
            boolean checkCertificate) {}

    /** The outcome delivered back: either a response or an error message. */
    record Outcome(int status, byte[] body, Map<String, List<String>> headers, String url, String error) {}

    /** {@code net.HTTPClient([{timeout=ms, checkCertificate=bool}])} → client handle. Engine thread. */
    public LuaValue newClient(Varargs a) {
        LuaTable defaults = LuaObjects.optTable(a, 1, "HTTPClient");
        long defTimeout = LuaObjects.millis(defaults, "timeout", NetRuntime.DEFAULT_TIMEOUT_MS, "net.HTTPClient");
        boolean defCheck = LuaObjects.bool(defaults, "checkCertificate", true);
        LuaTable client = LuaObjects.handle("HTTPClient");
        LuaObjects.method(client, "HTTPClient", "request", args -> {
            String fname = "HTTPClient:request";
            String url = args.arg1().isstring() ? args.arg1().tojstring() : null;
            if (url == null) {
                throw LuaArgs.argError(
                        1, fname, "string expected, got " + args.arg1().typename());
            }
            LuaTable spec = LuaObjects.optTable(args, 2, fname);
            LuaValue opts = spec.get("options");
            Request req = parse(url, opts.istable() ? (LuaTable) opts : new LuaTable(), defTimeout, defCheck, fname);
            LuaValue success = LuaObjects.callback(spec, "success");
            LuaValue error = LuaObjects.callback(spec, "error");
            ExecutionContext ctx = scheduler.running().context().forCallbacks();
            send(
                    req,
                    (out, ka) -> rt.dispatch("http", ctx, ka, () -> {
                        if (out.error() == null) {
                            if (success != null) {
                                success.call(response(out));
                            }
                        } else if (error != null) {
                            error.call(LuaValue.valueOf(out.error()));
                        }
                    }));
            return LuaValue.NONE;
        });
        return client;
    }

    /**
     * {@code net.http(url [, options])} → {@code resp} or {@code nil, err}; yields the running
     * coroutine until the response arrives. Engine thread, inside a coroutine.
     */
    public Varargs http(Varargs a) {
        String fname = "net.http";
        String url = a.arg1().isstring() ? a.arg1().tojstring() : null;
        if (url == null) {
            throw LuaArgs.argError(
                    1,
                    fname,
                    "string expected, got "
                            + (a.narg() < 1 ? "no value" : a.arg1().typename()));
        }
        if (!scheduler.isYieldable()) {
            throw new LuaError("net.http: not inside a coroutine");
        }
        Request req = parse(url, LuaObjects.optTable(a, 2, fname), NetRuntime.DEFAULT_TIMEOUT_MS, true, fname);
        Coroutine co = scheduler.running();
        send(
                req,
                (out, ka) -> rt.dispatch(
                        "http",
                        ExecutionContext.NONE,
                        ka,
                        () -> scheduler.resumeFromEngine(
                                co,
                                out.error() == null
                                        ? response(out)
                                        : LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(out.error())))));
        return scheduler.yield(LuaValue.NONE);
    }

    Request parse(String url, LuaTable o, long defTimeout, boolean defCheck, String fname) {
        URI uri = LuaObjects.uri(url, fname, "http", "https");
        if (uri.getHost() == null) {
            throw new LuaError(fname + ": invalid URL '" + url + "' (no host)");
        }
        String method = LuaObjects.string(o, "method", "GET", fname).toUpperCase(Locale.ROOT);
        Map<String, List<String>> headers = LuaObjects.headers(o.get("headers"), fname);
        LuaValue data = o.get("data");
        byte[] body = null;
        if (data.istable()) {
            body = JsonLib.encode(data, 0, true).tojstring().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type"))) {
                headers.put("Content-Type", List.of("application/json"));
            }
        } else if (data.isstring()) {
            body = LuaObjects.bytes(data);
        } else if (!data.isnil()) {
            throw new LuaError(fname + ": option 'data' must be a string or a table (got " + data.typename() + ")");
        }
        long timeout = LuaObjects.millis(o, "timeout", defTimeout, fname);
        boolean check = LuaObjects.bool(o, "checkCertificate", defCheck);
        return new Request(uri, method, headers, body, timeout, check);
    }

    /**
     * Starts the request; {@code whenDone} gets the outcome and the keep-alive handle to release
     * (on the net event loop or an HttpClient thread, or at once on the caller's thread when the
     * request cannot start). Plain {@code http://} goes to the Netty client on the net event loop
     * ({@link LoopHttpClient}), {@code https://} to the JDK client.
     */
    void send(Request r, BiConsumer<Outcome, KeepAlive> whenDone) {
        KeepAlive ka = rt.keepAlive();
        Consumer<Outcome> done = out -> whenDone.accept(out, ka);
        if ("http".equalsIgnoreCase(r.uri().getScheme())) {
            plain.send(r, done);
        } else {
            sendJdk(r, done);
        }
    }

    /** Whether the script may not set header {@code name} (the client sets it). */
    static boolean restricted(String name) {
        return RESTRICTED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Sends {@code r} with the JDK HttpClient; {@code done} gets the outcome. Any thread. */
    private void sendJdk(Request r, Consumer<Outcome> done) {
        HttpRequest request;
        HttpClient client;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(r.uri());
            if (r.timeoutMs() > 0) {
                b.timeout(Duration.ofMillis(r.timeoutMs()));
            }
            if ("http".equalsIgnoreCase(r.uri().getScheme())) {
                b.version(HttpClient.Version.HTTP_1_1);
            }
            for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                if (restricted(h.getKey())) {
                    continue;
                }
                for (String v : h.getValue()) {
                    b.header(h.getKey(), v);
                }
            }
            b.method(
                    r.method(),
                    r.body() == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
            request = b.build();
            client = rt.httpClient(r.checkCertificate());
        } catch (IllegalArgumentException | IllegalStateException e) {
            done.accept(new Outcome(
                    0, null, null, null, NetRuntime.describe(e, r.uri().getHost())));
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, failure) -> {
            if (failure != null) {
                done.accept(new Outcome(
                        0,
                        null,
                        null,
                        null,
                        NetRuntime.describe(failure, r.uri().getHost())));
            } else {
                done.accept(new Outcome(
                        resp.statusCode(),
                        resp.body(),
                        resp.headers().map(),
                        resp.uri().toString(),
                        null));
            }
        });
    }

    /** The Lua response table {@code {status, data, headers, url}}. Engine thread. */
    private static LuaTable response(Outcome out) {
        LuaTable t = new LuaTable();
        t.set("status", out.status());
        t.set("data", LuaValue.valueOf(out.body() == null ? new byte[0] : out.body()));
        t.set("headers", LuaObjects.headerTable(out.headers()));
        t.set("url", out.url());
        return t;
    }
}

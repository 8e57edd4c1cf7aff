package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.json.JsonLib;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code _PY.call_http(url, opts, callback)}: EPLua's asynchronous HTTP primitive (the one its
 * {@code net.HTTPClient} is built on), on the same HTTP clients as {@link HttpClientBackend}.
 * <pre>
 * _PY.call_http(url, {method="GET", headers={...}, data="body"}, callbackId | fn)  → nil
 * callback(nil, response) | callback(message, nil)
 * response = {status, status_text, headers, text, json = decoded body (JSON responses only),
 *             url = final URL after redirects, ok = 200 &lt;= status &lt; 300}
 * </pre>
 * <ul>
 *   <li>{@code method} is upper-cased (default GET); {@code data} (a string, or a table sent as
 *       JSON) is sent with any method; {@code headers} as for {@code net.HTTPClient}.
 *   <li>As in EPLua, the timeout is always 30 s ({@code opts.timeout} is ignored) and a 4xx/5xx
 *       status is a response, not an error. A timeout gives the message
 *       {@code Request to <url> timed out after 30 seconds}; other failures give the messages of
 *       the {@code net} library ({@code connection refused}, {@code dns failure: cannot resolve
 *       <host>}, {@code tls failure: ...}), and so does an invalid URL, delivered to the callback.
 *   <li>{@code status_text} is the standard reason phrase of the status code (the JDK client
 *       does not expose the server's). {@code json} is present when the {@code Content-Type}
 *       names JSON and the body decodes; {@code headers} has lower-case names and looks names up
 *       case-insensitively.
 *   <li>The callback is EPLua's: a number from {@code _PY.registerCallback(fn)}, delivered by
 *       calling {@code _PY.timerExpired(id, err, response)} (EPLua's dispatcher, which calls
 *       {@code fn(err, response)}); or, as a JEPLua extension, the function itself. It runs on
 *       the engine thread inside a coroutine; an error it raises is reported as
 *       {@code error in http callback}. The request keeps the process alive until the callback
 *       has been queued.
 * </ul>
 */
public final class CallHttp {
    /** EPLua's fixed timeout, ms. */
    static final long TIMEOUT_MS = 30_000;

    private final HttpClientBackend http;
    private final EngineContext engine;
    private final NetRuntime rt;

    /**
     * @param rt   the shared net runtime
     * @param http the HTTP client backend whose connection pool the requests use
     */
    public CallHttp(NetRuntime rt, HttpClientBackend http) {
        this.rt = rt;
        this.engine = rt.engine();
        this.http = http;
    }

    /**
     * The Lua function {@code call_http(url, opts, callback)}; returns nothing at once. Engine
     * thread.
     *
     * @throws LuaError for a url that is not a string, opts that are not a table, or a callback
     *     that is neither a number nor a function
     */
    public Varargs call(Varargs a) {
        String fname = "call_http";
        if (!a.arg1().isstring()) {
            throw LuaArgs.argError(1, fname, "string expected, got " + typeName(a, 1));
        }
        String url = a.arg1().tojstring();
        LuaTable opts = LuaObjects.optTable(a, 2, fname);
        LuaValue callback = a.arg(3);
        if (!callback.isnumber() && !callback.isfunction()) {
            throw LuaArgs.argError(3, fname, "callback id or function expected, got " + typeName(a, 3));
        }
        ExecutionContext ctx = engine.scheduler().running().context().forCallbacks();
        // EPLua reads only method, headers and data; its timeout is fixed
        LuaTable used = new LuaTable();
        used.set("method", opts.get("method"));
        used.set("headers", opts.get("headers"));
        used.set("data", opts.get("data"));
        HttpClientBackend.Request req;
        try {
            req = http.parse(url, used, TIMEOUT_MS, true, fname);
        } catch (LuaError e) {
            String msg = e.getMessageObject() == null
                    ? String.valueOf(e.getMessage())
                    : e.getMessageObject().tojstring();
            rt.dispatch("http", ctx, rt.keepAlive(), () -> deliver(callback, LuaValue.valueOf(msg), LuaValue.NIL));
            return LuaValue.NONE;
        }
        http.send(
                req,
                (out, ka) -> rt.dispatch("http", ctx, ka, () -> {
                    if (out.error() == null) {
                        deliver(callback, LuaValue.NIL, response(out));
                    } else {
                        String msg = out.error().equals("timeout")
                                ? "Request to " + url + " timed out after " + TIMEOUT_MS / 1000 + " seconds"
                                : out.error();
                        deliver(callback, LuaValue.valueOf(msg), LuaValue.NIL);
                    }
                }));
        return LuaValue.NONE;
    }

    /** Calls the script's callback with {@code (err, response)}. Engine thread, inside a coroutine. */
    private void deliver(LuaValue callback, LuaValue err, LuaValue response) {
        if (callback.isfunction()) {
            callback.call(err, response);
            return;
        }
        LuaValue dispatcher = engine.hostTable().rawget("timerExpired"); // raw: _PY may raise for unknown names
        if (!dispatcher.isfunction()) {
            throw new LuaError("call_http: cannot deliver the response to callback id " + callback.tojstring()
                    + ": _PY.timerExpired is not defined (pass a function as the callback instead)");
        }
        dispatcher.invoke(LuaValue.varargsOf(callback, err, response));
    }

    /** The EPLua response table. Engine thread. */
    static LuaTable response(HttpClientBackend.Outcome out) {
        byte[] body = out.body() == null ? new byte[0] : out.body();
        LuaTable t = new LuaTable();
        t.set("status", out.status());
        t.set("status_text", HttpResponseStatus.valueOf(out.status()).reasonPhrase());
        t.set("headers", LuaObjects.headerTable(out.headers()));
        t.set("text", LuaValue.valueOf(body));
        if (isJson(out.headers())) {
            LuaValue decoded = JsonLib.decode(LuaValue.valueOf(body)).arg1();
            if (!decoded.isnil()) {
                t.set("json", decoded);
            }
        }
        t.set("url", out.url());
        t.set("ok", LuaValue.valueOf(out.status() >= 200 && out.status() < 300));
        return t;
    }

    private static boolean isJson(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase("content-type")) {
                for (String v : e.getValue()) {
                    String type = v.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
                    if (type.equals("application/json") || type.endsWith("+json")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String typeName(Varargs a, int i) {
        return a.narg() < i ? "no value" : a.arg(i).typename();
    }
}

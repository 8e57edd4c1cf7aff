package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.FALSE;
import static org.luaj.vm2.LuaValue.NIL;
import static org.luaj.vm2.LuaValue.TRUE;
import static org.luaj.vm2.LuaValue.valueOf;
import static org.luaj.vm2.LuaValue.varargsOf;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.io.IOException;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Adds the second REST listener's functions to the host bridge table {@code _PY}, with EPLua's
 * names and result shapes (README.md#_py-host-bridge-alias-jeplua, docs/eplua-bridge.md). The
 * listener itself lives in the web module behind {@link WebServerControl}; this class only
 * converts arguments and results.
 * <pre>
 * _PY.start_web_server([host="127.0.0.1" [, port=8000 [, callback]]]) -> {success, message, server_info}
 *     binds a listener with the same REST API, web page and output stream as the one the
 *     command line starts; port 0 picks a free port. While it runs it keeps the process alive.
 *       started:          {success=true, message="Server started on http://H:P", server_info}
 *       already running:  {success=false, message="Server is already running", server_info}
 *       cannot bind etc.: {success=false, message="Failed to start server: <reason>", server_info}
 *     server_info is get_web_server_status()'s table. With a callback (an id from
 *     _PY.registerCallback, or a function) the function returns nil and the callback gets
 *     (nil, result) in a later event-loop batch, as EPLua's callback form.
 * _PY.stop_web_server([callback]) -> {success, message}
 *     {success=true, message="Server stopped"} (the listener is closed, its connections too)
 *     or {success=false, message="Server is not running"}; a callback as above
 * _PY.get_web_server_status() -> {running, host, port, uptime, url}
 *     uptime in seconds (float); url "http://host:port" (no trailing slash). When no listener
 *     runs: {running=false, host="127.0.0.1", port=8000, uptime=0} (EPLua's defaults, no url)
 * </pre>
 * EPLua reports {@code success=true} whatever happened when called without a callback and never
 * really stops its server; JEPLua reports what happened and stops it. Raises
 * {@code start_web_server: the web module is not available} when the engine runs without the
 * web module (no {@link WebServerControl} bound); a port outside 0..65535 raises
 * {@code bad argument #2 to 'start_web_server' (port must be an integer from 0 to 65535)}.
 * Runs on the engine thread. Loaded after {@code PyBridgeLib}; creates {@code _PY} itself if
 * that table is missing.
 */
public final class WebControlLib implements Library, LibraryFunction.Body {
    /** EPLua's default host. */
    static final String DEFAULT_HOST = "127.0.0.1";
    /** EPLua's default port. */
    static final int DEFAULT_PORT = 8000;

    private volatile WebServerControl control;
    private CallbackRegistry callbacks;

    /** A library whose functions raise "the web module is not available" until {@link #bind} is called. */
    public WebControlLib() {}

    /**
     * Sets the listener control the functions call (the web module's implementation, which
     * needs the built engine, hence after {@link #install}). Any thread.
     */
    public void bind(WebServerControl control) {
        this.control = control;
    }

    @Override
    public void install(EngineContext engine, Globals globals) {
        callbacks = CallbackRegistry.of(engine);
        LuaTable py = engine.hostTable();
        LibraryFunction.define(py, "start_web_server", FN_START_WEB_SERVER, this);
        LibraryFunction.define(py, "stop_web_server", FN_STOP_WEB_SERVER, this);
        LibraryFunction.define(py, "get_web_server_status", FN_GET_WEB_SERVER_STATUS, this);
    }

    private Varargs start(Varargs a) {
        String host = LuaArgs.optString(a, 1, "start_web_server", DEFAULT_HOST);
        double port = LuaArgs.optNumber(a, 2, "start_web_server", DEFAULT_PORT);
        if (port < 0 || port > 65535 || port != Math.floor(port)) {
            throw LuaArgs.argError(2, "start_web_server", "port must be an integer from 0 to 65535");
        }
        LuaValue callback = checkCallback(a, 3, "start_web_server");
        WebServerControl control = control("start_web_server");
        LuaTable result = new LuaTable();
        if (Boolean.TRUE.equals(control.status().get("running"))) {
            result(result, false, "Server is already running");
        } else {
            try {
                control.start(host, (int) port);
                LuaTable info = status(control.status());
                result(result, true, "Server started on " + info.get("url").tojstring());
            } catch (IOException | IllegalStateException e) {
                result(result, false, "Failed to start server: " + e.getMessage());
            }
        }
        result.rawset("server_info", status(control.status()));
        return answer(result, callback, "start_web_server");
    }

    private Varargs stop(Varargs a) {
        LuaValue callback = checkCallback(a, 1, "stop_web_server");
        boolean stopped = control("stop_web_server").stop();
        LuaTable result = new LuaTable();
        result(result, stopped, stopped ? "Server stopped" : "Server is not running");
        return answer(result, callback, "stop_web_server");
    }

    private static void result(LuaTable t, boolean success, String message) {
        t.rawset("success", success ? TRUE : FALSE);
        t.rawset("message", message);
    }

    private static LuaValue checkCallback(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isnil() && !v.isfunction() && !v.isnumber()) {
            throw LuaArgs.argError(
                    i, fname, "callback id or function expected, got " + (a.narg() < i ? "no value" : v.typename()));
        }
        return v;
    }

    /** The result itself, or (callback form) nil now and {@code callback(nil, result)} later. */
    private Varargs answer(LuaTable result, LuaValue callback, String kind) {
        if (callback.isnil()) {
            return result;
        }
        int id = callback.isfunction() ? callbacks.register(callback, false, false) : callback.toint();
        callbacks.dispatch(id, kind, () -> varargsOf(NIL, result));
        return NIL;
    }

    private WebServerControl control(String fname) {
        WebServerControl control = this.control;
        if (control == null) {
            throw new LuaError(fname + ": the web module is not available");
        }
        return control;
    }

    /** EPLua's server_info from {@link WebServerControl#status()}, with its defaults when nothing runs. */
    private static LuaTable status(Map<String, Object> map) {
        LuaTable t = new LuaTable();
        boolean running = Boolean.TRUE.equals(map.get("running"));
        t.rawset("running", valueOf(running));
        t.rawset("uptime", valueOf(0));
        if (!running) {
            t.rawset("host", DEFAULT_HOST);
            t.rawset("port", valueOf(DEFAULT_PORT));
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            LuaValue lv;
            if (v instanceof Boolean b) {
                lv = valueOf(b);
            } else if (v instanceof Integer || v instanceof Long) {
                lv = LuaInteger.valueOf(((Number) v).longValue());
            } else if (v instanceof Number n) {
                lv = valueOf(n.doubleValue());
            } else {
                lv = v == null ? NIL : valueOf(v.toString());
            }
            t.rawset(e.getKey(), lv);
        }
        return t;
    }

    // function numbers of this _PY.web's LibraryFunction.Body
    private static final int FN_START_WEB_SERVER = 0;
    private static final int FN_STOP_WEB_SERVER = 1;
    private static final int FN_GET_WEB_SERVER_STATUS = 2;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_START_WEB_SERVER -> start(a);
            case FN_STOP_WEB_SERVER -> stop(a);
            case FN_GET_WEB_SERVER_STATUS ->
                status(control("get_web_server_status").status());
            default -> throw new IllegalArgumentException("_PY.web: no function " + index);
        };
    }
}

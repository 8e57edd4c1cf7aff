package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.NIL;
import static org.luaj.vm2.LuaValue.valueOf;
import static org.luaj.vm2.LuaValue.varargsOf;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import java.io.IOException;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Adds the second REST listener's functions to the host bridge table {@code _PY} (README.md#_py-host-bridge-alias-jeplua,
 * names from EPLua). The listener itself lives in the web module behind
 * {@link WebServerControl}; this class only converts arguments and results.
 * <pre>
 * _PY.start_web_server([host="127.0.0.1" [, port=0]]) -> port | nil, message
 *     binds a listener with the same REST API, web page and output stream as the one the
 *     command line starts; port 0 picks a free port; the returned port is the bound one.
 *     Failure to bind (port in use, unknown host) or a listener already running gives
 *     nil plus a message. While it runs it keeps the process alive.
 * _PY.stop_web_server() -> true if a listener was running and is now closed, else false
 * _PY.get_web_server_status() -> {running=bool, host=string, port=int, url=string}
 *     (host, port and url only while running)
 * </pre>
 * Raises {@code start_web_server: the web module is not available} when the engine runs
 * without the web module (no {@link WebServerControl} bound).
 * Runs on the engine thread. Loaded after {@code PyBridgeLib}; creates {@code _PY} itself if
 * that table is missing.
 */
public final class WebControlLib implements Library {
    private volatile WebServerControl control;

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
        LuaTable py = engine.hostTable();
        py.rawset("start_web_server", new NamedFunction("start_web_server", this::start));
        py.rawset(
                "stop_web_server",
                new NamedFunction(
                        "stop_web_server",
                        a -> valueOf(control("stop_web_server").stop())));
        py.rawset(
                "get_web_server_status",
                new NamedFunction(
                        "get_web_server_status",
                        a -> toTable(control("get_web_server_status").status())));
    }

    private Varargs start(Varargs a) {
        String host = LuaArgs.optString(a, 1, "start_web_server", "127.0.0.1");
        double port = LuaArgs.optNumber(a, 2, "start_web_server", 0);
        if (port < 0 || port > 65535 || port != Math.floor(port)) {
            throw LuaArgs.argError(2, "start_web_server", "port must be an integer from 0 to 65535");
        }
        WebServerControl control = control("start_web_server");
        try {
            return valueOf(control.start(host, (int) port));
        } catch (IOException | IllegalStateException e) {
            return varargsOf(NIL, valueOf("start_web_server: " + e.getMessage()));
        }
    }

    private WebServerControl control(String fname) {
        WebServerControl control = this.control;
        if (control == null) {
            throw new LuaError(fname + ": the web module is not available");
        }
        return control;
    }

    private static LuaTable toTable(Map<String, Object> map) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            LuaValue lv;
            if (v instanceof Boolean b) {
                lv = valueOf(b);
            } else if (v instanceof Number n) {
                lv = valueOf(n.doubleValue());
            } else {
                lv = v == null ? NIL : valueOf(v.toString());
            }
            t.rawset(e.getKey(), lv);
        }
        return t;
    }
}

package dev.jeplua.engine.bridge;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.util.Base64;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The host bridge table {@code _PY} (alias {@code jeplua}), named for EPLua/plua script
 * compatibility (README.md#_py-host-bridge-alias-jeplua, docs/eplua-bridge.md). This class
 * creates the table and installs the parts that need no network, GUI or web server; the GUI
 * and web libraries add their functions to the same table.
 * <pre>
 * _PY.config                          table: {@link PyConfig}
 * _PY.setTimeout/setInterval/clearTimeout/clearInterval/setImmediate/clearImmediate/sleep
 * _PY.get_time() -> epoch seconds (float)      _PY.milli_time() -> epoch milliseconds (integer)
 * _PY.base64_encode(s) -> s                    _PY.base64_decode(s) -> s | nil, msg
 * _PY.getenv(name [, default]) -> s | default
 * _PY.to_json(v) -> s                          _PY.parse_json(s) -> v | nil, msg
 * _PY.memory() -> {heap_used=bytes, heap_max=bytes, lua_kb=KiB}
 * _PY.isRunning -> nil; a script may set it to a function (EPLua's hook)
 * files            file_exists, read_file, write_file, list_directory, dotgetenv ({@link PyFiles})
 * platform         get_platform, get_system_info ({@link PlatformInfo})
 * helpers          print, math_add, random_number, mobdebug ({@link PyHelpers})
 * callbacks        registerCallback, clearRegisteredCallback, timerExpired,
 *                  getPendingCallbackCount, getRunningIntervalsCount ({@link CallbackRegistry})
 * event queue      init_event_queue, add_event, get_events, get_event_count, clear_events ({@link EventQueue})
 * polling          start_refresh_states_polling, stop_refresh_states_polling ({@link RefreshStatesPoller})
 * view updates     broadcast_view_update ({@link ViewUpdates})
 * </pre>
 * Unknown names are nil, so {@code if _PY.x then} tests whether a function exists; calling
 * one raises {@code attempt to call a nil value (field 'x'): _PY.x is not provided by JEPLua}
 * (worded by the engine's error messages). Engine thread.
 */
public final class PyBridgeLib extends TwoArgFunction implements LibraryFunction.Body {
    private final EngineContext engine;
    private LuaValue env = NIL; // set by call (the install): get_system_info reads its _VERSION

    /** @param engine the engine whose configuration {@code _PY.config} reflects */
    public PyBridgeLib(EngineContext engine) {
        this.engine = engine;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        this.env = env;
        LuaTable py = hostTable(env);
        py.rawset("config", PyConfig.create(engine.config()));
        for (String timer : List.of(
                "setTimeout",
                "setInterval",
                "clearTimeout",
                "clearInterval",
                "setImmediate",
                "clearImmediate",
                "sleep")) {
            py.rawset(timer, env.get(timer));
        }
        LibraryFunction.define(py, "get_time", FN_GET_TIME, this);
        LibraryFunction.define(py, "milli_time", FN_MILLI_TIME, this);
        LibraryFunction.define(py, "base64_encode", FN_BASE64_ENCODE, this);
        LibraryFunction.define(py, "base64_decode", FN_BASE64_DECODE, this);
        LibraryFunction.define(py, "getenv", FN_GETENV, this);
        LuaValue json = env.get("json");
        if (json.istable()) {
            py.rawset("to_json", json.get("encode"));
            py.rawset("parse_json", json.get("decode"));
        }
        LibraryFunction.define(py, "memory", FN_MEMORY, this);
        PyFiles.install(py);
        LibraryFunction.define(py, "get_platform", FN_GET_PLATFORM, this);
        LibraryFunction.define(py, "get_system_info", FN_GET_SYSTEM_INFO, this);
        new PyHelpers(engine.output()).install(py, env);
        CallbackRegistry.of(engine).install(py);
        new EventQueue().install(py);
        new RefreshStatesPoller(engine).install(py);
        ViewUpdates.of(engine).install(py);
        return py;
    }

    /**
     * The {@code _PY} table of {@code env}, created (with its {@code jeplua} alias) when absent;
     * for the libraries that add their functions to it (GUI, web server control).
     */
    public static LuaTable hostTable(LuaValue env) {
        LuaValue existing = env.rawget("_PY");
        if (existing.istable()) {
            return (LuaTable) existing;
        }
        LuaTable py = new LuaTable();
        env.rawset("_PY", py);
        env.rawset("jeplua", py);
        return py;
    }

    /** {@code {heap_used, heap_max, lua_kb}}: JVM heap in use and maximum (bytes), and the same use in KiB. */
    static LuaTable memory() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        LuaTable t = new LuaTable();
        t.set("heap_used", org.luaj.vm2.Lua54Numbers.integer(used));
        t.set("heap_max", org.luaj.vm2.Lua54Numbers.integer(rt.maxMemory()));
        t.set("lua_kb", valueOf(used / 1024.0));
        return t;
    }

    // function numbers of this _PY's LibraryFunction.Body
    private static final int FN_GET_TIME = 0;
    private static final int FN_MILLI_TIME = 1;
    private static final int FN_BASE64_ENCODE = 2;
    private static final int FN_BASE64_DECODE = 3;
    private static final int FN_GETENV = 4;
    private static final int FN_MEMORY = 5;
    private static final int FN_GET_PLATFORM = 6;
    private static final int FN_GET_SYSTEM_INFO = 7;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_GET_TIME -> valueOf(System.currentTimeMillis() / 1000.0);
            case FN_MILLI_TIME -> org.luaj.vm2.Lua54Numbers.integer(System.currentTimeMillis());
            case FN_BASE64_ENCODE -> valueOf(Base64.getEncoder().encodeToString(PyFiles.bytes(a.checkstring(1))));
            case FN_BASE64_DECODE -> luaBase64Decode(a);
            case FN_GETENV -> luaGetenv(a);
            case FN_MEMORY -> memory();
            case FN_GET_PLATFORM -> PlatformInfo.platform();
            case FN_GET_SYSTEM_INFO -> PlatformInfo.systemInfo(env.get("_VERSION"));
            default -> throw new IllegalArgumentException("_PY: no function " + index);
        };
    }

    private Varargs luaBase64Decode(Varargs a) {
        try {
            return valueOf(Base64.getMimeDecoder().decode(PyFiles.bytes(a.checkstring(1))));
        } catch (IllegalArgumentException e) {
            return varargsOf(NIL, valueOf("base64_decode: " + e.getMessage()));
        }
    }

    private Varargs luaGetenv(Varargs a) {
        String v = System.getenv(LuaArgs.string(a, 1, "getenv"));
        return v != null ? valueOf(v) : a.arg(2);
    }
}

package dev.jeplua.engine.bridge;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.api.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The host bridge table {@code _PY} (alias {@code jeplua}), named for EPLua/plua script
 * compatibility (README.md#_py-host-bridge-alias-jeplua). This class installs the parts that need no network, GUI or web
 * server; the GUI and web libraries add their functions to the same table.
 * <pre>
 * _PY.config                          table: platform, isLinux/isMacOS/isWindows, fileSeparator,
 *                                     pathSeparator, luaLibPath, api_enabled, api_host, api_port,
 *                                     telnet_port, runFor, loglevel, version, headless
 * _PY.setTimeout/setInterval/clearTimeout/clearInterval/setImmediate/clearImmediate/sleep
 * _PY.get_time() -> epoch seconds (float)      _PY.milli_time() -> epoch milliseconds (integer)
 * _PY.base64_encode(s) -> s                    _PY.base64_decode(s) -> s | nil, msg
 * _PY.file_exists(path) -> bool                _PY.read_file(path) -> s | nil, msg
 * _PY.write_file(path, s) -> true | nil, msg   _PY.list_directory(path) -> {names} | nil, msg
 * _PY.getenv(name [, default]) -> s | default  _PY.dotgetenv(name [, default]): environment,
 *                                              then ./.env, then ~/.env (KEY=VALUE lines)
 * _PY.to_json(v) -> s                          _PY.parse_json(s) -> v | nil, msg
 * _PY.get_system_info() -> {os, arch, java_version, cpus, pid, cwd, hostname, jeplua_version}
 * _PY.memory() -> {heap_used=bytes, heap_max=bytes, lua_kb=KiB}
 * _PY.isRunning -> nil; a script may set it to a function (EPLua's hook)
 * </pre>
 * Unknown names are nil. File functions take paths relative to the process directory and
 * return {@code nil, message} on failure instead of raising.
 */
public final class PyBridgeLib extends TwoArgFunction {
    private final EngineContext engine;

    /** @param engine the engine whose configuration {@code _PY.config} reflects */
    public PyBridgeLib(EngineContext engine) {
        this.engine = engine;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable py = new LuaTable();
        py.set("config", config(env));
        for (String timer : List.of(
                "setTimeout",
                "setInterval",
                "clearTimeout",
                "clearInterval",
                "setImmediate",
                "clearImmediate",
                "sleep")) {
            py.set(timer, env.get(timer));
        }
        NamedFunction.define(py, "get_time", a -> valueOf(System.currentTimeMillis() / 1000.0));
        NamedFunction.define(py, "milli_time", a -> valueOf((double) System.currentTimeMillis()));
        py.set(
                "base64_encode",
                new NamedFunction(
                        "base64_encode", a -> valueOf(Base64.getEncoder().encodeToString(bytes(a.checkstring(1))))));
        NamedFunction.define(py, "base64_decode", a -> {
            try {
                return valueOf(Base64.getMimeDecoder().decode(bytes(a.checkstring(1))));
            } catch (IllegalArgumentException e) {
                return varargsOf(NIL, valueOf("base64_decode: " + e.getMessage()));
            }
        });
        NamedFunction.define(
                py, "file_exists", a -> valueOf(Files.exists(Path.of(LuaArgs.string(a, 1, "file_exists")))));
        NamedFunction.define(py, "read_file", a -> {
            String p = LuaArgs.string(a, 1, "read_file");
            try {
                return valueOf(Files.readAllBytes(Path.of(p)));
            } catch (IOException | RuntimeException e) {
                return varargsOf(NIL, valueOf(ioMessage(p, e)));
            }
        });
        NamedFunction.define(py, "write_file", a -> {
            String p = LuaArgs.string(a, 1, "write_file");
            LuaString data = a.checkstring(2);
            try {
                Files.write(Path.of(p), bytes(data));
                return TRUE;
            } catch (IOException | RuntimeException e) {
                return varargsOf(NIL, valueOf(ioMessage(p, e)));
            }
        });
        NamedFunction.define(py, "list_directory", a -> {
            String p = LuaArgs.optString(a, 1, "list_directory", ".");
            try (Stream<Path> s = Files.list(Path.of(p))) {
                LuaTable t = new LuaTable();
                s.map(x -> x.getFileName().toString()).sorted().forEach(n -> t.insert(0, valueOf(n)));
                return t;
            } catch (IOException | RuntimeException e) {
                return varargsOf(NIL, valueOf(ioMessage(p, e)));
            }
        });
        NamedFunction.define(py, "getenv", a -> {
            String v = System.getenv(LuaArgs.string(a, 1, "getenv"));
            return v != null ? valueOf(v) : a.arg(2);
        });
        NamedFunction.define(py, "dotgetenv", a -> {
            String v = DotEnv.lookup(LuaArgs.string(a, 1, "dotgetenv"));
            return v != null ? valueOf(v) : a.arg(2);
        });
        LuaValue json = env.get("json");
        if (json.istable()) {
            py.set("to_json", json.get("encode"));
            py.set("parse_json", json.get("decode"));
        }
        NamedFunction.define(py, "get_system_info", a -> systemInfo());
        NamedFunction.define(py, "memory", a -> memory());
        env.set("_PY", py);
        env.set("jeplua", py);
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

    private LuaTable config(LuaValue env) {
        String os = System.getProperty("os.name", "unknown");
        String lower = os.toLowerCase();
        LuaTable c = new LuaTable();
        c.set(
                "platform",
                lower.contains("win")
                        ? "windows"
                        : lower.contains("mac") ? "darwin" : lower.contains("linux") ? "linux" : lower);
        c.set("isLinux", valueOf(lower.contains("linux")));
        c.set("isMacOS", valueOf(lower.contains("mac")));
        c.set("isWindows", valueOf(lower.contains("win")));
        c.set("fileSeparator", java.io.File.separator);
        c.set("pathSeparator", java.io.File.pathSeparator);
        LuaValue pkg = env.get("package");
        c.set("luaLibPath", pkg.istable() ? pkg.get("path") : valueOf("?.lua"));
        c.set("version", Version.VERSION);
        c.set("loglevel", engine.config().loglevel());
        c.set("headless", valueOf(engine.config().headless()));
        double runFor = engine.config().runFor();
        c.set("runFor", Double.isNaN(runFor) ? NIL : valueOf(runFor));
        c.set("api_enabled", FALSE);
        for (Map.Entry<String, Object> e : engine.config().hostConfig().entrySet()) {
            c.set(e.getKey(), toLua(e.getValue()));
        }
        return c;
    }

    private static LuaValue toLua(Object v) {
        if (v == null) {
            return NIL;
        }
        if (v instanceof Boolean b) {
            return valueOf(b);
        }
        if (v instanceof Number n) {
            return valueOf(n.doubleValue());
        }
        return valueOf(v.toString());
    }

    private static LuaTable systemInfo() {
        LuaTable t = new LuaTable();
        t.set("os", System.getProperty("os.name", ""));
        t.set("os_version", System.getProperty("os.version", ""));
        t.set("arch", System.getProperty("os.arch", ""));
        t.set("java_version", System.getProperty("java.version", ""));
        t.set("cpus", valueOf(Runtime.getRuntime().availableProcessors()));
        t.set("pid", valueOf((double) ProcessHandle.current().pid()));
        t.set("cwd", Path.of("").toAbsolutePath().toString());
        t.set("jeplua_version", Version.VERSION);
        t.set("lua_version", "Lua 5.2");
        try {
            t.set("hostname", java.net.InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            t.set("hostname", "localhost");
        }
        return t;
    }

    /** {@code {heap_used, heap_max, lua_kb}}: JVM heap in use and maximum (bytes), and the same use in KiB. */
    static LuaTable memory() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        LuaTable t = new LuaTable();
        t.set("heap_used", valueOf((double) used));
        t.set("heap_max", valueOf((double) rt.maxMemory()));
        t.set("lua_kb", valueOf(used / 1024.0));
        return t;
    }

    private static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    private static String ioMessage(String path, Exception e) {
        if (e instanceof NoSuchFileException) {
            return path + ": No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return path + ": Permission denied";
        }
        String m = e.getMessage();
        return path + ": " + (m == null ? e.getClass().getSimpleName() : m);
    }

    /** {@code .env} lookup for {@code _PY.dotgetenv}: environment, then ./.env, then ~/.env. */
    static final class DotEnv {
        private DotEnv() {}

        static String lookup(String name) {
            String v = System.getenv(name);
            if (v != null) {
                return v;
            }
            for (Path p : List.of(Path.of(".env"), Path.of(System.getProperty("user.home", "."), ".env"))) {
                v = fromFile(p, name);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        private static String fromFile(Path file, String name) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String l = line.strip();
                    if (l.startsWith("export ")) {
                        l = l.substring(7).strip();
                    }
                    int eq = l.indexOf('=');
                    if (l.isEmpty()
                            || l.startsWith("#")
                            || eq <= 0
                            || !l.substring(0, eq).strip().equals(name)) {
                        continue;
                    }
                    String v = l.substring(eq + 1).strip();
                    if (v.length() >= 2
                            && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                        v = v.substring(1, v.length() - 1);
                    }
                    return v;
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
    }
}

package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.FALSE;
import static org.luaj.vm2.LuaValue.NIL;
import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.Version;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The {@code _PY.config} table (docs/eplua-bridge.md): EPLua's keys with JEPLua's values, then
 * JEPLua's own.
 * <pre>
 * platform          "linux", "darwin", "win32" (Python's sys.platform names), else os.name in lower case
 * isLinux, isMacOS, isWindows   booleans
 * fileSeparator, pathSeparator  "/" and ":" ("\\" and ";" on Windows)
 * luaLibPath        "lua": the directory under which require, dofile and loadfile find the
 *                   modules shipped in the jar (a "lua" directory in the current directory comes
 *                   first); not a directory on disk, so io.open and lfs do not see it
 * enginePath        absolute path of the directory holding JEPLua's jar (its classes directory
 *                   when run from a build)
 * offline           false      (JEPLua has no offline mode)
 * debugger          false      (no mobdebug; _PY.mobdebug is a table of no-op functions)
 * debugger_host     "localhost", debugger_port 8172 (EPLua's defaults, unused)
 * fibaro            false      headers  {} (empty array)
 * version           JEPLua's version      loglevel, headless, runFor (seconds, absent when not given)
 * api_enabled       false, unless the command line says otherwise; it also adds api_host,
 *                   api_port, telnet_port, telnet_host (the launcher's host configuration, which
 *                   may override any key above)
 * </pre>
 * Engine thread (creates Lua tables).
 */
final class PyConfig {
    private PyConfig() {}

    /** A fresh {@code _PY.config} table for an engine with {@code config}. */
    static LuaTable create(EngineConfig config) {
        String os = System.getProperty("os.name", "unknown");
        String lower = os.toLowerCase(Locale.ROOT);
        boolean linux = lower.contains("linux");
        boolean mac = lower.contains("mac") || lower.contains("darwin");
        boolean windows = lower.contains("win") && !mac;
        LuaTable c = new LuaTable();
        c.rawset("platform", windows ? "win32" : mac ? "darwin" : linux ? "linux" : lower);
        c.rawset("isLinux", valueOf(linux));
        c.rawset("isMacOS", valueOf(mac));
        c.rawset("isWindows", valueOf(windows));
        c.rawset("fileSeparator", java.io.File.separator);
        c.rawset("pathSeparator", java.io.File.pathSeparator);
        c.rawset("luaLibPath", "lua");
        c.rawset("enginePath", enginePath());
        c.rawset("offline", FALSE);
        c.rawset("debugger", FALSE);
        c.rawset("debugger_host", "localhost");
        c.rawset("debugger_port", valueOf(8172));
        c.rawset("fibaro", FALSE);
        c.rawset("headers", new LuaTable());
        c.rawset("version", Version.VERSION);
        c.rawset("loglevel", config.loglevel());
        c.rawset("headless", valueOf(config.headless()));
        double runFor = config.runFor();
        c.rawset("runFor", Double.isNaN(runFor) ? NIL : valueOf(runFor));
        c.rawset("api_enabled", FALSE);
        for (Map.Entry<String, Object> e : config.hostConfig().entrySet()) {
            c.rawset(e.getKey(), toLua(e.getValue()));
        }
        return c;
    }

    /** The directory of JEPLua's jar (or classes directory); the current directory when unknown. */
    static String enginePath() {
        try {
            CodeSource source = PyConfig.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path p = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(p) && p.getParent() != null) {
                    p = p.getParent();
                }
                return p.toAbsolutePath().normalize().toString();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not a file location (a custom class loader): fall through
        }
        return Path.of("").toAbsolutePath().toString();
    }

    private static LuaValue toLua(Object v) {
        if (v == null) {
            return NIL;
        }
        if (v instanceof Boolean b) {
            return valueOf(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return org.luaj.vm2.Lua54Numbers.integer(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return valueOf(n.doubleValue());
        }
        return valueOf(v.toString());
    }
}

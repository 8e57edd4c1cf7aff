package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What {@code _PY} tells about the machine, in EPLua's shapes (docs/eplua-bridge.md):
 * <pre>
 * _PY.get_platform() -> {system, release, version, machine, processor}
 *     system "Linux", "Darwin" or "Windows" (else Java's os.name); release the OS release
 *     (Java's os.version: the kernel release on Linux); version the kernel's build text on Linux
 *     (/proc/sys/kernel/version), else the release; machine "x86_64", "aarch64" (Linux),
 *     "arm64" (macOS), "AMD64"/"ARM64" (Windows), else Java's os.arch; processor the same as machine
 * _PY.get_system_info() -> {
 *     platform = {system, release, version, machine, processor, python_version="none", java_version},
 *     environment = {cwd, user, home, path_separator="/", line_separator="\n"},
 *     runtime = {current_time=epoch seconds (float), pid=integer, jeplua_version},
 *     -- JEPLua's own flat keys, kept:
 *     os, os_version, arch, java_version, cpus, pid, cwd, hostname, jeplua_version, lua_version }
 *     user and home come from $USER and $HOME, "unknown" when unset (as EPLua)
 * </pre>
 * Any thread (reads system properties and the environment only); the tables are created on the
 * caller's thread.
 */
final class PlatformInfo {
    private PlatformInfo() {}

    private static String osName() {
        return System.getProperty("os.name", "unknown");
    }

    /** EPLua's {@code system}: Python's {@code platform.system()} names. */
    static String system() {
        String os = osName();
        String lower = os.toLowerCase(Locale.ROOT);
        if (lower.contains("linux")) {
            return "Linux";
        }
        if (lower.contains("mac") || lower.contains("darwin")) {
            return "Darwin";
        }
        if (lower.contains("win")) {
            return "Windows";
        }
        return os;
    }

    /** EPLua's {@code machine}: the names {@code uname -m} (or Windows) gives. */
    static String machine() {
        String arch = System.getProperty("os.arch", "");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        return switch (system()) {
            case "Windows" -> x64 ? "AMD64" : arm64 ? "ARM64" : arch.toUpperCase(Locale.ROOT);
            case "Darwin" -> x64 ? "x86_64" : arm64 ? "arm64" : arch;
            default -> x64 ? "x86_64" : arch;
        };
    }

    private static String version() {
        Path kernel = Path.of("/proc/sys/kernel/version");
        if ("Linux".equals(system()) && Files.isReadable(kernel)) {
            try {
                return Files.readString(kernel, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                // fall back to the release
            }
        }
        return System.getProperty("os.version", "");
    }

    /** A fresh {@code get_platform()} table. */
    static LuaTable platform() {
        LuaTable t = new LuaTable();
        t.rawset("system", system());
        t.rawset("release", System.getProperty("os.version", ""));
        t.rawset("version", version());
        t.rawset("machine", machine());
        t.rawset("processor", machine());
        return t;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "unknown" : v;
    }

    /**
     * A fresh {@code get_system_info()} table.
     *
     * @param luaVersion the engine's {@code _VERSION}
     */
    static LuaTable systemInfo(LuaValue luaVersion) {
        String cwd = Path.of("").toAbsolutePath().toString();
        String javaVersion = System.getProperty("java.version", "");
        long pid = ProcessHandle.current().pid();

        LuaTable platform = platform();
        platform.rawset("python_version", "none");
        platform.rawset("java_version", javaVersion);
        LuaTable environment = new LuaTable();
        environment.rawset("cwd", cwd);
        environment.rawset("user", env("USER"));
        environment.rawset("home", env("HOME"));
        environment.rawset("path_separator", java.io.File.separator);
        environment.rawset("line_separator", System.lineSeparator());
        LuaTable runtime = new LuaTable();
        runtime.rawset("current_time", valueOf(System.currentTimeMillis() / 1000.0));
        runtime.rawset("pid", LuaInteger.valueOf(pid));
        runtime.rawset("jeplua_version", Version.VERSION);

        LuaTable t = new LuaTable();
        t.rawset("platform", platform);
        t.rawset("environment", environment);
        t.rawset("runtime", runtime);
        t.rawset("os", osName());
        t.rawset("os_version", System.getProperty("os.version", ""));
        t.rawset("arch", System.getProperty("os.arch", ""));
        t.rawset("java_version", javaVersion);
        t.rawset("cpus", valueOf(Runtime.getRuntime().availableProcessors()));
        t.rawset("pid", LuaInteger.valueOf(pid));
        t.rawset("cwd", cwd);
        t.rawset("jeplua_version", Version.VERSION);
        t.rawset("lua_version", luaVersion.isstring() ? luaVersion : valueOf(""));
        try {
            t.rawset("hostname", java.net.InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            t.rawset("hostname", "localhost");
        }
        return t;
    }
}

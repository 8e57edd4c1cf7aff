package dev.jeplua.engine.api;

import dev.jeplua.engine.loop.Ticker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of a {@link LuaEngine}. A mutable builder-style bean: set what you need, then pass
 * it to the engine's constructor (later changes are not seen).
 */
public final class EngineConfig {
    Ticker ticker = Ticker.SYSTEM;
    int queueCapacity = 100_000;
    boolean allowJava;
    boolean headless;
    boolean stdout = true;
    PrintStream stderr = System.err;
    final List<Path> luaDirs = new ArrayList<>();
    final Map<String, Object> hostConfig = new LinkedHashMap<>();
    String loglevel = "warn";
    double runFor = Double.NaN;
    Path storePath;
    long maxMemory;

    /** Clock of the timer queue; {@link dev.jeplua.engine.loop.ManualTicker} in tests. */
    public EngineConfig ticker(Ticker t) {
        this.ticker = t;
        return this;
    }

    /** Maximum number of pending submissions before {@code submit} fails fast (default 100,000). */
    public EngineConfig queueCapacity(int n) {
        this.queueCapacity = n;
        return this;
    }

    /** Expose LuaJ's {@code luajava} library (any Java class) to scripts. Default false. */
    public EngineConfig allowJava(boolean b) {
        this.allowJava = b;
        return this;
    }

    /** Never open windows. */
    public EngineConfig headless(boolean b) {
        this.headless = b;
        return this;
    }

    /** Copy printed output to the process's stdout (false = {@code --quiet}). Default true. */
    public EngineConfig stdout(boolean b) {
        this.stdout = b;
        return this;
    }

    /** Where callback errors and warnings go (default {@code System.err}). */
    public EngineConfig stderr(PrintStream err) {
        this.stderr = err;
        return this;
    }

    /** Adds {@code DIR/?.lua;DIR/?/init.lua} to {@code package.path}. */
    public EngineConfig addLuaDir(Path dir) {
        this.luaDirs.add(dir);
        return this;
    }

    /** An entry of {@code _PY.config} (e.g. {@code api_port}); values: String, Number, Boolean. */
    public EngineConfig hostConfig(String key, Object value) {
        this.hostConfig.put(key, value);
        return this;
    }

    /** Log level name shown in {@code _PY.config.loglevel}. */
    public EngineConfig loglevel(String level) {
        this.loglevel = level;
        return this;
    }

    /** {@code --run-for} value in seconds (shown in {@code _PY.config.runFor}). */
    public EngineConfig runFor(double seconds) {
        this.runFor = seconds;
        return this;
    }

    /** Persistent store file ({@code --store}). */
    public EngineConfig storePath(Path path) {
        this.storePath = path;
        return this;
    }

    /**
     * Heap bytes Lua code may fill before allocations fail with {@code not enough memory}
     * ({@code --max-memory}); 0 (default) means 80% of the maximum heap. See
     * {@link dev.jeplua.engine.memory.MemoryGuard}.
     */
    public EngineConfig maxMemory(long bytes) {
        this.maxMemory = bytes;
        return this;
    }

    /** Pending submissions allowed before {@code submit} fails fast. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** True when printed output is copied to the process's stdout. */
    public boolean stdout() {
        return stdout;
    }

    /** Heap bytes Lua may fill ({@code --max-memory}); 0 for the default. */
    public long maxMemory() {
        return maxMemory;
    }

    /** True when {@code luajava} is exposed. */
    public boolean allowJava() {
        return allowJava;
    }

    /** Extra directories of {@code package.path}. */
    public List<Path> luaDirs() {
        return luaDirs;
    }

    /** The configured ticker. */
    public Ticker ticker() {
        return ticker;
    }

    /** True with {@code --headless}. */
    public boolean headless() {
        return headless;
    }

    /** Store file, or null for the default. */
    public Path storePath() {
        return storePath;
    }

    /** Entries for {@code _PY.config}. */
    public Map<String, Object> hostConfig() {
        return hostConfig;
    }

    /** Log level name. */
    public String loglevel() {
        return loglevel;
    }

    /** {@code --run-for} seconds or NaN when not given. */
    public double runFor() {
        return runFor;
    }

    /** Where errors are reported. */
    public PrintStream stderr() {
        return stderr;
    }
}

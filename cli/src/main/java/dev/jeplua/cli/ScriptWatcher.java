package dev.jeplua.cli;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.reload.ScriptReset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code --watch} (README.md#watch), as {@code node --watch}: runs the script again when it or a
 * file it loaded changes, in the same engine, so the telnet and REST servers, their clients, the
 * sessions and the store stay. What is watched: the script, every file read by {@code dofile} or
 * {@code loadfile}, every module {@code require} found on {@code package.path}, and every
 * {@code .lua} file in the {@code --lua-dir} directories. A restart prints
 * {@code [jeplua] NAME changed, restarting} to every output listener (stdout, telnet clients, the
 * web page's stream), resets the engine ({@link ScriptReset}: timers, immediates, servers and
 * windows of the old run; globals and modules back to where they were) and runs the script
 * again, read fresh from disk. A run that fails prints its error and waits for the next change.
 *
 * <p>Changes are seen through {@link WatchService} (inotify on Linux: the event arrives within a
 * millisecond or two of the write) on the directories of the watched files, so editors that save
 * by writing a new file and renaming it over the old one are seen too. Events are debounced:
 * after the first, the watcher waits until {@link #DEBOUNCE_MS} pass without another, so one save
 * that writes several times restarts once.
 *
 * <p>Threads: {@link #prepare} runs on the engine thread; the watcher runs on its own daemon
 * thread {@code jeplua-watch}, which only posts to the engine.
 */
final class ScriptWatcher implements AutoCloseable {
    /** Quiet time after the last change event before the restart, ms. */
    static final long DEBOUNCE_MS = 30;

    private final LuaEngine engine;
    private final Path script;
    private final String scriptName;
    private final List<Path> luaDirs;
    private final PrintStream err;
    private final Function<byte[], CompletableFuture<Boolean>> run;
    private final ScriptReset reset;
    /** Files whose change restarts the run (absolute, normalized). */
    private final Set<Path> files = ConcurrentHashMap.newKeySet();

    private final Map<Path, WatchKey> dirs = new ConcurrentHashMap<>();
    private final WatchService watchService;
    private volatile boolean closed;
    /** Set by {@link #prepare} (engine thread); false when an {@code -e}/{@code -l} step failed before it. */
    private boolean prepared;

    /**
     * @param engine     the engine the script runs in
     * @param script     the script file
     * @param scriptName the script's name as the user gave it (for the restart line)
     * @param luaDirs    {@code --lua-dir} directories (every {@code .lua} file in them is watched)
     * @param err        where failures of the watcher itself are reported
     * @param run        runs the script's code (fresh bytes) as the main chunk; completes with false when it failed
     * @throws IOException when no watch service can be opened
     */
    ScriptWatcher(
            LuaEngine engine,
            Path script,
            String scriptName,
            List<Path> luaDirs,
            PrintStream err,
            Function<byte[], CompletableFuture<Boolean>> run)
            throws IOException {
        this.engine = engine;
        this.script = script.toAbsolutePath().normalize();
        this.scriptName = scriptName;
        this.luaDirs = luaDirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
        this.err = err;
        this.run = run;
        this.reset = new ScriptReset(engine);
        this.watchService = FileSystems.getDefault().newWatchService();
        watch(this.script);
        for (Path dir : this.luaDirs) {
            register(dir);
        }
    }

    /**
     * Before the first run, on the engine thread: wraps {@code dofile}, {@code loadfile} and
     * {@code require} so the files they load are watched, then records the state a restart
     * returns to.
     */
    void prepare() {
        LuaValue g = engine.globals();
        wrap("dofile", (orig, a) -> {
            recordFile(a.arg1());
            return orig.invoke(a);
        });
        wrap("loadfile", (orig, a) -> {
            recordFile(a.arg1());
            return orig.invoke(a);
        });
        wrap("require", (orig, a) -> {
            Varargs r = orig.invoke(a);
            LuaValue pkg = g.get("package");
            if (a.arg1().isstring() && pkg.istable() && pkg.get("searchpath").isfunction()) {
                recordFile(pkg.get("searchpath").call(a.arg1(), pkg.get("path")));
            }
            return r;
        });
        reset.snapshot();
        prepared = true;
    }

    private interface Wrapper {
        Varargs call(LuaValue original, Varargs args);
    }

    private void wrap(String name, Wrapper wrapper) {
        LuaValue original = engine.globals().get(name);
        if (!original.isfunction()) {
            return;
        }
        engine.globals().set(name, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return wrapper.call(original, args);
            }

            @Override
            public String tojstring() {
                return original.tojstring();
            }
        });
    }

    private void recordFile(LuaValue name) {
        if (name.isstring()) {
            try {
                watch(Path.of(name.tojstring()).toAbsolutePath().normalize());
            } catch (RuntimeException | IOException e) {
                // not a path we can watch (invalid name, directory gone): nothing to do
            }
        }
    }

    private void watch(Path file) throws IOException {
        if (files.add(file) && file.getParent() != null) {
            register(file.getParent());
        }
    }

    private void register(Path dir) throws IOException {
        if (!dirs.containsKey(dir) && Files.isDirectory(dir)) {
            dirs.put(
                    dir,
                    dir.register(
                            watchService,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE));
        }
    }

    /** Starts the watcher thread. */
    void start() {
        Thread t = new Thread(this::loop, "jeplua-watch");
        t.setDaemon(true);
        t.start();
    }

    private void loop() {
        try {
            while (!closed) {
                Path changed = changedFile(watchService.take());
                if (changed == null) {
                    continue;
                }
                WatchKey more;
                while ((more = watchService.poll(DEBOUNCE_MS, TimeUnit.MILLISECONDS)) != null) {
                    changedFile(more); // the same save writing again: wait until it is quiet
                }
                restart(changed);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** The first watched file an event of {@code key} names, or null; re-arms the key. */
    private Path changedFile(WatchKey key) {
        Path hit = null;
        if (key.watchable() instanceof Path dir) {
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path name) {
                    Path file = dir.resolve(name);
                    boolean inLuaDir = luaDirs.contains(dir) && name.toString().endsWith(".lua");
                    if (hit == null && (files.contains(file) || inLuaDir)) {
                        hit = file;
                    }
                }
            }
        }
        key.reset();
        return hit;
    }

    private void restart(Path changed) {
        String name =
                changed.equals(script) ? scriptName : changed.getFileName().toString();
        byte[] line = ("[jeplua] " + name + " changed, restarting\n").getBytes(StandardCharsets.UTF_8);
        try {
            engine.post("watch restart", () -> {
                        engine.output().publish(line);
                        if (prepared) {
                            reset.reset();
                        } else {
                            prepare(); // an -e or -l step failed before the first run: nothing ran to undo
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!closed) {
                err.println("jeplua: --watch: cannot restart: " + e);
            }
            return;
        }
        byte[] code;
        try {
            code = Files.readAllBytes(script);
        } catch (IOException e) {
            err.println("jeplua: cannot open " + scriptName + "; waiting for file changes before restarting");
            return;
        }
        run.apply(code).thenAccept(ok -> {
            if (!ok) {
                waiting();
            }
        });
    }

    /** Says the run failed and the watcher waits (as node --watch does). */
    void waiting() {
        err.println("jeplua: waiting for file changes before restarting");
        err.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            watchService.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

package dev.jeplua.fibaro;

import dev.jeplua.engine.luaj.BinaryChunks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.Prototype;

/**
 * The QuickApp runtime's Lua files as binary chunks in a per-user cache, so a {@code --fibaro}
 * run loads the runtime (~0.01 s) instead of compiling its 750 lines (~0.1 s of CPU) at each
 * start (docs/fibaro.md#start-up). The first run after a build compiles the text and writes
 * {@code <dir>/fibaro-<name>-<key>.luac} ({@link BinaryChunks}' format, not stripped: error
 * positions and tracebacks stay those of the text); {@code key} is a hash of the text and of the
 * build (the jar's size and time), so a changed runtime or compiler never loads an old chunk;
 * files of other keys for the same name are deleted then. Writing goes through a temporary file
 * and a rename, so runs starting together never read half a file; any failure (read-only home,
 * a damaged file) falls back to compiling the text, with nothing printed.
 *
 * <p>The functions are LuaJ's interpreted closures, not the compiled tier's: the runtime's ~120
 * functions would otherwise each be turned into a JVM class on first use (~0.3 s of CPU at
 * start) for code that mostly calls into Java. The QuickApp's own code is compiled as usual.
 *
 * <p>Threads: the engine thread (it loads into the engine's globals).
 */
final class ChunkCache {
    private ChunkCache() {}

    /**
     * The main function of the chunk {@code source}, from the cache when it has it.
     *
     * @param chunkName the chunk's name ({@code @fibaro/runtime.lua})
     * @param name      the file name used in the cache ({@code runtime.lua})
     * @param dir       the cache folder, or null to compile without a cache
     * @param build     what identifies the build (part of the key)
     * @throws org.luaj.vm2.LuaError when the text does not compile
     */
    static LuaClosure load(Globals globals, String chunkName, String name, byte[] source, Path dir, String build)
            throws IOException {
        Path file = dir == null ? null : dir.resolve("fibaro-" + name + "-" + key(source, build) + ".luac");
        if (file != null && Files.isRegularFile(file)) {
            try {
                Prototype p = globals.undumper.undump(new ByteArrayInputStream(Files.readAllBytes(file)), chunkName);
                if (p != null) {
                    return new LuaClosure(p, globals);
                }
            } catch (IOException | RuntimeException e) {
                // a damaged or foreign file: compile and write it again
            }
        }
        Prototype p = globals.compilePrototype(new ByteArrayInputStream(source), chunkName);
        if (file != null) {
            write(file, name, BinaryChunks.dump(p, false, globals));
        }
        return new LuaClosure(p, globals);
    }

    /** The default cache folder: {@code $XDG_CACHE_HOME/jeplua}, else {@code ~/.cache/jeplua}. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jeplua");
    }

    /**
     * What identifies the running build: the jar holding this class (its size and modification
     * time), or null when the classes do not come from a jar (tests, an IDE): no cache then.
     */
    static String buildOfThisJar() {
        try {
            java.security.CodeSource cs = ChunkCache.class.getProtectionDomain().getCodeSource();
            Path jar = cs == null ? null : Path.of(cs.getLocation().toURI());
            if (jar == null || !Files.isRegularFile(jar)) {
                return null;
            }
            return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String key(byte[] source, String build) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C(); // not a security boundary: the folder is the user's own
        crc.update(source);
        crc.update(build.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue()) + "-" + source.length;
    }

    private static void write(Path file, String name, byte[] chunk) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "fibaro-" + name + "-*.luac")) {
                for (Path p : old) {
                    Files.deleteIfExists(p); // chunks of other builds
                }
            }
            Path tmp = Files.createTempFile(dir, "fibaro-" + name, ".tmp");
            Files.write(tmp, chunk);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // no cache: the next run compiles again
        }
    }
}

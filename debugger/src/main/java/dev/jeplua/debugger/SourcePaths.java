package dev.jeplua.debugger;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaString;

/**
 * Canonical file paths for breakpoints: a chunk's name ({@code @file.lua}, as {@code dofile},
 * {@code require} and the command line give it, relative to the working directory) and a path
 * a DAP client sends (absolute, from the editor) are both turned into the real path of the file
 * (symbolic links resolved; the normalized absolute path when the file does not exist), so
 * {@code ./lib/../main.lua} and {@code /home/me/proj/main.lua} match. Chunks whose name does not
 * start with {@code @} ({@code =stdin}, strings given to {@code load}) have no path. Results
 * are cached; any thread.
 */
final class SourcePaths {
    private final Path base;
    private final Map<LuaString, String> chunks = new ConcurrentHashMap<>();
    private static final String NONE = "";

    /** @param base the directory relative chunk names are resolved against (the process's working directory) */
    SourcePaths(Path base) {
        this.base = base.toAbsolutePath();
    }

    /** The canonical path of a chunk's source, or null when the chunk is not a file. */
    String ofChunk(LuaString source) {
        if (source == null) {
            return null;
        }
        String p = chunks.computeIfAbsent(source, s -> {
            String name = s.tojstring();
            if (!name.startsWith("@")) {
                return NONE;
            }
            String c = canonical(name.substring(1));
            return c == null ? NONE : c;
        });
        return p.isEmpty() ? null : p;
    }

    /** The canonical form of a client's path (relative paths against the base), or null when it is not a path. */
    String canonical(String path) {
        try {
            Path p = base.resolve(path).normalize();
            try {
                return p.toRealPath().toString();
            } catch (IOException e) {
                return p.toString();
            }
        } catch (InvalidPathException e) {
            return null;
        }
    }
}

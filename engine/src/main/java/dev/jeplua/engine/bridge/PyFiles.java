package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.NIL;
import static org.luaj.vm2.LuaValue.TRUE;
import static org.luaj.vm2.LuaValue.valueOf;
import static org.luaj.vm2.LuaValue.varargsOf;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;

/**
 * The file functions of {@code _PY} (docs/eplua-bridge.md). Paths are relative to the process
 * directory.
 * <pre>
 * _PY.file_exists(path) -> bool                  true also for a directory
 * _PY.read_file(path) -> s | nil, message        the bytes as they are
 * _PY.write_file(path, s) -> true | nil, message
 * _PY.list_directory([path="."]) -> {entries={{name, is_file, is_directory, size}, ...}, count=n}
 *     EPLua's shape; entries sorted by name, without "." and ".."; size in bytes for a file
 *     (following symbolic links), 0 for anything else. On failure:
 *     {error="path: No such file or directory", entries={}, count=0}
 * _PY.dotgetenv(name [, default]) -> s | default  the environment, then ./.env, then ~/.env
 *     (KEY=VALUE lines, "#" comments, an "export " prefix and one pair of quotes removed)
 * </pre>
 * The failures of {@code read_file} and {@code write_file} are JEPLua's {@code nil, message}
 * (EPLua returns an error text as the content, or false). Engine thread.
 */
final class PyFiles implements LibraryFunction.Body {
    private PyFiles() {}

    /** Adds the file functions to {@code py}. */
    static void install(LuaTable py) {
        PyFiles files = new PyFiles();
        LibraryFunction.define(py, "file_exists", FN_FILE_EXISTS, files);
        LibraryFunction.define(py, "read_file", FN_READ_FILE, files);
        LibraryFunction.define(py, "write_file", FN_WRITE_FILE, files);
        LibraryFunction.define(py, "list_directory", FN_LIST_DIRECTORY, files);
        LibraryFunction.define(py, "dotgetenv", FN_DOTGETENV, files);
    }

    /** EPLua's {@code list_directory} result for {@code path}. */
    static LuaTable listDirectory(String path) {
        LuaTable entries = new LuaTable();
        LuaTable result = new LuaTable();
        result.rawset("entries", entries);
        try (Stream<Path> s = Files.list(Path.of(path))) {
            List<Path> children = s.sorted((x, y) ->
                            x.getFileName().toString().compareTo(y.getFileName().toString()))
                    .toList();
            int n = 0;
            for (Path child : children) {
                boolean file = Files.isRegularFile(child);
                LuaTable e = new LuaTable();
                e.rawset("name", child.getFileName().toString());
                e.rawset("is_file", valueOf(file));
                e.rawset("is_directory", valueOf(Files.isDirectory(child)));
                long size = 0;
                if (file) {
                    try {
                        size = Files.size(child);
                    } catch (IOException ignored) {
                        // vanished or unreadable meanwhile: 0, as for anything that is not a file
                    }
                }
                e.rawset("size", LuaInteger.valueOf(size));
                entries.rawset(++n, e);
            }
            result.rawset("count", valueOf(n));
        } catch (IOException | RuntimeException e) {
            result.rawset("error", ioMessage(path, e));
            result.rawset("count", valueOf(0));
        }
        return result;
    }

    static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    private static String ioMessage(String path, Exception e) {
        if (e instanceof NoSuchFileException) {
            return path + ": No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return path + ": Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return path + ": Not a directory";
        }
        String m = e.getMessage();
        return path + ": " + (m == null ? e.getClass().getSimpleName() : m);
    }

    /** {@code .env} lookup for {@code _PY.dotgetenv}: environment, then ./.env, then ~/.env; null when unset. */
    static String dotEnv(String name) {
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

    // function numbers of this _PY.files's LibraryFunction.Body
    private static final int FN_FILE_EXISTS = 0;
    private static final int FN_READ_FILE = 1;
    private static final int FN_WRITE_FILE = 2;
    private static final int FN_LIST_DIRECTORY = 3;
    private static final int FN_DOTGETENV = 4;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_FILE_EXISTS -> valueOf(Files.exists(Path.of(LuaArgs.string(a, 1, "file_exists"))));
            case FN_READ_FILE -> luaReadFile(a);
            case FN_WRITE_FILE -> luaWriteFile(a);
            case FN_LIST_DIRECTORY -> listDirectory(LuaArgs.optString(a, 1, "list_directory", "."));
            case FN_DOTGETENV -> luaDotgetenv(a);
            default -> throw new IllegalArgumentException("_PY.files: no function " + index);
        };
    }

    private Varargs luaReadFile(Varargs a) {
        String p = LuaArgs.string(a, 1, "read_file");
        try {
            return valueOf(Files.readAllBytes(Path.of(p)));
        } catch (IOException | RuntimeException e) {
            return varargsOf(NIL, valueOf(ioMessage(p, e)));
        }
    }

    private Varargs luaWriteFile(Varargs a) {
        String p = LuaArgs.string(a, 1, "write_file");
        LuaString data = a.checkstring(2);
        try {
            Files.write(Path.of(p), bytes(data));
            return TRUE;
        } catch (IOException | RuntimeException e) {
            return varargsOf(NIL, valueOf(ioMessage(p, e)));
        }
    }

    private Varargs luaDotgetenv(Varargs a) {
        String v = dotEnv(LuaArgs.string(a, 1, "dotgetenv"));
        return v != null ? valueOf(v) : a.arg(2);
    }
}

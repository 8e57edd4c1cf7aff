package dev.jeplua.engine.errors;

import dev.jeplua.engine.luaj.LuaNumberPatch;
import org.luaj.vm2.LuaString;

/**
 * Chunk names as Lua 5.2 shows them in error messages and tracebacks ({@code luaO_chunkid}'s
 * rules, at most 60 bytes): {@code "=name"} shows as {@code name} (cut to 59 characters),
 * {@code "@path"} as {@code path} (long paths keep their end: {@code ...ong/dir/f.lua}), and any
 * other name, which is the source text of a chunk loaded from a string, as
 * {@code [string "first line..."]} (the first line, at most 45 characters, with {@code ...} when
 * anything was cut). LuaJ shows the whole source text instead; {@link LuaNumberPatch} redirects
 * its {@code Prototype.shortsource()} here, so error positions, tracebacks and
 * {@code debug.getinfo().short_src} follow the reference. Stateless: any thread.
 */
public final class ChunkNames {
    /** LUA_IDSIZE: the buffer size of a shown chunk name, including the terminating zero. */
    private static final int ID_SIZE = 60;

    private static final String DOTS = "...";

    private ChunkNames() {}

    /** {@code Prototype.shortsource()}: the display form of a prototype's chunk name. */
    public static String shortsource(LuaString source) {
        return display(source.tojstring());
    }

    /**
     * The display form of {@code chunkName}.
     *
     * @param chunkName {@code =name}, {@code @path}, or a chunk's source text
     */
    public static String display(String chunkName) {
        if (chunkName.startsWith("=")) {
            String s = chunkName.substring(1);
            return s.length() < ID_SIZE ? s : s.substring(0, ID_SIZE - 1);
        }
        if (chunkName.startsWith("@")) {
            String s = chunkName.substring(1);
            return s.length() < ID_SIZE ? s : DOTS + s.substring(s.length() - (ID_SIZE - 1 - DOTS.length()));
        }
        if (chunkName.startsWith("\033")) {
            return "binary string";
        }
        int room = ID_SIZE - "[string \"".length() - DOTS.length() - "\"]".length() - 1;
        int nl = chunkName.indexOf('\n');
        if (nl < 0 && chunkName.length() < room) {
            return "[string \"" + chunkName + "\"]";
        }
        int len = Math.min(nl < 0 ? chunkName.length() : nl, room);
        return "[string \"" + chunkName.substring(0, len) + DOTS + "\"]";
    }
}

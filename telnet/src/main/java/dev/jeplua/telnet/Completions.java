package dev.jeplua.telnet;

import dev.jeplua.repl.protocol.LuaKeywords;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Completion candidates for {@code :complete <prefix>}, computed from the live globals:
 * Lua keywords and global names for a bare name, the fields of a table after {@code a.b.},
 * and only the methods (function fields) after {@code a:} — following {@code __index} tables,
 * and the string library for string values, as method calls do. Looking up never runs Lua
 * code (raw reads only, {@code __index} functions are not called), so completing is safe on a
 * proxy such as a store table. Engine thread only.
 */
public final class Completions {
    /** At most this many candidates are returned. */
    public static final int MAX_CANDIDATES = 500;

    private static final Set<String> KEYWORDS = LuaKeywords.RESERVED;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_INDEX_DEPTH = 10;

    private Completions() {}

    /**
     * @param globals the engine's globals
     * @param prefix  what the user typed: {@code pri}, {@code string.fo}, {@code obj:ge}, {@code a.b.}
     * @return sorted full candidates ({@code string.format}), at most {@link #MAX_CANDIDATES}; empty
     *         when the prefix is not a name path or names nothing
     */
    public static List<String> candidates(LuaTable globals, String prefix) {
        int sep = Math.max(prefix.lastIndexOf('.'), prefix.lastIndexOf(':'));
        TreeSet<String> out = new TreeSet<>();
        if (sep < 0) {
            if (!prefix.isEmpty() && !NAME.matcher(prefix).matches()) {
                return List.of();
            }
            for (String k : KEYWORDS) {
                if (k.startsWith(prefix)) {
                    out.add(k);
                }
            }
            addKeys(globals, "", prefix, false, out);
            return limit(out);
        }
        String base = prefix.substring(0, sep);
        boolean methods = prefix.charAt(sep) == ':';
        String partial = prefix.substring(sep + 1);
        if (!partial.isEmpty() && !NAME.matcher(partial).matches()) {
            return List.of();
        }
        LuaValue value = globals;
        for (String segment : base.split("\\.", -1)) {
            if (!NAME.matcher(segment).matches()) {
                return List.of();
            }
            value = field(globals, value, segment);
            if (value.isnil()) {
                return List.of();
            }
        }
        addKeys(value.isstring() ? globals.rawget("string") : value, base + prefix.charAt(sep), partial, methods, out);
        return limit(out);
    }

    /** value[key] without calling metamethods: raw, then through {@code __index} tables. */
    private static LuaValue field(LuaTable globals, LuaValue value, String key) {
        if (value.isstring()) {
            value = globals.rawget("string");
        }
        for (int depth = 0; depth < MAX_INDEX_DEPTH && value.istable(); depth++) {
            LuaValue v = value.rawget(key);
            if (!v.isnil()) {
                return v;
            }
            value = indexTable(value);
        }
        return LuaValue.NIL;
    }

    private static LuaValue indexTable(LuaValue table) {
        LuaValue mt = table.getmetatable();
        if (mt == null || !mt.istable()) {
            return LuaValue.NIL;
        }
        LuaValue index = mt.rawget(LuaValue.INDEX);
        return index.istable() ? index : LuaValue.NIL;
    }

    private static void addKeys(LuaValue table, String base, String partial, boolean methods, TreeSet<String> out) {
        for (int depth = 0; depth < MAX_INDEX_DEPTH && table.istable(); depth++) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = table.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                if (k.type() != LuaValue.TSTRING) {
                    continue;
                }
                String name = k.tojstring();
                if (name.startsWith(partial)
                        && NAME.matcher(name).matches()
                        && (!methods || next.arg(2).isfunction())) {
                    out.add(base + name);
                }
            }
            table = indexTable(table);
        }
    }

    private static List<String> limit(TreeSet<String> out) {
        return out.stream().limit(MAX_CANDIDATES).toList();
    }
}

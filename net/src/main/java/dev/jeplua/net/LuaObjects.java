package dev.jeplua.net;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Small helpers shared by the net backends for the Lua side of their handles: method tables
 * called with {@code :}, option tables, callback tables and header tables. Engine thread only.
 */
final class LuaObjects {
    private LuaObjects() {}

    /**
     * A handle table whose {@code tostring} is {@code "<type>: <id>"}; methods are added with
     * {@link #method}.
     */
    static LuaTable handle(String type) {
        LuaTable t = new LuaTable();
        LuaTable meta = new LuaTable();
        String text = type + ": 0x" + Integer.toHexString(System.identityHashCode(t));
        NamedFunction.define(meta, "__tostring", a -> LuaValue.valueOf(text));
        meta.set("__name", type);
        t.setmetatable(meta);
        return t;
    }

    /**
     * Adds a method to {@code obj}. The body receives the arguments after {@code self} (the
     * handle is dropped whether called as {@code obj:m(...)} or {@code obj.m(obj, ...)}; a call as
     * {@code obj.m(...)} without self also works).
     */
    static void method(LuaTable obj, String type, String name, Function<Varargs, Varargs> body) {
        obj.set(name, new NamedFunction(type + ":" + name, a -> body.apply(a.arg1() == obj ? a.subargs(2) : a)));
    }

    /**
     * Adds {@code :addEventListener(name, fn)} to a handle: appends {@code fn} to
     * {@code listeners[name]} (EPLua's WebSocket and MQTT client API).
     */
    static void eventListenerMethod(LuaTable handle, String type, Map<String, List<LuaValue>> listeners) {
        String fname = type + ":addEventListener";
        method(handle, type, "addEventListener", x -> {
            String name = bytesArg(x, 1, fname).length == 0 ? "" : x.arg1().tojstring();
            if (!x.arg(2).isfunction()) {
                throw LuaArgs.argError(
                        2, fname, "function expected, got " + x.arg(2).typename());
            }
            listeners.computeIfAbsent(name, k -> new ArrayList<>()).add(x.arg(2));
            return LuaValue.NONE;
        });
    }

    /**
     * Parses {@code url}, which must use one of {@code schemes}.
     *
     * @throws LuaError {@code <fname>: invalid URL '<url>' (...)}
     */
    static java.net.URI uri(String url, String fname, String... schemes) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LuaError(fname + ": invalid URL '" + url + "' (" + e.getMessage() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!List.of(schemes).contains(scheme)) {
            throw new LuaError(
                    fname + ": invalid URL '" + url + "' (scheme must be " + String.join(" or ", schemes) + ")");
        }
        return uri;
    }

    /** Argument i as an optional table (nil/none → empty table); other types raise a Lua error. */
    static LuaTable optTable(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (v.isnil()) {
            return new LuaTable();
        }
        if (!v.istable()) {
            throw LuaArgs.argError(i, fname, "table expected, got " + v.typename());
        }
        return (LuaTable) v;
    }

    /** Field {@code key} of {@code t} if it is a function, else null. */
    static LuaValue callback(LuaValue t, String key) {
        if (t == null || !t.istable()) {
            return null;
        }
        LuaValue f = t.get(key);
        return f.isfunction() ? f : null;
    }

    /** Field as a long number of ms, or {@code def} when absent; non-numbers raise. */
    static long millis(LuaTable t, String key, long def, String fname) {
        LuaValue v = t.get(key);
        if (v.isnil()) {
            return def;
        }
        if (!v.isnumber()) {
            throw new LuaError(fname + ": option '" + key + "' must be a number of ms (got " + v.typename() + ")");
        }
        double d = v.todouble();
        if (!(d >= 0)) {
            throw new LuaError(fname + ": option '" + key + "' must be >= 0 (got " + v.tojstring() + ")");
        }
        return (long) Math.ceil(d);
    }

    /** Field as a boolean, or {@code def} when absent. */
    static boolean bool(LuaTable t, String key, boolean def) {
        LuaValue v = t.get(key);
        return v.isnil() ? def : v.toboolean();
    }

    /** Field as a string, or {@code def} when absent; non-strings raise. */
    static String string(LuaTable t, String key, String def, String fname) {
        LuaValue v = t.get(key);
        if (v.isnil()) {
            return def;
        }
        if (!v.isstring()) {
            throw new LuaError(fname + ": option '" + key + "' must be a string (got " + v.typename() + ")");
        }
        return v.tojstring();
    }

    /** The raw bytes of a Lua string (numbers are converted, as in Lua). */
    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.m_length];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    /** Argument i as raw string bytes, with a Lua-worded error otherwise. */
    static byte[] bytesArg(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (!v.isstring()) {
            throw LuaArgs.argError(i, fname, "string expected, got " + (a.narg() < i ? "no value" : v.typename()));
        }
        return bytes(v);
    }

    /**
     * A header table from Lua ({@code {["Content-Type"]="text/plain"}}; a list value gives the
     * header several times) as an ordered map.
     */
    static Map<String, List<String>> headers(LuaValue t, String fname) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (t == null || t.isnil()) {
            return out;
        }
        if (!t.istable()) {
            throw new LuaError(fname + ": headers must be a table (got " + t.typename() + ")");
        }
        LuaTable tt = (LuaTable) t;
        for (Varargs e = tt.next(LuaValue.NIL); !e.arg1().isnil(); e = tt.next(e.arg1())) {
            String name = e.arg1().tojstring();
            LuaValue v = e.arg(2);
            List<String> values = out.computeIfAbsent(name, k -> new ArrayList<>());
            if (v.istable()) {
                for (int i = 1; i <= v.length(); i++) {
                    values.add(v.get(i).tojstring());
                }
            } else {
                values.add(v.tojstring());
            }
        }
        return out;
    }

    /**
     * A Lua header table from received headers: keys in lower case, several values joined with
     * {@code ", "}, and a metatable so {@code headers["Content-Type"]} finds {@code content-type}.
     */
    static LuaTable headerTable(Map<String, List<String>> headers) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (k.startsWith(":")) {
                continue; // HTTP/2 pseudo-headers
            }
            LuaValue prev = t.rawget(k);
            String joined = String.join(", ", e.getValue());
            t.rawset(k, prev.isnil() ? LuaValue.valueOf(joined) : LuaValue.valueOf(prev.tojstring() + ", " + joined));
        }
        LuaTable meta = new LuaTable();
        meta.set("__index", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                LuaValue k = a.arg(2);
                return k.isstring() ? a.arg1().rawget(k.tojstring().toLowerCase(java.util.Locale.ROOT)) : NIL;
            }
        });
        t.setmetatable(meta);
        return t;
    }
}

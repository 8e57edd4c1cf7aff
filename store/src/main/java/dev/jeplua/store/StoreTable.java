package dev.jeplua.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What {@code store.table(name)} returns: a Lua table (so {@code type(t) == "table"}) whose
 * entries live in the {@link Store}. {@code t[k]}, {@code t[k] = v}, {@code t[k] = nil},
 * {@code pairs(t)}, {@code ipairs(t)}, {@code next}, {@code #t} and the {@code table} library
 * ({@code insert}, {@code remove}, {@code concat}, {@code sort}, {@code unpack}) work as on a
 * plain table; every write is recorded for the next commit.
 *
 * <p>Keys are strings or numbers. Values are nil (deletes), booleans, numbers, strings, or
 * tables of those, which are <em>copied</em> on write: reading {@code t.cfg} returns a fresh
 * copy each time, so {@code t.cfg.x = 1} changes only that copy — write {@code t.cfg = cfg}
 * to store a changed table. Errors are Lua errors:
 * {@code cannot store a function at key 'cfg.handler' of store table 'settings'},
 * {@code store table keys must be strings or numbers (got boolean)}, {@code table index is nil}.
 *
 * <p>Iteration order is insertion order within a run; after a restart, the order of the
 * encoded keys. LuaJ's {@code pairs} ignores {@code __pairs}, so this class overrides the
 * table primitives ({@code get}, {@code set}, {@code next}, ...) instead of using a metatable;
 * {@code setmetatable} on it is an error. Engine thread only.
 */
public final class StoreTable extends LuaTable {
    private final Store store;
    private final String name;
    private final LinkedHashMap<LuaValue, Object> entries;
    private LuaValue[] iterKeys;
    private Map<LuaValue, Integer> iterIndex;
    private int borderHint;

    StoreTable(Store store, String name, LinkedHashMap<LuaValue, Object> entries) {
        this.store = store;
        this.name = name;
        this.entries = entries;
    }

    /** The table's name in the store. */
    public String name() {
        return name;
    }

    void clearEntries() {
        entries.clear();
        iterKeys = null;
        iterIndex = null;
        borderHint = 0;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public LuaValue get(int key) {
        return lookup(LuaValue.valueOf(key));
    }

    @Override
    public LuaValue get(LuaValue key) {
        return lookup(key);
    }

    @Override
    public LuaValue rawget(int key) {
        return lookup(LuaValue.valueOf(key));
    }

    @Override
    public LuaValue rawget(LuaValue key) {
        return lookup(key);
    }

    private LuaValue lookup(LuaValue key) {
        Object v = entries.get(key);
        return v == null ? NIL : toLua(key, v);
    }

    private LuaValue toLua(LuaValue key, Object v) {
        if (v instanceof LuaValue lv) {
            return lv;
        }
        try {
            return StoreCodec.decode((byte[]) v);
        } catch (MalformedDataException e) {
            throw new LuaError("store table '" + name + "': the value at key '" + StoreCodec.childPath("", key)
                    + "' is unreadable (" + e.getMessage() + ")");
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void set(int key, LuaValue value) {
        put(LuaValue.valueOf(key), value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        put(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        put(LuaValue.valueOf(key), value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        put(key, value);
    }

    private void put(LuaValue key, LuaValue value) {
        checkKey(key);
        if (value.isnil()) {
            if (entries.remove(key) != null) {
                store.recordWrite(this, key, PendingWrite.Delete.INSTANCE);
            }
            return;
        }
        switch (value.type()) {
            case TBOOLEAN, TNUMBER, TSTRING -> {
                entries.put(key, value);
                store.recordWrite(this, key, new PendingWrite.Put(value));
            }
            case TTABLE -> {
                byte[] encoded;
                try {
                    encoded = StoreCodec.encode(value, StoreCodec.childPath("", key));
                } catch (UnsupportedValueException e) {
                    throw new LuaError("cannot store " + e.getMessage() + " of store table '" + name + "'");
                }
                entries.put(key, encoded);
                store.recordWrite(this, key, new PendingWrite.PutEncoded(encoded));
            }
            default ->
                throw new LuaError("cannot store a " + value.typename() + " at key '" + StoreCodec.childPath("", key)
                        + "' of store table '" + name + "'");
        }
    }

    private static void checkKey(LuaValue key) {
        switch (key.type()) {
            case TSTRING -> {}
            case TNUMBER -> {
                if (Double.isNaN(key.todouble())) {
                    throw new LuaError("table index is NaN");
                }
            }
            case TNIL -> throw new LuaError("table index is nil");
            default -> throw new LuaError("store table keys must be strings or numbers (got " + key.typename() + ")");
        }
    }

    // ------------------------------------------------------------------ traversal

    @Override
    public Varargs next(LuaValue key) {
        int i;
        if (key.isnil()) {
            snapshot();
            i = 0;
        } else {
            Integer at = iterIndex == null ? null : iterIndex.get(key);
            if (at == null) {
                snapshot();
                at = iterIndex.get(key);
                if (at == null) {
                    throw new LuaError("invalid key to 'next'");
                }
            }
            i = at + 1;
        }
        for (; i < iterKeys.length; i++) {
            Object v = entries.get(iterKeys[i]);
            if (v != null) {
                return varargsOf(iterKeys[i], toLua(iterKeys[i], v));
            }
        }
        return NIL;
    }

    /** Fixes the key order for a traversal; keys deleted meanwhile are skipped, keys added are not visited. */
    private void snapshot() {
        iterKeys = entries.keySet().toArray(new LuaValue[0]);
        iterIndex = new HashMap<>(iterKeys.length * 2);
        for (int i = 0; i < iterKeys.length; i++) {
            iterIndex.put(iterKeys[i], i);
        }
    }

    @Override
    public Varargs inext(LuaValue key) {
        int i = key.checkint() + 1;
        LuaValue v = lookup(LuaValue.valueOf(i));
        return v.isnil() ? NONE : varargsOf(LuaValue.valueOf(i), v);
    }

    @Override
    public int keyCount() {
        return entries.size();
    }

    @Override
    public LuaValue[] keys() {
        return entries.keySet().toArray(new LuaValue[0]);
    }

    // ------------------------------------------------------------------ length and the table library

    @Override
    public int length() {
        return rawlen();
    }

    @Override
    public LuaValue len() {
        return LuaValue.valueOf(rawlen());
    }

    /** A border, as Lua's {@code #}: n with t[n] ~= nil and t[n+1] == nil (0 when t[1] is nil). */
    @Override
    public int rawlen() {
        int n = borderHint;
        if (n > 0 && !entries.containsKey(LuaValue.valueOf(n))) {
            n = 0;
        }
        while (entries.containsKey(LuaValue.valueOf(n + 1))) {
            n++;
        }
        borderHint = n;
        return n;
    }

    @Override
    public void insert(int pos, LuaValue value) {
        int n = rawlen();
        if (pos == 0) {
            pos = n + 1;
        }
        for (int i = n; i >= pos; i--) {
            put(LuaValue.valueOf(i + 1), lookup(LuaValue.valueOf(i)));
        }
        put(LuaValue.valueOf(pos), value);
    }

    @Override
    public LuaValue remove(int pos) {
        int n = rawlen();
        if (pos == 0) {
            pos = n;
        } else if (pos > n) {
            return NONE;
        }
        LuaValue v = lookup(LuaValue.valueOf(pos));
        for (int i = pos; i < n; i++) {
            put(LuaValue.valueOf(i), lookup(LuaValue.valueOf(i + 1)));
        }
        if (n >= 1) {
            put(LuaValue.valueOf(n), NIL);
        }
        return v.isnil() ? NONE : v;
    }

    @Override
    public LuaValue concat(LuaString sep, int i, int j) {
        LuaTable copy = new LuaTable();
        for (int k = i; k <= j; k++) {
            copy.rawset(k, lookup(LuaValue.valueOf(k)));
        }
        return copy.concat(sep, i, j);
    }

    @Override
    public void sort(LuaValue comparator) {
        int n = rawlen();
        LuaTable copy = new LuaTable(n, 0);
        for (int i = 1; i <= n; i++) {
            copy.rawset(i, lookup(LuaValue.valueOf(i)));
        }
        copy.sort(comparator);
        for (int i = 1; i <= n; i++) {
            put(LuaValue.valueOf(i), copy.rawget(i));
        }
    }

    @Override
    public void presize(int narray) {
        // entries live in the store's map; nothing to size
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        throw new LuaError("cannot set a metatable on store table '" + name + "'");
    }

    @Override
    public String tojstring() {
        return "store.table: " + name;
    }
}

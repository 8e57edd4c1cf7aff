package org.luaj.vm2;

/**
 * Faster paths for three of LuaJ's {@link LuaTable} methods, swapped in by the engine's LuaJ patch
 * ({@code dev.jeplua.engine.luaj.Lua54Patches#luaTable}) for both the interpreter and compiled
 * code, with LuaJ's results:
 * <ul>
 * <li>{@code hashget(key)}: a string key (fields, methods, globals) is looked up in its bucket
 *     comparing keys directly, instead of LuaJ's chain of virtual calls per slot
 *     ({@code find}, {@code keyeq}, {@code raweq} and back); other keys and slots of weak tables
 *     take LuaJ's loop;</li>
 * <li>{@code hashset(key, value)}: a new value for a string key already present is stored in
 *     its entry directly ({@link #setExisting});</li>
 * <li>{@code get(key)}: a key absent from a table with a metatable goes on with {@code __index}
 *     without looking the key up in the table a second time (LuaJ's {@code gettable} starts over
 *     with a raw lookup), with LuaJ's limit of 100 {@code __index} steps.</li>
 * </ul>
 * JEPLua's own class; it lives in LuaJ's package only because the table's hash part and slot
 * types are package-private. Stateless; engine thread (as the tables it reads).
 */
public final class TableAccess {
    private TableAccess() {}

    /** {@code LuaTable.LinkSlot} (private in LuaTable): one link of a bucket's chain, holding a strong entry. */
    private static final Class<?> LINK_SLOT = linkSlot();

    private static Class<?> linkSlot() {
        try {
            return Class.forName("org.luaj.vm2.LuaTable$LinkSlot");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** LuaJ's limit on {@code __index} steps ({@code LuaValue.gettable}'s loop). */
    private static final int MAX_TAG_LOOP = 100;

    /**
     * {@code LuaTable.hashget}: the value stored under {@code key} in the hash part, or NIL.
     *
     * @param t   the table
     * @param key the key (not nil; integer keys of the array part never come here)
     */
    public static LuaValue hashget(LuaTable t, LuaValue key) {
        if (t.hashEntries <= 0) {
            return LuaValue.NIL;
        }
        LuaTable.Slot[] hash = t.hash;
        if (key instanceof LuaString s) {
            LuaTable.Slot slot = hash[s.hashCode() & (hash.length - 1)];
            while (slot != null) {
                LuaTable.Entry e;
                LuaTable.Slot next;
                if (slot.getClass() == LINK_SLOT) { // a link of a chain: its entry and the rest
                    e = (LuaTable.Entry) slot.first();
                    next = slot.rest();
                } else if (slot instanceof LuaTable.Entry entry) {
                    e = entry;
                    next = null;
                } else { // a weak table's slot: LuaJ's own lookup
                    LuaTable.StrongSlot found = slot.find(key);
                    if (found != null) {
                        return found.value();
                    }
                    slot = slot.rest();
                    continue;
                }
                if (sameString(e.key(), s)) {
                    return e.value();
                }
                slot = next;
            }
            return LuaValue.NIL;
        }
        for (LuaTable.Slot slot = hash[LuaTable.hashSlot(key, hash.length - 1)]; slot != null; slot = slot.rest()) {
            LuaTable.StrongSlot found = slot.find(key);
            if (found != null) {
                return found.value();
            }
        }
        return LuaValue.NIL;
    }

    /**
     * The value of string key {@code k} in a plain table's hash part, for compiled field reads
     * ({@code CompiledAt.getField}): a smaller body than {@link #hashget} (the JIT's inlining
     * budget for a compiled Lua function counts the bytecode of every inlined call), with no
     * answer for the rarer cases.
     *
     * @return the value when {@code k} is in a strong entry; null when it is absent or the bucket
     *     holds a weak slot (the caller then takes the general path)
     */
    public static LuaValue field(LuaTable t, LuaString k) {
        LuaTable.Slot[] hash = t.hash;
        int n = hash.length;
        if (n == 0) {
            return null;
        }
        LuaTable.Slot slot = hash[k.hashCode() & (n - 1)];
        while (slot != null) {
            LuaTable.Entry e;
            if (slot.getClass() == LINK_SLOT) {
                e = (LuaTable.Entry) slot.first();
                slot = slot.rest();
            } else if (slot instanceof LuaTable.Entry entry) {
                e = entry;
                slot = null;
            } else {
                return null;
            }
            if (e.key() == k) {
                return e.value();
            }
        }
        return fieldByContent(t, k);
    }

    /**
     * {@link #field} when no key of the bucket is {@code k} itself: a key with the same bytes
     * (constants of two chunks are two {@code LuaString}s), compared by {@link #hashget}; kept
     * out of {@link #field} so that the common case inlines small.
     */
    private static LuaValue fieldByContent(LuaTable t, LuaString k) {
        LuaValue v = hashget(t, k);
        return v.isnil() ? null : v;
    }

    /**
     * {@code t[key]} in the array part of a table without a metatable, for compiled reads with an
     * integer key ({@code CompiledAt.index}).
     *
     * @return the value, or null when the key is outside the array part, the slot is empty or
     *     the table has a metatable (the caller then takes the general path)
     */
    public static LuaValue item(LuaTable t, int key) {
        LuaValue[] array = t.array;
        return key > 0 && key <= array.length && t.m_metatable == null ? array[key - 1] : null;
    }

    /**
     * {@code t[key] = value} in the array part of a table without a metatable, as LuaJ's
     * {@code rawset} stores it there (nil as an empty slot), for compiled writes with an integer
     * key ({@code CompiledAt.setIndex}).
     *
     * @return false when the key is outside the array part or the table has a metatable (nothing
     *     stored: the caller takes the general path)
     */
    public static boolean setItem(LuaTable t, int key, LuaValue value) {
        LuaValue[] array = t.array;
        if (key > 0 && key <= array.length && t.m_metatable == null) {
            array[key - 1] = value.isnil() ? null : value;
            return true;
        }
        return false;
    }

    private static boolean sameString(LuaValue k, LuaString s) {
        return k == s || (k instanceof LuaString ks && ks.hashCode() == s.hashCode() && ks.raweq(s));
    }

    /**
     * The start of {@code LuaTable.hashset(key, value)}: when {@code key} is a string already in
     * the table's hash part in LuaJ's plain entry, {@code value} is not nil and the table is not
     * weak, stores {@code value} in that entry, which is what LuaJ's {@code hashset} ends up
     * doing (the entry's {@code set} keeps the entry and the bucket unchanged), without its chain
     * of calls through the bucket. Anything else is left to LuaJ's body.
     *
     * @return true when the value was stored (LuaJ's body is then skipped)
     */
    public static boolean setExisting(LuaTable t, LuaValue key, LuaValue value) {
        if (!(key instanceof LuaString s) || t.hashEntries <= 0 || value.isnil()) {
            return false;
        }
        Metatable mt = t.m_metatable;
        if (mt != null && !(mt instanceof LuaTable)) { // weak tables (and marked ones): LuaJ's way
            return false;
        }
        LuaTable.Slot[] hash = t.hash;
        LuaTable.Slot slot = hash[s.hashCode() & (hash.length - 1)];
        while (slot != null) {
            LuaTable.Entry e;
            LuaTable.Slot next;
            if (slot.getClass() == LINK_SLOT) {
                e = (LuaTable.Entry) slot.first();
                next = slot.rest();
            } else if (slot instanceof LuaTable.Entry entry) {
                e = entry;
                next = null;
            } else {
                return false;
            }
            if (sameString(e.key(), s)) {
                if (e.getClass() != LuaTable.NormalEntry.class) {
                    return false;
                }
                e.set(value);
                return true;
            }
            slot = next;
        }
        return false;
    }

    /**
     * {@code LuaTable.get(key)}: the raw value, else what {@code __index} gives, as LuaJ's
     * {@code get} and {@code LuaValue.gettable} do (a function {@code __index} is called with the
     * table and key; a table or other value is indexed in turn; {@code loop in gettable} after
     * 100 steps; indexing a value without {@code __index} raises LuaJ's index error).
     */
    public static LuaValue get(LuaTable t, LuaValue key) {
        LuaValue v = t.rawget(key);
        if (!v.isnil() || t.m_metatable == null) {
            return v;
        }
        LuaValue tm = t.metatag(LuaValue.INDEX);
        if (tm.isnil()) {
            return v;
        }
        if (tm.isfunction()) {
            return tm.call(t, key);
        }
        // LuaJ's loop from its second step on (t was its first)
        LuaValue o = tm;
        for (int loop = 1; loop < MAX_TAG_LOOP; loop++) {
            if (o.istable()) {
                LuaValue res = o.rawget(key);
                if (!res.isnil() || (tm = o.metatag(LuaValue.INDEX)).isnil()) {
                    return res;
                }
            } else if ((tm = o.metatag(LuaValue.INDEX)).isnil()) {
                return LuaValue.gettable(o, key); // raises LuaJ's index error for o
            }
            if (tm.isfunction()) {
                return tm.call(o, key);
            }
            o = tm;
        }
        LuaValue.error("loop in gettable");
        return LuaValue.NIL;
    }
}

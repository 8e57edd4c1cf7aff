package dev.jeplua.engine.json;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * The Lua values JSON needs beyond Lua's own: the {@link #NULL json.null} sentinel and the
 * array marks that make an empty table encode as {@code []}, shared by {@link JsonEncoder},
 * {@link JsonDecoder} and the {@code json} library.
 *
 * <h2>Array marks</h2>
 * Marks live in a process-wide weak-keyed identity set (a synchronized {@link WeakHashMap};
 * {@link LuaTable} has identity equality), not in a metatable: marking never touches or
 * replaces a user's metatable, and a marked table costs nothing once it is garbage. The mark
 * only matters while the table is empty. Every method is thread-safe.
 */
public final class JsonValues {

    /**
     * The {@code json.null} sentinel: a userdata whose {@code tostring} is {@code "null"}. Its
     * metatable is shared by every Lua state in the process and protected by {@code __metatable}.
     */
    public static final LuaUserdata NULL;

    /** Deepest nesting accepted by encode and decode. */
    public static final int MAX_DEPTH = 1000;

    private static final Map<LuaTable, Boolean> ARRAYS = Collections.synchronizedMap(new WeakHashMap<>());

    static {
        LuaTable meta = new LuaTable();
        meta.rawset("__tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf("null");
            }
        });
        meta.rawset("__name", "json.null");
        // the metatable is shared by every Lua state in the process: keep scripts from changing it
        meta.rawset("__metatable", "json.null");
        NULL = new LuaUserdata(
                new Object() {
                    @Override
                    public String toString() {
                        return "null";
                    }
                },
                meta);
    }

    private JsonValues() {}

    /** Marks {@code t} as a JSON array (so it encodes as {@code []} while empty) and returns it. */
    public static LuaTable markArray(LuaTable t) {
        ARRAYS.put(t, Boolean.TRUE);
        return t;
    }

    /** Whether {@code t} was marked by {@link #markArray} ({@code json.array}) or decoded from an array. */
    public static boolean isMarkedArray(LuaTable t) {
        return ARRAYS.containsKey(t);
    }
}

package dev.jeplua.store;

import static org.luaj.vm2.LuaValue.NIL;
import static org.luaj.vm2.LuaValue.NONE;
import static org.luaj.vm2.LuaValue.TSTRING;
import static org.luaj.vm2.LuaValue.varargsOf;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.LuaModules;
import java.nio.file.Path;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code store} table (docs/store.md), also {@code require("store")}:
 * <pre>
 * store.table(name) -> t           persistent table proxy (see StoreTable): t[k], t[k]=v, pairs, ipairs, #
 * store.tables() -> {name, ...}    names of all tables, sorted
 * store.drop(name) -> existed      deletes a table and its entries
 * store.flush()                    commits pending writes now (otherwise done at the end of the batch)
 * store.stats() -> {file=, bytes=, commits=, pending=, tables=}   bytes on disk (db + WAL), commits so far
 * store.path() -> string           the store file (absolute); does not create it
 * store.serialize(v) -> string     type-tagged binary encoding (docs/store.md)
 * store.deserialize(s) -> v | nil, message
 * </pre>
 * The database file ({@code --store PATH}, default {@code .jeplua/store.db} under the working
 * directory) is opened on the first call of {@code table}, {@code tables}, {@code drop},
 * {@code flush} or {@code stats}, so scripts that never use the store create nothing. From then on an
 * end-of-batch hook commits the batch's writes in one transaction, and closing the engine
 * flushes and releases the file ({@link #store()} gives the open {@link Store}, null before first use).
 *
 * <p>Errors (Lua errors): {@code store: store file /x/store.db is in use by another JEPLua process (pid 4711); ...};
 * {@code cannot serialize a function at key 'f'}; argument errors worded like Lua. A failed
 * commit is reported once on the engine's stderr as {@code jeplua: store: ...} and retried at
 * the end of the next batch. Engine thread only.
 */
public final class StoreLib implements Library, LibraryFunction.Body {
    private static final Logger log = LoggerFactory.getLogger(StoreLib.class);
    /** The store file used when {@code --store} is not given, relative to the working directory. */
    public static final Path DEFAULT_PATH = Path.of(".jeplua", "store.db");

    private EngineContext engine;
    private Path path;
    private volatile Store store;
    /** The store being opened by {@link #openAhead()}, until {@link #open()} takes it. */
    private java.util.concurrent.CompletableFuture<Store> ahead;

    private boolean commitFailing;

    /** The store library; the file comes from the engine's configuration ({@code --store}). */
    public StoreLib() {}

    /** The open store, or null before a script first uses it. Engine thread (tests). */
    public Store store() {
        return store;
    }

    @Override
    public void install(EngineContext engine, Globals env) {
        this.engine = engine;
        engine.registerGauge("store_commits", () -> {
            Store s = store;
            return s == null ? 0 : (int) s.commitCount();
        });
        dev.jeplua.engine.inspect.Inspector.of(engine).register("store", new StoreSection());
        Path configured = engine.config().storePath();
        this.path = (configured == null ? DEFAULT_PATH : configured)
                .toAbsolutePath()
                .normalize();
        LuaTable t = new LuaTable();
        LibraryFunction.define(t, "table", FN_TABLE, this);
        LibraryFunction.define(t, "tables", FN_TABLES, this);
        LibraryFunction.define(t, "drop", FN_DROP, this);
        LibraryFunction.define(t, "flush", FN_FLUSH, this);
        LibraryFunction.define(t, "stats", FN_STATS, this);
        LibraryFunction.define(t, "path", FN_PATH, this);
        LibraryFunction.define(t, "serialize", FN_SERIALIZE, this);
        LibraryFunction.define(t, "deserialize", FN_DESERIALIZE, this);
        LuaModules.register(env, "store", t);
    }

    /**
     * Starts opening the store file on a background thread now, for a host that knows its script
     * will use the store (the {@code --fibaro} runtime reads its home from it before
     * {@code onInit}): loading SQLite and opening the file then overlap with compiling and
     * starting the script, and the first store call only waits for what is left. A failure is
     * raised by that first call, as without this. Does nothing when the store is open already or
     * being opened. After {@link #install}: on the thread that built the engine before it starts, or on
     * the engine thread.
     */
    public void openAhead() {
        if (store != null || ahead != null) {
            return;
        }
        Path file = path;
        java.util.concurrent.CompletableFuture<Store> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(Store.open(file));
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                },
                "jeplua-store-open");
        t.setDaemon(true);
        t.start();
        ahead = f;
        engine.addCloseable(
                () -> { // opened ahead but never used: release the file
                    if (store == null) {
                        f.thenAccept(Store::close);
                    }
                });
    }

    /** The open store, opening it (and hooking it into the engine) on first use. */
    private Store open() {
        if (store == null) {
            try {
                store = ahead != null ? joinAhead() : Store.open(path);
            } catch (StoreException e) {
                throw new LuaError("store: " + e.getMessage());
            } finally {
                ahead = null;
            }
            engine.loop().addBatchHook(this::commitBatch);
            engine.addCloseable(store);
        }
        return store;
    }

    private Store joinAhead() {
        try {
            return ahead.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** End-of-batch hook: commits the batch's writes; reports a failure once until a commit succeeds. */
    private void commitBatch() {
        try {
            store.commit();
            commitFailing = false;
        } catch (StoreException e) {
            if (!commitFailing) {
                commitFailing = true;
                log.error("store commit failed", e);
                engine.config()
                        .stderr()
                        .println("jeplua: store: " + e.getMessage() + " (will retry after the next batch)");
            }
        }
    }

    /** The live inspector's {@code store} section: the tables of the open store, by name. Engine thread. */
    private final class StoreSection implements dev.jeplua.engine.inspect.InspectSection {
        @Override
        public java.util.List<java.util.Map<String, Object>> rows() {
            Store s = store;
            if (s == null) {
                return java.util.List.of();
            }
            java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
            for (String name : s.tableNames()) {
                java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("id", name);
                row.put("table", name);
                row.put("file", s.file().toString());
                rows.add(row);
            }
            return rows;
        }
    }

    // function numbers of this store's LibraryFunction.Body
    private static final int FN_TABLE = 0;
    private static final int FN_TABLES = 1;
    private static final int FN_DROP = 2;
    private static final int FN_FLUSH = 3;
    private static final int FN_STATS = 4;
    private static final int FN_PATH = 5;
    private static final int FN_SERIALIZE = 6;
    private static final int FN_DESERIALIZE = 7;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_TABLE -> luaTable(a);
            case FN_TABLES -> luaTables(a);
            case FN_DROP -> LuaValue.valueOf(open().drop(LuaArgs.string(a, 1, "drop")));
            case FN_FLUSH -> luaFlush(a);
            case FN_STATS -> luaStats(a);
            case FN_PATH -> LuaValue.valueOf(path.toString());
            case FN_SERIALIZE -> luaSerialize(a);
            case FN_DESERIALIZE -> luaDeserialize(a);
            default -> throw new IllegalArgumentException("store: no function " + index);
        };
    }

    private Varargs luaTable(Varargs a) {
        String name = LuaArgs.string(a, 1, "table");
        try {
            return open().table(name);
        } catch (StoreException e) {
            throw new LuaError("store: " + e.getMessage());
        }
    }

    private Varargs luaTables(Varargs a) {
        List<String> names = open().tableNames();
        LuaTable list = new LuaTable(names.size(), 0);
        for (int i = 0; i < names.size(); i++) {
            list.rawset(i + 1, LuaValue.valueOf(names.get(i)));
        }
        return list;
    }

    private Varargs luaFlush(Varargs a) {
        Store s = open();
        try {
            s.commit();
        } catch (StoreException e) {
            throw new LuaError("store: " + e.getMessage());
        }
        return NONE;
    }

    private Varargs luaStats(Varargs a) {
        Store s = open();
        LuaTable stats = new LuaTable();
        stats.set("file", s.file().toString());
        stats.set("bytes", org.luaj.vm2.Lua54Numbers.integer(s.diskBytes()));
        stats.set("commits", org.luaj.vm2.Lua54Numbers.integer(s.commitCount()));
        stats.set("pending", LuaValue.valueOf(s.pendingWrites()));
        stats.set("tables", LuaValue.valueOf(s.tableNames().size()));
        return stats;
    }

    private Varargs luaSerialize(Varargs a) {
        if (a.narg() < 1) {
            throw LuaArgs.argError(1, "serialize", "value expected");
        }
        try {
            return LuaValue.valueOf(StoreCodec.encode(a.arg1()));
        } catch (UnsupportedValueException e) {
            throw new LuaError("cannot serialize " + e.getMessage());
        }
    }

    private Varargs luaDeserialize(Varargs a) {
        LuaValue s = a.arg1();
        if (s.type() != TSTRING) {
            throw LuaArgs.argError(
                    1, "deserialize", "string expected, got " + (a.narg() < 1 ? "no value" : s.typename()));
        }
        try {
            return StoreCodec.decode(s.checkstring());
        } catch (MalformedDataException e) {
            return varargsOf(NIL, LuaValue.valueOf(e.getMessage()));
        }
    }
}

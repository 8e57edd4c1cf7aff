package dev.jeplua.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/** The {@code store} library as scripts see it, on a real SQLite file, driven by the manual-ticker harness. */
@Timeout(30)
class StoreLibTest {
    @TempDir
    Path dir;

    private LuaSpecHarness current;
    private StoreLib currentStore;
    private final java.util.Map<LuaSpecHarness, StoreLib> stores = new java.util.IdentityHashMap<>();

    private LuaSpecHarness engine(Path file) {
        currentStore = new StoreLib();
        current = new LuaSpecHarness(new EngineConfig().storePath(file), currentStore);
        stores.put(current, currentStore);
        return current;
    }

    /** What an orderly shutdown does: flush and release the file. */
    private void closeStore(LuaSpecHarness h) {
        Store s = stores.get(h).store();
        if (s != null) {
            s.close();
        }
    }

    @AfterEach
    void closeLast() {
        if (current != null) {
            closeStore(current);
        }
    }

    @Test
    void a_store_table_behaves_like_a_lua_table() {
        engine(dir.resolve("s.db")).runChunk("""
                local t = store.table("things")
                eq(type(t), "table")
                t.a = 1; t[1] = "one"; t[2] = "two"; t[3] = "three"; t.cfg = {x = 1, list = {1, 2}}
                eq(t.a, 1); eq(#t, 3); eq(t["cfg"].list[2], 2)
                local n = 0
                for k, v in pairs(t) do n = n + 1 end
                eq(n, 5)
                local seen = {}
                for i, v in ipairs(t) do seen[#seen + 1] = v end
                eq(table.concat(seen, ","), "one,two,three")
                eq(table.concat(t, "-"), "one-two-three")
                table.insert(t, "four"); eq(#t, 4); eq(t[4], "four")
                table.insert(t, 1, "zero"); eq(t[1], "zero"); eq(t[5], "four")
                eq(table.remove(t, 1), "zero"); eq(#t, 4)
                table.sort(t); eq(t[1], "four"); eq(t[4], "two")
                local up = table.unpack or unpack; eq(select("#", up(t)), 4)
                t.a = nil; eq(t.a, nil)
                t[1.5] = "half"; eq(t[1.5], "half"); eq(t[3 / 2], "half")
                local c = t.cfg
                c.x = 99
                eq(t.cfg.x, 1, "reading returns a copy")
                for k in pairs(t) do t[k] = nil end
                eq(next(t), nil); eq(#t, 0)
                assert(store.table("things") == t, "same proxy for the same name")
                """);
    }

    @Test
    void values_survive_a_restart_of_the_engine() {
        Path file = dir.resolve("s.db");
        LuaSpecHarness first = engine(file);
        first.runChunk("""
                local t = store.table("state")
                t.count = 41; t.count = t.count + 1
                t.name = "kitchen\\0lamp"; t.on = true; t.cfg = {brightness = 0.75, days = {"mon", "fri"}}
                t[1] = "a"; t[2] = "b"; t.gone = "x"; t.gone = nil
                store.table("other").x = 1
                store.table("dropped").x = 1
                store.drop("dropped")
                """);
        closeStore(first);
        engine(file).runChunk("""
                local t = store.table("state")
                eq(t.count, 42); eq(t.name, "kitchen\\0lamp"); eq(t.on, true); eq(t.gone, nil)
                eq(t.cfg.brightness, 0.75); eq(t.cfg.days[2], "fri"); eq(#t, 2)
                eq(store.tables(), {"other", "state"})
                eq(store.table("dropped").x, nil)
                """);
    }

    @Test
    void a_batch_is_committed_in_one_transaction_at_its_end() throws SQLException {
        Path file = dir.resolve("s.db");
        LuaSpecHarness h = engine(file);
        h.engine()
                .globals()
                .set("committed_rows", new NamedFunction("committed_rows", a -> LuaValue.valueOf(committedRows(file))));
        h.runChunk("""
                local t = store.table("batch")
                t.a = 1; t.b = 2; t.c = 3
                eq(t.b, 2, "reads see the batch's own writes at once")
                eq(committed_rows(), 0, "nothing is on disk during the batch")
                setTimeout(function() t.d = 4; eq(committed_rows(), 3, "the previous batch was committed") end, 10)
                """);
        assertThat(committedRows(file)).isEqualTo(3);
        h.advance(10);
        assertThat(h.takeErrors()).isEmpty();
        assertThat(committedRows(file)).isEqualTo(4);
        h.runChunk("""
                store.table("batch").e = 5
                store.flush()
                eq(committed_rows(), 5, "store.flush commits at once")
                """);
    }

    private static int committedRows(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM store_entries")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void values_the_store_cannot_hold_raise_an_error_naming_the_key_and_write_nothing() {
        engine(dir.resolve("s.db")).runChunk("""
                local t = store.table("settings")
                local function err(f) local ok, e = pcall(f); assert(not ok, "expected an error"); return e end
                local e = err(function() t.cfg = {handler = print} end)
                assert(e:find("cannot store a function at key 'cfg.handler' of store table 'settings'", 1, true), e)
                e = err(function() t.f = print end)
                assert(e:find("cannot store a function at key 'f' of store table 'settings'", 1, true), e)
                local cyc = {}; cyc.self = cyc
                e = err(function() t.c = cyc end)
                assert(e:find("cannot store a table that contains itself at key 'c.self'", 1, true), e)
                e = err(function() t[true] = 1 end)
                assert(e:find("store table keys must be strings or numbers (got boolean)", 1, true), e)
                e = err(function() t[0/0] = 1 end)
                assert(e:find("table index is NaN", 1, true), e)
                e = err(function() setmetatable(t, {}) end)
                assert(e:find("cannot set a metatable on store table 'settings'", 1, true), e)
                eq(t.cfg, nil); eq(t.f, nil); eq(t.c, nil); eq(next(t), nil)
                """);
    }

    @Test
    void scripts_that_never_use_the_store_create_no_file() {
        Path file = dir.resolve("sub").resolve("s.db");
        engine(file).runChunk("""
                local s = store.serialize({1, 2})
                eq(store.deserialize(s), {1, 2})
                eq(store.path(), ...)
                """.replace("...", "\"" + file.toAbsolutePath() + "\""));
        assertThat(currentStore.store()).isNull();
        assertThat(Files.exists(file.getParent())).isFalse();
    }

    @Test
    void serialize_and_deserialize_follow_lua_conventions() {
        engine(dir.resolve("s.db")).runChunk("""
                local v = {n = 2^53, s = "\\0\\255", f = -1.25, inf = -math.huge, t = {true, false}}
                eq(store.deserialize(store.serialize(v)), v)
                local nan = store.deserialize(store.serialize(0/0)); assert(nan ~= nan)
                eq(select("#", store.deserialize(store.serialize(nil))), 1)
                eq(store.serialize(true), "\\1\\1")
                local value, message = store.deserialize("\\9")
                eq(value, nil); eq(message, "unknown type tag 0x09 at byte 0")
                value, message = store.deserialize("")
                eq(value, nil); assert(message:find("truncated"), message)
                local ok, e = pcall(store.serialize, {cb = print})
                assert(not ok and e:find("cannot serialize a function at key 'cb'", 1, true), e)
                ok, e = pcall(store.deserialize, 42)
                assert(not ok and e:find("bad argument #1 to 'store.deserialize' (string expected, got number)", 1, true), e)
                eq(require("store"), store)
                """);
    }

    @Test
    void a_store_opened_ahead_is_the_one_the_script_gets_and_its_writes_persist() {
        Path file = dir.resolve("ahead.db");
        LuaSpecHarness h = engine(file);
        currentStore.openAhead();
        currentStore.openAhead(); // a second call changes nothing
        h.runChunk("""
                local t = store.table("t")
                t.k = "v"
                eq(store.path(), store.stats().file)
                """);
        assertThat(currentStore.store()).isNotNull();
        closeStore(h);
        engine(file).runChunk("eq(store.table('t').k, 'v')");
    }

    @Test
    void a_failure_to_open_ahead_is_raised_by_the_first_store_call() {
        Path file = dir.resolve("held.db");
        Store holder = Store.open(file); // this process holds the file, as another JEPLua would
        try {
            LuaSpecHarness h = engine(file);
            currentStore.openAhead();
            h.runChunk("""
                    local ok, e = pcall(store.table, "t")
                    assert(not ok and e:find("store: store file", 1, true) and e:find("in use", 1, true), e)
                    """);
        } finally {
            holder.close();
        }
    }

    @Test
    void the_native_library_is_loaded_from_the_per_user_cache() {
        engine(dir.resolve("n.db")).runChunk("store.table('t')");
        String path = System.getProperty("org.sqlite.lib.path");
        assertThat(path).contains("jeplua").contains("sqlite-");
        assertThat(Path.of(path, System.getProperty("org.sqlite.lib.name"))).isRegularFile();
    }
}

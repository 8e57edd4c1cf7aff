package dev.jeplua.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/** The {@link Store} from Java: files it refuses, drops, and what a commit writes. */
@Timeout(30)
class StoreTest {
    @TempDir
    Path dir;

    @Test
    void a_file_that_is_not_a_database_is_refused_with_a_clear_error_and_left_alone() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "my shopping list, not a database ".repeat(200));
        assertThatThrownBy(() -> Store.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessage("store file " + file + " is not a database");
        assertThat(Files.readString(file)).startsWith("my shopping list");
    }

    @Test
    void a_store_written_by_a_newer_version_is_refused() throws Exception {
        Path file = dir.resolve("new.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version=7");
        }
        assertThatThrownBy(() -> Store.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 7, newer than this JEPLua understands (1)");
    }

    @Test
    void a_dropped_table_is_gone_after_restart_and_writes_after_the_drop_bring_it_back() {
        Path file = dir.resolve("s.db");
        try (Store s = Store.open(file)) {
            StoreTable a = s.table("a");
            a.set("x", LuaValue.valueOf(1));
            s.table("b").set("y", LuaValue.valueOf(2));
            s.commit();
            assertThat(s.drop("a")).isTrue();
            assertThat(a.get("x").isnil()).isTrue();
            assertThat(s.tableNames()).containsExactly("b");
            assertThat(s.drop("never")).isFalse();
            s.table("b").set("y", LuaValue.NIL);
            s.commit();
            s.drop("b");
            a.set("z", LuaValue.valueOf(3)); // the proxy held before the drop: writing re-creates "a"
            assertThat(s.table("a")).isSameAs(a);
        }
        try (Store s = Store.open(file)) {
            assertThat(s.tableNames()).containsExactly("a");
            assertThat(s.table("a").get("x").isnil()).isTrue();
            assertThat(s.table("a").get("z").toint()).isEqualTo(3);
            assertThat(s.table("b").keyCount()).isZero();
        }
    }

    @Test
    void a_commit_writes_only_what_changed_and_counts_a_key_once() {
        try (Store s = Store.open(dir.resolve("s.db"))) {
            StoreTable t = s.table("t");
            for (int i = 0; i < 10; i++) {
                t.set("n", LuaValue.valueOf(i));
            }
            assertThat(s.pendingWrites()).isEqualTo(2); // the table's registration and one key
            s.commit();
            assertThat(s.pendingWrites()).isZero();
            assertThat(s.commitCount()).isEqualTo(1);
            s.commit();
            assertThat(s.commitCount()).as("nothing pending: no transaction").isEqualTo(1);
            assertThat(s.diskBytes()).isPositive();
        }
    }

    @Test
    void the_store_creates_its_directory_and_closing_twice_is_harmless() {
        Path file = dir.resolve("a").resolve("b").resolve("s.db");
        Store s = Store.open(file);
        s.table("t").set(1, LuaValue.valueOf("one"));
        s.close();
        s.close();
        assertThat(file).isRegularFile();
        assertThatThrownBy(() -> s.table("t"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is closed");
    }
}

package dev.jeplua.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.luaj.vm2.LuaValue;

/**
 * The changes a {@link Store} has recorded since its last commit: tables to drop, table names to
 * register, and per table the last {@link PendingWrite} of each written key. Everything is kept
 * in the order it was first recorded, which is the order the commit writes it in.
 *
 * <p>Not thread-safe: the store uses it from the engine thread, and from its commit under the
 * store's commit lock.
 */
final class PendingChanges {
    private final Set<String> drops = new LinkedHashSet<>();
    private final Set<String> creates = new LinkedHashSet<>();
    private final Map<String, LinkedHashMap<LuaValue, PendingWrite>> writes = new LinkedHashMap<>();

    /** Records that table {@code name} is to be registered in the store's table list. */
    void create(String name) {
        creates.add(name);
    }

    /**
     * Records that table {@code name} is to be deleted with all its entries, forgetting the
     * registration and the writes recorded for it so far.
     */
    void drop(String name) {
        writes.remove(name);
        creates.remove(name);
        drops.add(name);
    }

    /** Records {@code write} for {@code key} of table {@code name}, replacing an earlier one. */
    void write(String name, LuaValue key, PendingWrite write) {
        writes.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(key, write);
    }

    /** Tables to drop, in the order they were dropped (read-only view). */
    Set<String> drops() {
        return Collections.unmodifiableSet(drops);
    }

    /** Table names to register, in the order they were created (read-only view). */
    Set<String> creates() {
        return Collections.unmodifiableSet(creates);
    }

    /**
     * The writes per table name, each table's keys in the order they were first written
     * (read-only view).
     */
    Map<String, ? extends SequencedMap<LuaValue, PendingWrite>> writes() {
        return Collections.unmodifiableMap(writes);
    }

    /** Drops, registrations and written keys together (a key written twice counts once). */
    int count() {
        int n = drops.size() + creates.size();
        for (Map<LuaValue, PendingWrite> m : writes.values()) {
            n += m.size();
        }
        return n;
    }

    /** True when nothing is waiting to be committed. */
    boolean isEmpty() {
        return drops.isEmpty() && creates.isEmpty() && writes.isEmpty();
    }

    /** Forgets everything recorded (after a successful commit). */
    void clear() {
        drops.clear();
        creates.clear();
        writes.clear();
    }
}

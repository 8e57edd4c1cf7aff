package dev.jeplua.debugger;

import dev.jeplua.engine.coroutine.Coroutine;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.luaj.vm2.LuaThread;

/**
 * DAP thread ids for the engine's coroutines: each coroutine that runs Lua code while the
 * debugger is attached (the main chunk, timers, callbacks, {@code coroutine.create} ones), and
 * each one found suspended ({@link #refresh(Collection)}, fed from the scheduler's list of
 * suspended coroutines, so those that yielded before the client attached are listed too) gets an
 * id when first seen and keeps it while alive; dead ones drop out of the list. Coroutines are held
 * weakly. Id {@link #EVENT_LOOP_ID} is kept for the event loop itself (a pause while no Lua code
 * runs stops there). Engine thread, except {@link #snapshot}.
 */
final class ThreadRegistry {
    /** One entry of the DAP thread list. */
    record Entry(int id, String name) {}

    /** The DAP thread id of the event loop: what a pause stops on while no Lua code runs. */
    static final int EVENT_LOOP_ID = 1;

    private final Map<LuaThread, Integer> ids = new WeakHashMap<>();
    private final Map<Integer, WeakReference<LuaThread>> byId = new HashMap<>();
    private int next = EVENT_LOOP_ID + 1;
    private LuaThread last;
    private int lastId;
    private volatile List<Entry> snapshot = List.of();

    /** The id of {@code t}, assigning one when it is new. */
    int idOf(LuaThread t) {
        if (t == last) {
            return lastId;
        }
        Integer id = ids.get(t);
        if (id == null) {
            id = assign(t);
            refresh();
        }
        last = t;
        lastId = id;
        return id;
    }

    private int assign(LuaThread t) {
        int id = next++;
        ids.put(t, id);
        byId.put(id, new WeakReference<>(t));
        return id;
    }

    /** The coroutine with DAP id {@code id}, or null when it is gone. */
    LuaThread byId(int id) {
        WeakReference<LuaThread> r = byId.get(id);
        return r == null ? null : r.get();
    }

    /**
     * Gives an id to each of {@code suspended} not seen yet, then rebuilds the list.
     *
     * @param suspended coroutines waiting in a yield now (the scheduler's list)
     */
    List<Entry> refresh(Collection<? extends LuaThread> suspended) {
        for (LuaThread t : suspended) {
            if (!ids.containsKey(t)) {
                assign(t);
            }
        }
        return refresh();
    }

    /** Rebuilds the list (dead coroutines removed) and returns it. */
    List<Entry> refresh() {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<Integer, WeakReference<LuaThread>> e : new ArrayList<>(byId.entrySet())) {
            LuaThread t = e.getValue().get();
            if (t == null || t.state.status == LuaThread.STATUS_DEAD) {
                byId.remove(e.getKey());
                if (t != null) {
                    ids.remove(t);
                }
                if (t == last) {
                    last = null;
                }
                continue;
            }
            out.add(new Entry(e.getKey(), name(e.getKey(), t)));
        }
        out.sort((a, b) -> Integer.compare(a.id(), b.id()));
        snapshot = List.copyOf(out);
        return snapshot;
    }

    /** The list as last refreshed. Any thread. */
    List<Entry> snapshot() {
        return snapshot;
    }

    private static String name(int id, LuaThread t) {
        String kind = t instanceof Coroutine co ? co.kind() : "coroutine";
        String waits = t instanceof Coroutine co ? co.waitingFor() : null;
        String state =
                switch (t.state.status) {
                    case LuaThread.STATUS_SUSPENDED ->
                        waits == null || waits.equals("yield") ? " (suspended)" : " (suspended: " + waits + ")";
                    case LuaThread.STATUS_NORMAL -> " (resuming another)";
                    default -> "";
                };
        return kind + " #" + id + state;
    }
}

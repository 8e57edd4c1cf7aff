package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.FALSE;
import static org.luaj.vm2.LuaValue.TRUE;
import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.util.ArrayDeque;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * EPLua's event queue (docs/eplua-bridge.md): one first-in first-out queue of Lua values per
 * engine, which a script fills and drains (EPLua's QuickApp helpers pass device events through
 * it). The {@code _PY} functions:
 * <pre>
 * _PY.init_event_queue() -> true        creates the queue if it does not exist
 * _PY.add_event(value) -> true          appends value (a table is kept by reference: the same
 *                                       table comes back); creates the queue if needed
 * _PY.get_events([max=10]) -> {v1, v2, ...}
 *                                       removes and returns up to max values, oldest first
 *                                       ({} when empty or never created; max below 1 gives {})
 * _PY.get_event_count() -> n            values waiting (0 when never created)
 * _PY.clear_events() -> bool            empties the queue: true if it exists, false if it was
 *                                       never created
 * </pre>
 * {@code add_event(nil)} stores nothing and returns true (an array cannot hold nil; EPLua drops
 * such members when it returns them).
 * Engine thread only (the values are Lua values).
 */
final class EventQueue implements LibraryFunction.Body {
    private ArrayDeque<LuaValue> queue;

    /** Adds the queue's functions to {@code py}. Engine thread. */
    void install(LuaTable py) {
        LibraryFunction.define(py, "init_event_queue", FN_INIT_EVENT_QUEUE, this);
        LibraryFunction.define(py, "add_event", FN_ADD_EVENT, this);
        LibraryFunction.define(py, "get_events", FN_GET_EVENTS, this);
        LibraryFunction.define(py, "get_event_count", FN_GET_EVENT_COUNT, this);
        LibraryFunction.define(py, "clear_events", FN_CLEAR_EVENTS, this);
    }

    private void ensure() {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
    }

    // function numbers of this _PY.events's LibraryFunction.Body
    private static final int FN_INIT_EVENT_QUEUE = 0;
    private static final int FN_ADD_EVENT = 1;
    private static final int FN_GET_EVENTS = 2;
    private static final int FN_GET_EVENT_COUNT = 3;
    private static final int FN_CLEAR_EVENTS = 4;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_INIT_EVENT_QUEUE -> luaInitEventQueue(a);
            case FN_ADD_EVENT -> luaAddEvent(a);
            case FN_GET_EVENTS -> luaGetEvents(a);
            case FN_GET_EVENT_COUNT -> valueOf(queue == null ? 0 : queue.size());
            case FN_CLEAR_EVENTS -> luaClearEvents(a);
            default -> throw new IllegalArgumentException("_PY.events: no function " + index);
        };
    }

    private Varargs luaInitEventQueue(Varargs a) {
        ensure();
        return TRUE;
    }

    private Varargs luaAddEvent(Varargs a) {
        ensure();
        if (!a.arg1().isnil()) {
            queue.add(a.arg1());
        }
        return TRUE;
    }

    private Varargs luaGetEvents(Varargs a) {
        long max = LuaArgs.optInteger(a, 1, "get_events", 10);
        LuaTable t = new LuaTable();
        for (int i = 1; queue != null && i <= max && !queue.isEmpty(); i++) {
            t.rawset(i, queue.poll());
        }
        return t;
    }

    private Varargs luaClearEvents(Varargs a) {
        if (queue == null) {
            return FALSE;
        }
        queue.clear();
        return TRUE;
    }
}

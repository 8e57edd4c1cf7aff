package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.TRUE;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.json.JsonLib;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EPLua's QuickApp view updates (docs/eplua-bridge.md):
 * <pre>
 * _PY.broadcast_view_update(qaId, elementId, property, value) -> true
 * </pre>
 * builds the JSON message {@code {"type":"view_update","qa_id":qaId,"element_id":elementId,
 * "property_name":property,"value":value}} (each argument JSON-encoded as {@code json.encode}
 * does; a value JSON cannot hold, such as a function, is sent as its {@code tostring}) and hands
 * it to every {@linkplain #subscribe subscriber} (the web module sends it to its {@code /ws}
 * clients). It always returns true, also when nobody listens (EPLua's answer without its REST
 * process); a message sent while nobody listens is dropped, not kept.
 *
 * <p>Threads: {@code broadcast_view_update} runs on the engine thread; subscribers are called
 * there and must not block (hand the message to their own thread). {@link #subscribe} and the
 * returned unsubscribe action are any thread.
 */
public final class ViewUpdates implements LibraryFunction.Body {
    private static final Logger log = LoggerFactory.getLogger(ViewUpdates.class);
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

    private ViewUpdates() {}

    /**
     * The view-update channel of {@code engine} (one per engine, created on first use). Any thread.
     *
     * @param engine the engine whose {@code _PY.broadcast_view_update} feeds the channel
     * @return its channel
     */
    public static ViewUpdates of(EngineContext engine) {
        return engine.component(ViewUpdates.class, ViewUpdates::new);
    }

    /**
     * Adds a subscriber, called on the engine thread with each message's JSON text.
     *
     * @param subscriber receives messages; must not block
     * @return removes the subscriber (idempotent)
     */
    public Runnable subscribe(Consumer<String> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Number of subscribers. Any thread. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Sends one message to every subscriber. Engine thread (encodes Lua values).
     *
     * @return the message's JSON text
     */
    public String broadcast(LuaValue qaId, LuaValue elementId, LuaValue property, LuaValue value) {
        String message = "{\"type\":\"view_update\",\"qa_id\":" + json(qaId) + ",\"element_id\":" + json(elementId)
                + ",\"property_name\":" + json(property) + ",\"value\":" + json(value) + "}";
        for (Consumer<String> s : subscribers) {
            try {
                s.accept(message);
            } catch (RuntimeException e) {
                log.warn("view update subscriber failed", e);
            }
        }
        return message;
    }

    private static String json(LuaValue v) {
        try {
            return JsonLib.encode(v, 0, true).tojstring();
        } catch (LuaError e) {
            return JsonLib.encode(LuaValue.valueOf(v.tojstring()), 0, true).tojstring();
        }
    }

    /** Adds {@code broadcast_view_update} to {@code py}. Engine thread. */
    void install(LuaTable py) {
        LibraryFunction.define(py, "broadcast_view_update", FN_BROADCAST_VIEW_UPDATE, this);
    }

    // function numbers of this _PY.view's LibraryFunction.Body
    private static final int FN_BROADCAST_VIEW_UPDATE = 0;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_BROADCAST_VIEW_UPDATE -> luaBroadcastViewUpdate(a);
            default -> throw new IllegalArgumentException("_PY.view: no function " + index);
        };
    }

    private Varargs luaBroadcastViewUpdate(Varargs a) {
        broadcast(a.arg(1), a.arg(2), a.arg(3), a.arg(4));
        return TRUE;
    }
}

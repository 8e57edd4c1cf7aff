package dev.jeplua.debugger;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers a DAP client uses for frames and expandable values ({@code frameId},
 * {@code variablesReference}) while the engine is stopped: each object gets the next positive
 * number; {@link #clear} at each new stop makes the old numbers invalid, as DAP prescribes.
 * Engine thread only.
 */
final class Handles {
    private final List<Object> objects = new ArrayList<>();

    /** A number for {@code o} (1-based). */
    int add(Object o) {
        objects.add(o);
        return objects.size();
    }

    /** The object of {@code id}, or null when unknown or stale. */
    Object get(int id) {
        return id >= 1 && id <= objects.size() ? objects.get(id - 1) : null;
    }

    /** Forgets every number. */
    void clear() {
        objects.clear();
    }
}

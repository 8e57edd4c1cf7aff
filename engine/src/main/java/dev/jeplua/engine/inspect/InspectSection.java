package dev.jeplua.engine.inspect;

import java.util.List;
import java.util.Map;

/**
 * One section of the live inspector (README.md#live-inspector): the rows a library shows
 * (its sockets, windows, store tables ...) and, where it makes sense, how to close one row.
 * Both methods run on the engine thread (the inspector is asked through {@code EngineContext.ask}).
 */
public interface InspectSection {
    /**
     * The section's rows now. Each row is a flat map of JSON-ready values (strings, numbers,
     * booleans, null) in display order; the key {@code id} (a string) names the row for {@link #close}.
     */
    List<Map<String, Object>> rows();

    /**
     * Closes or cancels the row {@code id} (a timer is cleared, a socket closed).
     *
     * @return true when a row was closed; false when there is no such row or rows of this section cannot be closed
     */
    default boolean close(String id) {
        return false;
    }

    /** True when rows of this section can be closed (the page shows a close button). */
    default boolean closable() {
        return false;
    }
}

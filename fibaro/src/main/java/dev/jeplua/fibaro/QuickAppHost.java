package dev.jeplua.fibaro;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@link Hc3Api} hands to the QuickApps that run in this process: actions, UI events and
 * restarts for their devices. {@link FibaroLib} implements it with the Lua runtime. Engine
 * thread; implementations must not run the QuickApp's method before returning (HC3 runs
 * actions asynchronously: the caller gets 202 first).
 */
public interface QuickAppHost {
    /**
     * Queues {@code device:callAction(name, args...)}.
     *
     * @return false when no QuickApp here owns {@code deviceId}
     */
    boolean action(int deviceId, String name, ArrayNode args);

    /**
     * Queues a UI event {@code {deviceId, elementName, eventType, values}} for the QuickApp that
     * owns {@code deviceId}.
     *
     * @return false when no QuickApp here owns {@code deviceId}
     */
    boolean uiEvent(int deviceId, ObjectNode event);

    /**
     * Queues a restart of the QuickApp {@code deviceId}.
     *
     * @return false when no QuickApp here owns {@code deviceId}
     */
    boolean restart(int deviceId);

    /** A host that owns no device (tests of the REST model alone). */
    QuickAppHost NONE = new QuickAppHost() {
        @Override
        public boolean action(int deviceId, String name, ArrayNode args) {
            return false;
        }

        @Override
        public boolean uiEvent(int deviceId, ObjectNode event) {
            return false;
        }

        @Override
        public boolean restart(int deviceId) {
            return false;
        }
    };
}

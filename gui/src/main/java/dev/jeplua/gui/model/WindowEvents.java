package dev.jeplua.gui.model;

/** Receives user events from the display thread; implemented by the engine. */
@FunctionalInterface
public interface WindowEvents {
    /**
     * Hands one user event to the engine (which queues it for the engine thread and returns at
     * once). Any thread, usually the EDT; never blocks.
     */
    void deliver(GuiEvent event);
}

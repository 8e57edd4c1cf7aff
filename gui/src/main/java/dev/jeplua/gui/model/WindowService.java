package dev.jeplua.gui.model;

import java.util.List;

/**
 * The display side of native windows (README.md#native-windows), implemented by the {@code gui} module on
 * Swing and given to the engine's {@code GuiLib} when the engine is built.
 *
 * <p>The engine calls every method except {@link #displayAvailable} and {@link #closeAll} on
 * the engine thread, and an implementation must return without waiting for its display
 * thread (Swing: hand the work to the EDT with {@code invokeLater}, never
 * {@code invokeAndWait}). Calls for one window arrive in the order the script made them;
 * property updates are already coalesced per event-loop batch. Values the user changes come
 * back as {@link GuiEvent}s through the {@link WindowEvents} given to {@link #start}.
 *
 * <p>Window ids are chosen by the engine ({@code window_1}, ...); element ids come from the
 * {@link UiLayout}. Commands for unknown ids are ignored (the window may have been closed by
 * the user in the meantime).
 */
public interface WindowService {
    /**
     * Cheap check that windows can be shown (not headless, a display is configured), without
     * starting the toolkit. Any thread.
     */
    boolean displayAvailable();

    /**
     * Starts the toolkit on first use; later calls do nothing. Engine thread. May take a few
     * hundred ms once (connecting to the display); never waits for the EDT.
     *
     * @param events receives user events from the display thread
     * @param theme  {@code "light"} or {@code "dark"}
     * @throws GuiUnavailableException when no display can be opened
     */
    void start(WindowEvents events, String theme) throws GuiUnavailableException;

    /** Creates a hidden window; {@code width} and {@code height} in pixels. Engine thread. */
    void createWindow(String windowId, String title, int width, int height);

    /** Replaces the window's content with {@code layout} (an immutable model). Engine thread. */
    void setLayout(String windowId, UiLayout layout);

    /**
     * Replaces the window's content with an HTML document (HTML 3.2 and simple CSS, as Swing's
     * {@code JEditorPane} renders it); the window then has no elements. Engine thread.
     */
    void setHtml(String windowId, String html);

    /** Shows or hides the window. Engine thread. */
    void setVisible(String windowId, boolean visible);

    /** Closes and disposes the window; no close event is sent for it. Engine thread. */
    void closeWindow(String windowId);

    /**
     * Applies the property changes of one batch to one window, in order, with one repaint.
     * Properties: {@code text}, {@code value}, {@code enabled}, {@code visible}, {@code options},
     * {@code min}, {@code max} (see {@link PropertyUpdate}). Engine thread.
     */
    void applyUpdates(String windowId, List<PropertyUpdate> updates);

    /** Closes every window (shutdown, SIGINT). Any thread; does not wait for the EDT. */
    void closeAll();
}

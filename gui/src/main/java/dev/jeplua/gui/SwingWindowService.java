package dev.jeplua.gui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import dev.jeplua.gui.model.GuiEvent;
import dev.jeplua.gui.model.GuiUnavailableException;
import dev.jeplua.gui.model.LazyWindowService;
import dev.jeplua.gui.model.PropertyUpdate;
import dev.jeplua.gui.model.UiLayout;
import dev.jeplua.gui.model.WindowEvents;
import dev.jeplua.gui.model.WindowService;
import java.awt.GraphicsEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.swing.SwingUtilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Swing {@link WindowService}: one {@link SwingWindow} (a {@code JFrame}) per window id, with
 * the FlatLaf look and feel (light, or dark when {@code _PY.config.gui_theme == "dark"}).
 *
 * <p>Threads: the engine calls the commands on its thread; each is handed to the EDT with
 * {@link SwingUtilities#invokeLater} and the call returns at once (never {@code invokeAndWait}).
 * Every Swing object is created and touched on the EDT only; the window map is EDT-only.
 * User events leave the EDT through the engine's {@link WindowEvents} sink.
 *
 * <p>Use {@link #install} to register it lazily: nothing of AWT loads until a script calls a
 * window function.
 */
public final class SwingWindowService implements WindowService {
    private static final Logger log = LoggerFactory.getLogger(SwingWindowService.class);

    private final Map<String, SwingWindow> windows = new HashMap<>();
    private final AtomicLong updateBatchesApplied = new AtomicLong();
    private volatile WindowEvents events;

    /**
     * The window service an engine's {@code GuiLib} gets: Swing, started on the first window call
     * (AWT is not loaded before); with {@code headless} (the {@code --headless} option) every
     * window call raises the "no display" error. Any thread.
     */
    public static WindowService lazy(boolean headless) {
        return new LazyWindowService(headless, SwingWindowService::new);
    }

    /** Creates an unstarted service; {@link #start} opens the display. */
    public SwingWindowService() {}

    /** The lazy wrapper decides from the environment; once created this service only fails in {@link #start}. */
    @Override
    public boolean displayAvailable() {
        return !GraphicsEnvironment.isHeadless();
    }

    @Override
    public void start(WindowEvents sink, String theme) throws GuiUnavailableException {
        if (events != null) {
            return;
        }
        if (GraphicsEnvironment.isHeadless()) {
            throw new GuiUnavailableException("AWT is headless", null);
        }
        try {
            // connects to the display now, on the calling thread, so a dead DISPLAY fails fast
            GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
        } catch (Error | RuntimeException e) {
            throw new GuiUnavailableException("cannot open the display: " + e.getMessage(), e);
        }
        events = sink;
        SwingUtilities.invokeLater(() -> installLookAndFeel(theme));
    }

    /** Installs FlatLaf ({@code "dark"} or light). EDT (or before any window exists). */
    static void installLookAndFeel(String theme) {
        boolean ok = "dark".equals(theme) ? FlatDarkLaf.setup() : FlatLightLaf.setup();
        if (!ok) {
            log.warn("FlatLaf look and feel could not be installed; using the default look");
        }
    }

    @Override
    public void createWindow(String windowId, String title, int width, int height) {
        WindowEvents sink = events;
        SwingUtilities.invokeLater(() -> windows.put(
                windowId,
                new SwingWindow(
                        windowId,
                        title,
                        width,
                        height,
                        (elementId, kind, value) -> sink.deliver(new GuiEvent(windowId, elementId, kind, value)),
                        () -> windows.remove(windowId))));
    }

    @Override
    public void setLayout(String windowId, UiLayout layout) {
        onWindow(windowId, w -> w.setLayout(layout));
    }

    @Override
    public void setHtml(String windowId, String html) {
        onWindow(windowId, w -> w.setHtml(html));
    }

    @Override
    public void setVisible(String windowId, boolean visible) {
        onWindow(windowId, w -> w.setVisible(visible));
    }

    @Override
    public void closeWindow(String windowId) {
        SwingUtilities.invokeLater(() -> {
            SwingWindow w = windows.remove(windowId);
            if (w != null) {
                w.dispose();
            }
        });
    }

    @Override
    public void applyUpdates(String windowId, List<PropertyUpdate> updates) {
        onWindow(windowId, w -> {
            w.apply(updates);
            updateBatchesApplied.incrementAndGet();
        });
    }

    @Override
    public void closeAll() {
        SwingUtilities.invokeLater(() -> {
            for (SwingWindow w : List.copyOf(windows.values())) {
                w.dispose();
            }
            windows.clear();
        });
    }

    /** Update batches the EDT has applied (one revalidate/repaint each). Any thread. */
    public long updateBatchesApplied() {
        return updateBatchesApplied.get();
    }

    private void onWindow(String windowId, java.util.function.Consumer<SwingWindow> action) {
        SwingUtilities.invokeLater(() -> {
            SwingWindow w = windows.get(windowId);
            if (w != null) {
                try {
                    action.accept(w);
                } catch (RuntimeException e) {
                    log.error("window {}: command failed", windowId, e);
                }
            }
        });
    }
}

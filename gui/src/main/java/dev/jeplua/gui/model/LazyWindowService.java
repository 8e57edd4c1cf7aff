package dev.jeplua.gui.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link WindowService} that creates the real one (e.g. the Swing service) only when a
 * script first opens a window, so scripts without windows never load the toolkit. Until then
 * {@link #displayAvailable} answers from the command line and the environment alone.
 *
 * <p>Threads: as {@link WindowService}.
 */
public final class LazyWindowService implements WindowService {
    private final boolean headless;
    private final Supplier<WindowService> factory;
    private final boolean display;
    private volatile WindowService delegate;

    /**
     * @param headless true with {@code --headless}: no window is ever opened
     * @param factory  creates the real service on first use (engine thread)
     */
    public LazyWindowService(boolean headless, Supplier<WindowService> factory) {
        this(
                headless,
                factory,
                displayConfigured(
                        System.getenv(), System.getProperty("os.name", ""), System.getProperty("java.awt.headless")));
    }

    /** For tests: {@code display} replaces the environment check. */
    public LazyWindowService(boolean headless, Supplier<WindowService> factory, boolean display) {
        this.headless = headless;
        this.factory = factory;
        this.display = display;
    }

    /**
     * Whether a display is configured, judged without loading AWT: not with
     * {@code -Djava.awt.headless=true}; on Linux and other X11 systems only when
     * {@code DISPLAY} or {@code WAYLAND_DISPLAY} is set; always on macOS and Windows.
     */
    public static boolean displayConfigured(Map<String, String> env, String osName, String awtHeadlessProperty) {
        if ("true".equalsIgnoreCase(awtHeadlessProperty)) {
            return false;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return notBlank(env.get("DISPLAY")) || notBlank(env.get("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public boolean displayAvailable() {
        return !headless && display;
    }

    @Override
    public void start(WindowEvents events, String theme) throws GuiUnavailableException {
        if (!displayAvailable()) {
            throw new GuiUnavailableException(headless ? "--headless" : "no DISPLAY", null);
        }
        if (delegate == null) {
            WindowService d = factory.get();
            d.start(events, theme);
            delegate = d;
        }
    }

    @Override
    public void createWindow(String windowId, String title, int width, int height) {
        WindowService d = delegate;
        if (d != null) {
            d.createWindow(windowId, title, width, height);
        }
    }

    @Override
    public void setLayout(String windowId, UiLayout layout) {
        WindowService d = delegate;
        if (d != null) {
            d.setLayout(windowId, layout);
        }
    }

    @Override
    public void setHtml(String windowId, String html) {
        WindowService d = delegate;
        if (d != null) {
            d.setHtml(windowId, html);
        }
    }

    @Override
    public void setVisible(String windowId, boolean visible) {
        WindowService d = delegate;
        if (d != null) {
            d.setVisible(windowId, visible);
        }
    }

    @Override
    public void closeWindow(String windowId) {
        WindowService d = delegate;
        if (d != null) {
            d.closeWindow(windowId);
        }
    }

    @Override
    public void applyUpdates(String windowId, List<PropertyUpdate> updates) {
        WindowService d = delegate;
        if (d != null) {
            d.applyUpdates(windowId, updates);
        }
    }

    @Override
    public void closeAll() {
        WindowService d = delegate;
        if (d != null) {
            d.closeAll();
        }
    }

    /** True once the real service has been created and started. Any thread. */
    public boolean isStarted() {
        return delegate != null;
    }
}

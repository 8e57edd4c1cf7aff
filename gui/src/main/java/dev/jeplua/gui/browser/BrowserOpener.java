package dev.jeplua.gui.browser;

import java.util.function.Consumer;

/**
 * Opens a URL in a web browser outside the JVM (the system's default browser, or a fake in
 * tests). Used by the {@code _PY.*_browser_window} functions.
 */
@FunctionalInterface
public interface BrowserOpener {
    /**
     * Starts showing {@code url}. Returns at once and never waits for the browser: the engine
     * thread calls it.
     *
     * @param url        an absolute URL ({@code http://...}, {@code file:/...})
     * @param failedLater called at most once, on another thread, with a reason when the launcher
     *                   reports afterwards that it could not open the URL (e.g. {@code xdg-open}
     *                   found no browser)
     * @return false when no browser can be started at all (no launcher, headless)
     */
    boolean open(String url, Consumer<String> failedLater);
}

package dev.jeplua.gui.model;

/** No display can be opened (headless JVM, no X server, {@code --headless}). */
public final class GuiUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why, for the log */
    public GuiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

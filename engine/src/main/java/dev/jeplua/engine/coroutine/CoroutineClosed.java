package dev.jeplua.engine.coroutine;

/**
 * Thrown from a suspended coroutine's {@code yield} when {@code coroutine.close} ends it: it
 * unwinds the coroutine's frames (their to-be-closed variables become pending) and is caught where
 * the coroutine's body started. An {@code Error}, so {@code pcall} cannot catch it. No stack trace.
 */
final class CoroutineClosed extends Error {
    private static final long serialVersionUID = 1L;
    static final CoroutineClosed INSTANCE = new CoroutineClosed();

    private CoroutineClosed() {
        super("coroutine closed", null, false, false);
    }
}

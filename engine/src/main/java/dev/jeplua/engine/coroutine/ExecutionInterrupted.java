package dev.jeplua.engine.coroutine;

/**
 * Thrown at the next Lua instruction of a coroutine whose execution was interrupted (telnet
 * Ctrl-C, {@code :interrupt}, REST timeout). An {@code Error}, so Lua's {@code pcall} cannot
 * swallow it; the coroutine ends with the error value {@code "interrupted"}.
 */
public final class ExecutionInterrupted extends Error {
    private static final long serialVersionUID = 1L;

    /** @param reason short reason shown to the user, e.g. "interrupted" or "timeout" */
    public ExecutionInterrupted(String reason) {
        super(reason, null, false, false);
    }
}

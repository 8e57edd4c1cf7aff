package dev.jeplua.engine.coroutine;

/**
 * Thrown through Lua frames by {@code os.exit}: unwinds the running coroutine without being
 * caught by {@code pcall} (LuaJ only catches {@code Exception}s there) so the engine can shut
 * down in order with the requested status.
 */
public final class EngineExit extends Error {
    private static final long serialVersionUID = 1L;
    private final int status;

    /** @param status process exit status requested by the script */
    public EngineExit(int status) {
        super("os.exit(" + status + ")", null, false, false);
        this.status = status;
    }

    /** Exit status requested by the script. */
    public int status() {
        return status;
    }
}

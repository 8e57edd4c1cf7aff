package dev.jeplua.engine;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaValue;

/**
 * What a piece of Lua code runs on behalf of: the client session it belongs to, the buffer
 * capturing its {@code print} output (REST {@code /execute}), and whether it was asked to stop.
 *
 * <p>Coroutines created while code runs inherit its context; timers it starts inherit the
 * session but not the capture (their output is not part of the finished execution).
 * Fields are written by the engine thread; {@link #interrupt} may be called from any thread.
 */
public final class ExecutionContext {
    /** The context of plain script code: no session, no capture. */
    public static final ExecutionContext NONE = new ExecutionContext(LuaValue.NIL, null);

    private final LuaValue session;
    private final ByteArrayOutputStream capture;
    private volatile String interruptReason;

    /**
     * @param session the Lua {@code session} table of the client, or {@code LuaValue.NIL}
     * @param capture buffer receiving the bytes printed by this code, or null for none
     */
    public ExecutionContext(LuaValue session, ByteArrayOutputStream capture) {
        this.session = session;
        this.capture = capture;
    }

    /** The Lua {@code session} table, or nil for plain script code. */
    public LuaValue session() {
        return session;
    }

    /** The output capture buffer, or null. Engine thread only. */
    public ByteArrayOutputStream capture() {
        return capture;
    }

    /** The context callbacks started by this code run under: same session, no capture. */
    public ExecutionContext forCallbacks() {
        return capture == null ? this : (session.isnil() ? NONE : new ExecutionContext(session, null));
    }

    /** Asks the code running under this context to stop at its next instruction. Any thread. */
    public void interrupt(String reason) {
        if (this != NONE) {
            interruptReason = reason;
        }
    }

    /** The pending interruption reason, or null. Any thread. */
    public String interruptReason() {
        return interruptReason;
    }
}

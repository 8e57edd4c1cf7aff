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
    public static final ExecutionContext NONE = new ExecutionContext(null, null);

    private final Session session;
    private final ByteArrayOutputStream capture;
    private volatile String interruptReason;

    /**
     * @param session the client session, or null for plain script code
     * @param capture buffer receiving the bytes printed by this code, or null for none
     */
    public ExecutionContext(Session session, ByteArrayOutputStream capture) {
        this.session = session;
        this.capture = capture;
    }

    /** The client session, or null for plain script code. */
    public Session session() {
        return session;
    }

    /** The Lua {@code session} table, or nil for plain script code. Engine thread only. */
    public LuaValue sessionTable() {
        return session == null ? LuaValue.NIL : session.table();
    }

    /** The output capture buffer, or null. Engine thread only. */
    public ByteArrayOutputStream capture() {
        return capture;
    }

    /** The context callbacks started by this code run under: same session, no capture. */
    public ExecutionContext forCallbacks() {
        return capture == null ? this : (session == null ? NONE : session.context());
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

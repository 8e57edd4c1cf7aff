package dev.jeplua.engine.session;

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

    /** What a context stands for. */
    public enum Kind {
        /** Plain script code ({@link #NONE}): no session, no capture. */
        SCRIPT,
        /** A client session's own context ({@link Session#context()}): executions are derived from it. */
        SESSION,
        /** One execution (a REPL line, a REST request): it has its own output capture. */
        EXECUTION
    }

    private final Kind kind;
    private final Session session;
    private final ByteArrayOutputStream capture;
    private final ExecutionContext parent;
    private final long parentEpochAtStart;
    private volatile String interruptReason;
    private volatile String lastChildInterrupt;
    private volatile long epoch;

    /**
     * @param session the client session, or null for plain script code
     * @param capture buffer receiving the bytes printed by this code, or null for none
     */
    public ExecutionContext(Session session, ByteArrayOutputStream capture) {
        this(session, capture, null);
    }

    private ExecutionContext(Session session, ByteArrayOutputStream capture, ExecutionContext parent) {
        this.kind = capture != null ? Kind.EXECUTION : session != null ? Kind.SESSION : Kind.SCRIPT;
        this.session = session;
        this.capture = capture;
        this.parent = parent;
        this.parentEpochAtStart = parent == null ? 0 : parent.epoch;
    }

    /**
     * A context for one execution on behalf of this one (e.g. one telnet command of a session):
     * same session, its own capture. Interrupting this (parent) context later interrupts every
     * execution derived from it that started before the interruption.
     */
    public ExecutionContext derive(ByteArrayOutputStream capture) {
        return new ExecutionContext(session, capture, this);
    }

    /** What this context stands for. */
    public Kind kind() {
        return kind;
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
        return kind != Kind.EXECUTION ? this : (session == null ? NONE : session.context());
    }

    /**
     * Asks the code running under this context to stop at its next instruction. On a context
     * that executions were {@linkplain #derive derived} from (a session's), it interrupts those
     * running now but not later ones. Any thread.
     */
    public void interrupt(String reason) {
        if (this == NONE) {
            return;
        }
        if (kind == Kind.SESSION && parent == null) {
            lastChildInterrupt = reason;
            epoch++;
        } else {
            interruptReason = reason;
        }
    }

    /** The pending interruption reason, or null. Any thread. */
    public String interruptReason() {
        String r = interruptReason;
        if (r == null && parent != null && parent.epoch != parentEpochAtStart) {
            r = parent.lastChildInterrupt;
        }
        return r;
    }
}

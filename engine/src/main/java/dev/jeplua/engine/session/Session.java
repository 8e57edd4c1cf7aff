package dev.jeplua.engine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A client of the engine (telnet connection, REPL client, REST caller with an
 * {@code X-Session} header, web page) as Lua sees it (README.md#session, after LuaRuntime): code run
 * for the client reads the global {@code session} = {@code {id, kind, remote, data={}}} and may
 * register {@code session.onClose(fn)} callbacks, which run when the client goes.
 *
 * <p>Create with {@code LuaEngine.openSession} (any thread); the Lua table is made on the
 * engine thread when first needed. {@link #close()} is any thread and idempotent.
 */
public final class Session {
    private static final AtomicLong IDS = new AtomicLong();

    /** What a session needs of its engine: running its {@code onClose} callbacks on the engine thread. */
    public interface Host {
        /** Runs {@code action} on the engine thread inside a coroutine. Any thread. */
        java.util.concurrent.CompletableFuture<Void> post(String kind, Runnable action);

        /** Calls {@code fn(args)}, reporting its error instead of raising it. Engine thread. */
        boolean callProtected(String kind, LuaValue fn, Varargs args);
    }

    private final Host engine;
    private final String id;
    private final String kind;
    private final String remote;
    private final ExecutionContext context;
    private LuaTable table;
    private final List<LuaValue> onClose = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param engine the engine the session's callbacks run on
     * @param kind   {@code telnet}, {@code repl}, {@code rest}, {@code web}
     * @param remote remote address text, or null
     * @param id     session id, or null to generate {@code kind-n}
     */
    public Session(Host engine, String kind, String remote, String id) {
        this.engine = engine;
        this.kind = kind;
        this.remote = remote;
        this.id = id != null ? id : kind + "-" + IDS.incrementAndGet();
        this.context = new ExecutionContext(this, null);
    }

    /** Session id, e.g. {@code telnet-3} or the REST client's {@code X-Session} value. */
    public String id() {
        return id;
    }

    /** Client kind: {@code telnet}, {@code repl}, {@code rest}, {@code web}. */
    public String kind() {
        return kind;
    }

    /** Remote address as text ({@code 127.0.0.1:54321}). */
    public String remote() {
        return remote;
    }

    /** The context code of this client runs under (pass it to {@code LuaEngine.execute}). */
    public ExecutionContext context() {
        return context;
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return closed;
    }

    /** The Lua {@code session} table, created on first use. Engine thread only. */
    LuaTable table() {
        if (table == null) {
            LuaTable t = new LuaTable();
            t.set("id", id);
            t.set("kind", kind);
            t.set("remote", remote == null ? LuaValue.NIL : LuaValue.valueOf(remote));
            t.set("data", new LuaTable());
            t.set("onClose", new org.luaj.vm2.lib.VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    // accepts session.onClose(fn) and session:onClose(fn)
                    LuaValue fn = args.arg1().isfunction() ? args.arg1() : args.arg(2);
                    onClose.add(fn.checkfunction());
                    return NONE;
                }
            });
            table = t;
        }
        return table;
    }

    /** Ends the session: its {@code onClose} callbacks run on the engine thread. Any thread; idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.post("session close", () -> {
                for (LuaValue fn : List.copyOf(onClose)) {
                    engine.callProtected("session close", fn, table == null ? LuaValue.NIL : table);
                }
            });
        } catch (RuntimeException e) {
            // engine already stopped: nothing left to notify
        }
    }
}

package org.luaj.vm2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The mark a table carries once it is "marked for finalization" (Lua 5.2 manual §2.5.1):
 * {@code setmetatable(t, mt)} with a {@code __gc} field in {@code mt} puts this wrapper into the
 * table's metatable slot in place of what LuaJ would store there.
 *
 * <p>The wrapper behaves exactly like the metatable it wraps (LuaJ's own table or weak-table
 * metatable: every method delegates), so {@code getmetatable}, metamethods and {@code __mode}
 * work unchanged. What it adds is a reference cycle {@code table -> mark -> table} plus a JVM
 * finalizer on the mark: when the collector finds the cycle unreachable it calls
 * {@link #finalize()}, which hands the mark, and through it the intact table, to the
 * {@link Listener} — the table is resurrected, as Lua's collector resurrects an object for its
 * finalizer, and {@code __gc(t)} can run on the engine thread. A mark is finalized at most once
 * ({@link #claim}); an object resurrected by its finalizer is finalized again only if it is
 * marked again.
 *
 * <p>This is JEPLua's own class. It lives in LuaJ's package only because LuaJ's
 * {@code Metatable} interface and {@code LuaTable.m_metatable} are package-private.
 * {@link #mark} and {@link #of} run on the engine thread; {@link #finalize} on the JVM's
 * finalizer thread.
 */
public final class FinalizerMark implements Metatable {
    /** Receives marks whose tables became unreachable. Called on the JVM finalizer thread. */
    public interface Listener {
        /** @param mark the mark of a table nothing references any more */
        void unreachable(FinalizerMark mark);
    }

    private final Metatable delegate;
    private final LuaTable object;
    private final long order;
    private final Listener listener;
    /** 1 once claimed or cancelled ({@link #CLAIMED}); a field rather than an AtomicBoolean: one object less per mark. */
    private volatile int claimed;
    /** The listener's own bookkeeping for this mark (engine thread). */
    private Object handle;

    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(FinalizerMark.class, "claimed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FinalizerMark(Metatable delegate, LuaTable object, long order, Listener listener) {
        this.delegate = delegate;
        this.object = object;
        this.order = order;
        this.listener = listener;
    }

    /**
     * Marks {@code table}, whose metatable has just been set (it must have one), for
     * finalization. Engine thread.
     *
     * @param order    position in marking order (finalizers run newest first)
     * @param listener told when the table becomes unreachable
     * @return the new mark
     * @throws IllegalStateException when the table has no metatable
     */
    public static FinalizerMark mark(LuaTable table, long order, Listener listener) {
        Metatable current = table.m_metatable;
        if (current == null) {
            throw new IllegalStateException("no metatable to mark");
        }
        if (current instanceof FinalizerMark m) {
            m.claimed = 1;
            current = m.delegate;
        }
        FinalizerMark mark = new FinalizerMark(current, table, order, listener);
        table.m_metatable = mark;
        return mark;
    }

    /** The mark {@code value} carries, or null when it is not a marked table. Engine thread. */
    public static FinalizerMark of(LuaValue value) {
        if (value instanceof LuaTable t && t.m_metatable instanceof FinalizerMark m) {
            return m;
        }
        return null;
    }

    /** The marked table. */
    public LuaTable object() {
        return object;
    }

    /** Position in marking order; higher was marked later. */
    public long order() {
        return order;
    }

    /**
     * Claims the right to run the table's finalizer: true exactly once per mark, and false for a
     * mark replaced by a newer one or dropped with {@link #cancel}. Any thread.
     */
    public boolean claim() {
        return CLAIMED.compareAndSet(this, 0, 1);
    }

    /** Drops the mark: its finalizer will not run. Any thread. */
    public void cancel() {
        claimed = 1;
    }

    /** True when the finalizer has been claimed or the mark cancelled. Any thread. */
    public boolean isSpent() {
        return claimed != 0;
    }

    /** The listener's bookkeeping object for this mark, or null (set with {@link #handle(Object)}). Engine thread. */
    public Object handle() {
        return handle;
    }

    /** Stores the listener's bookkeeping object for this mark. Engine thread. */
    public void handle(Object h) {
        handle = h;
    }

    @Override
    public boolean useWeakKeys() {
        return delegate.useWeakKeys();
    }

    @Override
    public boolean useWeakValues() {
        return delegate.useWeakValues();
    }

    @Override
    public LuaValue toLuaValue() {
        return delegate.toLuaValue();
    }

    @Override
    public LuaTable.Slot entry(LuaValue key, LuaValue value) {
        return delegate.entry(key, value);
    }

    @Override
    public LuaValue wrap(LuaValue value) {
        return delegate.wrap(value);
    }

    @Override
    public LuaValue arrayget(LuaValue[] array, int index) {
        return delegate.arrayget(array, index);
    }

    /**
     * Called by the JVM once the table and its mark are unreachable: passes the mark to the
     * listener unless it is spent. Runs on the finalizer thread; Java finalization is
     * deprecated for removal but still enabled by default (JDK 25); with
     * {@code --finalization=disabled} finalizers of tables run only when the engine closes.
     */
    @Override
    @SuppressWarnings({"removal", "deprecation"})
    protected void finalize() {
        if (claimed == 0) {
            listener.unreachable(this);
        }
    }
}

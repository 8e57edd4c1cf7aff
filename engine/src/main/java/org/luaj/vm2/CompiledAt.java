package org.luaj.vm2;

import org.luaj.vm2.lib.CallStackHooks;

/**
 * Operations of compiled bodies that record their instruction in the call-stack frame
 * ({@link CallStackHooks#setPc}) only when they leave their fast path. On the fast path (numbers
 * for arithmetic and comparisons, a field of a plain table for a constant string key) the
 * operation can neither raise an error nor call Lua code, so nothing can read the frame's current
 * instruction meanwhile; any other case records {@code pc} first and then runs exactly what
 * {@link CompiledArith} and {@link CompiledSupport} run, so errors (with {@code chunk:line:} and
 * variable names), metamethods and tracebacks see the same instruction as the interpreter. This
 * saves a store per instruction in numeric and table-heavy code. {@code frame} is the body's
 * call-stack frame ({@code CompiledRuntime.enter}), {@code pc} the instruction's index.
 * Stateless; the engine thread running the body.
 */
public final class CompiledAt {
    private CompiledAt() {}

    /** Whether both operands are numbers {@link CompiledArith} computes on the spot. */
    private static boolean numbers(LuaValue a, LuaValue b) {
        return (a instanceof LuaInteger || a instanceof LuaDouble)
                && (b instanceof LuaInteger || b instanceof LuaDouble);
    }

    /**
     * {@code a + b} ({@link CompiledArith#add}): two 32-bit integers in a method small
     * enough for C1 to inline (so a function's first, C1-compiled code computes them without a
     * call), the other operands in {@code addOther}.
     */
    public static LuaValue add(LuaValue a, LuaValue b, Object frame, int pc) {
        return a instanceof LuaInteger && b instanceof LuaInteger ? addInts(a, b) : addOther(a, b, frame, pc);
    }

    private static LuaValue addInts(LuaValue a, LuaValue b) {
        return Lua54Numbers.integer((long) ((LuaInteger) a).v + ((LuaInteger) b).v);
    }

    private static LuaValue addOther(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.add(a, b);
    }

    /**
     * {@code a - b} ({@link CompiledArith#sub}): two 32-bit integers in a method small
     * enough for C1 to inline (so a function's first, C1-compiled code computes them without a
     * call), the other operands in {@code subOther}.
     */
    public static LuaValue sub(LuaValue a, LuaValue b, Object frame, int pc) {
        return a instanceof LuaInteger && b instanceof LuaInteger ? subInts(a, b) : subOther(a, b, frame, pc);
    }

    private static LuaValue subInts(LuaValue a, LuaValue b) {
        return Lua54Numbers.integer((long) ((LuaInteger) a).v - ((LuaInteger) b).v);
    }

    private static LuaValue subOther(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.sub(a, b);
    }

    /**
     * {@code a * b} ({@link CompiledArith#mul}): two 32-bit integers in a method small
     * enough for C1 to inline (so a function's first, C1-compiled code computes them without a
     * call), the other operands in {@code mulOther}.
     */
    public static LuaValue mul(LuaValue a, LuaValue b, Object frame, int pc) {
        return a instanceof LuaInteger && b instanceof LuaInteger ? mulInts(a, b) : mulOther(a, b, frame, pc);
    }

    private static LuaValue mulInts(LuaValue a, LuaValue b) {
        return Lua54Numbers.integer((long) ((LuaInteger) a).v * ((LuaInteger) b).v);
    }

    private static LuaValue mulOther(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.mul(a, b);
    }

    /** {@code a / b} ({@link CompiledArith#div}: numbers never raise, {@code 1/0} is a float). */
    public static LuaValue div(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.div(a, b);
    }

    /**
     * {@code a == b} ({@link CompiledArith#eq}; other operands may call metamethods): two
     * 32-bit integers in a method small enough for C1 to inline, the rest in {@code eqOther}.
     */
    public static boolean eq(LuaValue a, LuaValue b, Object frame, int pc) {
        return a instanceof LuaInteger && b instanceof LuaInteger ? eqInts(a, b) : eqOther(a, b, frame, pc);
    }

    private static boolean eqInts(LuaValue a, LuaValue b) {
        return ((LuaInteger) a).v == ((LuaInteger) b).v;
    }

    private static boolean eqOther(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.eq(a, b);
    }

    /**
     * {@code a < b} ({@link CompiledArith#lt}; other operands may call metamethods): two
     * 32-bit integers in a method small enough for C1 to inline, the rest in {@code ltOther}.
     */
    public static boolean lt(LuaValue a, LuaValue b, Object frame, int pc) {
        return a instanceof LuaInteger && b instanceof LuaInteger ? ltInts(a, b) : ltOther(a, b, frame, pc);
    }

    private static boolean ltInts(LuaValue a, LuaValue b) {
        return ((LuaInteger) a).v < ((LuaInteger) b).v;
    }

    private static boolean ltOther(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.lt(a, b);
    }

    /**
     * {@code a <= b} ({@link CompiledArith#le}; other operands may call metamethods): two
     * 32-bit integers in a method small enough for C1 to inline, the rest in {@code leOther}.
     */
    public static boolean le(LuaValue a, LuaValue b, Object frame, int pc) {
        return a instanceof LuaInteger && b instanceof LuaInteger ? leInts(a, b) : leOther(a, b, frame, pc);
    }

    private static boolean leInts(LuaValue a, LuaValue b) {
        return ((LuaInteger) a).v <= ((LuaInteger) b).v;
    }

    private static boolean leOther(LuaValue a, LuaValue b, Object frame, int pc) {
        if (!numbers(a, b)) {
            CallStackHooks.setPc(frame, pc);
        }
        return CompiledArith.le(a, b);
    }

    /**
     * {@code t.k} for a constant string key ({@link CompiledSupport#getField}): a field present in
     * a plain table or the globals table (a {@link Globals}, whose subclasses change no table
     * method) is read without recording ({@link TableAccess#field}); anything else (a
     * missing field, another type, {@code __index}) records and takes the general path, in a
     * method of its own so that the JIT's inlining budget of the compiled function is not spent on it.
     */
    public static LuaValue getField(LuaValue t, LuaString k, Object frame, int pc) {
        if (t.getClass() == LuaTable.class || t instanceof Globals) {
            LuaValue v = TableAccess.field((LuaTable) t, k);
            if (v != null) {
                return v;
            }
        }
        return getFieldSlow(t, k, frame, pc);
    }

    private static LuaValue getFieldSlow(LuaValue t, LuaString k, Object frame, int pc) {
        CallStackHooks.setPc(frame, pc);
        return CompiledSupport.getField(t, k);
    }

    /**
     * {@code t.k = v} for a constant string key ({@link CompiledSupport#setField}): an existing
     * field of a plain table or the globals table is written without recording.
     */
    public static void setField(LuaValue t, LuaString k, LuaValue v, Object frame, int pc) {
        if (!((t.getClass() == LuaTable.class || t instanceof Globals)
                && TableAccess.setExisting((LuaTable) t, k, v))) {
            setFieldSlow(t, k, v, frame, pc);
        }
    }

    private static void setFieldSlow(LuaValue t, LuaString k, LuaValue v, Object frame, int pc) {
        CallStackHooks.setPc(frame, pc);
        t.set(k, v);
    }

    /**
     * {@code t[k]} for a key that is not a string constant ({@code GETTABLE}, {@code GETTABUP},
     * {@code SELF}): an integer key in the array part of a table without a metatable is read
     * without recording ({@link TableAccess#item}); anything else records and calls
     * {@code t.get(k)}, as the interpreter does.
     */
    public static LuaValue index(LuaValue t, LuaValue k, Object frame, int pc) {
        if (k instanceof LuaInteger i && t.getClass() == LuaTable.class) {
            LuaValue v = TableAccess.item((LuaTable) t, i.v);
            if (v != null) {
                return v;
            }
        }
        return indexSlow(t, k, frame, pc);
    }

    private static LuaValue indexSlow(LuaValue t, LuaValue k, Object frame, int pc) {
        CallStackHooks.setPc(frame, pc);
        return t.get(k);
    }

    /**
     * {@code t[k] = v} for a key that is not a string constant ({@code SETTABLE},
     * {@code SETTABUP}): an integer key in the array part of a table without a metatable is
     * written without recording ({@link TableAccess#setItem}); anything else records and calls
     * {@code t.set(k, v)}.
     */
    public static void setIndex(LuaValue t, LuaValue k, LuaValue v, Object frame, int pc) {
        if (!(k instanceof LuaInteger i
                && t.getClass() == LuaTable.class
                && TableAccess.setItem((LuaTable) t, i.v, v))) {
            setIndexSlow(t, k, v, frame, pc);
        }
    }

    private static void setIndexSlow(LuaValue t, LuaValue k, LuaValue v, Object frame, int pc) {
        CallStackHooks.setPc(frame, pc);
        t.set(k, v);
    }
}

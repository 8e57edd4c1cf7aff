package dev.jeplua.engine.stdlib.table;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The {@code table} library as in Lua 5.4's manual (§6.6), replacing LuaJ's: elements are read
 * and written with metamethods ({@code __index}, {@code __newindex}), the length with
 * {@code __len}; positions and ranges must be integers ({@code number has no integer
 * representation}); "t" may be any value whose metatable has the metamethods an operation needs.
 * <pre>
 * table.insert(t, [pos,] v)        pos must be in 1..#t+1: "bad argument #2 to 'insert' (position out of bounds)";
 *                                  other argument counts: "wrong number of arguments to 'insert'"
 * table.remove(t [, pos]) -> v     pos in 1..#t+1 unless pos == #t ("bad argument #1 ... (position out of bounds)", as 5.4.4)
 * table.concat(t [, sep [, i [, j]]]) -> string   "invalid value (table) at index 2 in table for 'concat'"
 * table.sort(t [, lt])             the reference's quicksort; "invalid order function for sorting"
 *                                  when lt is inconsistent
 * table.unpack(t [, i [, j]]) -> t[i], ..., t[j]   a million values or more: "too many results to unpack"
 * table.pack(...) -> {n = select('#', ...), ...}
 * table.move(a1, f, e, t [, a2]) -> a2             a2[t..] = a1[f..e]; "too many elements to move",
 *                                                  "destination wrap around"
 * </pre>
 * Engine thread.
 */
public final class TableFunctions extends TwoArgFunction implements LibraryFunction.Body {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable table = new LuaTable();
        LibraryFunction.define(table, "insert", INSERT, this);
        LibraryFunction.define(table, "remove", REMOVE, this);
        LibraryFunction.define(table, "concat", CONCAT, this);
        LibraryFunction.define(table, "sort", SORT, this);
        LibraryFunction unpack = new LibraryFunction("unpack", UNPACK, this);
        table.set("unpack", unpack);
        LibraryFunction.define(table, "pack", PACK, this);
        LibraryFunction.define(table, "move", MOVE, this);
        env.set("table", table);
        if (env.get("package").istable()) {
            env.get("package").get("loaded").set("table", table);
        }
        return table;
    }

    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int LENGTH = 4;

    /**
     * Argument 1 as 5.4's {@code checktab}: a table, or a value whose metatable has the
     * metamethods the operation needs ({@code __index}, {@code __newindex}, {@code __len}).
     */
    private static LuaValue tableLike(Varargs a, String fname, int what) {
        LuaValue t = a.arg1();
        if (t.istable()) {
            return t;
        }
        LuaValue mt = t.getmetatable();
        if (mt != null
                && ((what & READ) == 0 || !mt.rawget(INDEX).isnil())
                && ((what & WRITE) == 0 || !mt.rawget(NEWINDEX).isnil())
                && ((what & LENGTH) == 0 || !mt.rawget(LEN).isnil())) {
            return t;
        }
        return LuaArgs.table(a, 1, fname);
    }

    /** {@code #t} with {@code __len}, which must give an integer ({@code luaL_len}). */
    private static long length(LuaValue t) {
        LuaValue n = t.len();
        if (!n.isinttype() && (n.type() != TNUMBER || n.todouble() != Math.floor(n.todouble()))) {
            throw new LuaError("object length is not an integer");
        }
        return n.tolong();
    }

    private static Varargs insert(Varargs a) {
        LuaValue t = tableLike(a, "insert", READ | WRITE | LENGTH);
        long e = length(t) + 1;
        long pos;
        switch (a.narg()) {
            case 2 -> pos = e;
            case 3 -> {
                pos = LuaArgs.integer(a, 2, "insert");
                if (Long.compareUnsigned(pos - 1, e) >= 0) {
                    throw LuaArgs.argError(2, "insert", "position out of bounds");
                }
                for (long i = e; i > pos; i--) {
                    t.set(key(i), t.get(key(i - 1)));
                }
            }
            default -> throw new LuaError("wrong number of arguments to 'insert'");
        }
        t.set(key(pos), a.arg(a.narg()));
        return NONE;
    }

    private static LuaValue key(long i) {
        return LuaInteger.valueOf(i);
    }

    private static Varargs remove(Varargs a) {
        LuaValue t = tableLike(a, "remove", READ | WRITE | LENGTH);
        long size = length(t);
        long pos = LuaArgs.optInteger(a, 2, "remove", size);
        if (pos != size && Long.compareUnsigned(pos - 1, size) > 0) {
            throw LuaArgs.argError(1, "remove", "position out of bounds"); // 5.4.4 names argument 1
        }
        LuaValue result = t.get(key(pos));
        for (; pos < size; pos++) {
            t.set(key(pos), t.get(key(pos + 1)));
        }
        t.set(key(pos), NIL);
        return result;
    }

    private static Varargs concat(Varargs a) {
        LuaValue t = tableLike(a, "concat", READ | LENGTH);
        LuaString sep = a.isnoneornil(2) ? EMPTYSTRING : LuaArgs.luaString(a, 2, "concat");
        long i = LuaArgs.optInteger(a, 3, "concat", 1);
        long j = a.isnoneornil(4) ? length(t) : LuaArgs.integer(a, 4, "concat");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long k = i; k <= j; k++) {
            LuaValue v = t.get(key(k));
            if (!v.isstring()) {
                throw new LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
            }
            LuaString s = v.strvalue();
            out.write(s.m_bytes, s.m_offset, s.m_length);
            if (k < j) {
                out.write(sep.m_bytes, sep.m_offset, sep.m_length);
            }
            if (k == Long.MAX_VALUE) {
                break;
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static Varargs unpack(Varargs a) {
        LuaValue t = a.arg1();
        long i = LuaArgs.optInteger(a, 2, "unpack", 1);
        long j = a.isnoneornil(3) ? length(t) : LuaArgs.integer(a, 3, "unpack");
        if (i > j) {
            return NONE;
        }
        long n = j - i; // as 5.4: unsigned, so a range wider than 2^63 also fails
        if (Long.compareUnsigned(n, 1_000_000) >= 0) {
            throw new LuaError("too many results to unpack");
        }
        LuaValue[] v = new LuaValue[(int) n + 1];
        for (int k = 0; k <= n; k++) {
            v[k] = t.get(key(i + k));
        }
        return varargsOf(v);
    }

    private static Varargs move(Varargs a) {
        LuaValue a1 = tableLike(a, "move", READ);
        long f = LuaArgs.integer(a, 2, "move");
        long e = LuaArgs.integer(a, 3, "move");
        long t = LuaArgs.integer(a, 4, "move");
        boolean other = !a.isnoneornil(5);
        LuaValue a2 = a1;
        if (other) {
            if (!a.arg(5).istable()) {
                LuaArgs.table(a, 5, "move");
            }
            a2 = a.arg(5);
        }
        if (e >= f) {
            if (!(f > 0 || e < Long.MAX_VALUE + f)) {
                throw LuaArgs.argError(3, "move", "too many elements to move");
            }
            long n = e - f;
            if (t > Long.MAX_VALUE - n) {
                throw LuaArgs.argError(4, "move", "destination wrap around");
            }
            if (t > e || t <= f || (other && a2 != a1)) {
                for (long i = 0; i <= n; i++) {
                    a2.set(key(t + i), a1.get(key(f + i)));
                }
            } else {
                for (long i = n; i >= 0; i--) {
                    a2.set(key(t + i), a1.get(key(f + i)));
                }
            }
        }
        return a2;
    }

    private static Varargs sort(Varargs a) {
        LuaTable t = LuaArgs.table(a, 1, "sort");
        long len = length(t);
        if (len >= Integer.MAX_VALUE) {
            throw LuaArgs.argError(1, "sort", "array too big");
        }
        int n = (int) len;
        LuaValue cmp = a.arg(2);
        if (!cmp.isnil() && !cmp.isfunction()) {
            throw LuaArgs.argError(2, "sort", "function expected, got " + cmp.typename());
        }
        if (n < 2) {
            return NONE;
        }
        Sorter s = new Sorter(t, cmp.isnil() ? null : cmp);
        s.sort(1, n);
        return NONE;
    }

    /** The reference's quicksort (median of three, same comparisons), so invalid order functions fail the same way. */
    private static final class Sorter {
        private final LuaTable t;
        private final LuaValue cmp;

        Sorter(LuaTable t, LuaValue cmp) {
            this.t = t;
            this.cmp = cmp;
        }

        private LuaValue get(int i) {
            return t.rawget(i);
        }

        private boolean lt(LuaValue x, LuaValue y) {
            return cmp != null ? cmp.call(x, y).toboolean() : x.lt_b(y);
        }

        private void swap(int i, int j) {
            LuaValue vi = get(i);
            t.rawset(i, get(j));
            t.rawset(j, vi);
        }

        void sort(int l, int u) {
            while (l < u) {
                if (lt(get(u), get(l))) {
                    swap(l, u);
                }
                if (u - l == 1) {
                    break;
                }
                int i = (l + u) >>> 1;
                if (lt(get(i), get(l))) {
                    swap(i, l);
                } else if (lt(get(u), get(i))) {
                    swap(i, u);
                }
                if (u - l == 2) {
                    break;
                }
                LuaValue pivot = get(i);
                swap(i, u - 1);
                i = l;
                int j = u - 1;
                while (true) {
                    while (lt(get(++i), pivot)) {
                        if (i >= u) {
                            throw new LuaError("invalid order function for sorting");
                        }
                    }
                    while (lt(pivot, get(--j))) {
                        if (j <= l) {
                            throw new LuaError("invalid order function for sorting");
                        }
                    }
                    if (j < i) {
                        break;
                    }
                    swap(i, j);
                }
                swap(u - 1, i);
                if (i - l < u - i) {
                    j = l;
                    i = i - 1;
                    l = i + 2;
                } else {
                    j = i + 1;
                    i = u;
                    u = j - 2;
                }
                sort(j, i);
            }
        }
    }

    // function numbers of this table's LibraryFunction.Body
    private static final int INSERT = 0;
    private static final int REMOVE = 1;
    private static final int CONCAT = 2;
    private static final int SORT = 3;
    private static final int UNPACK = 4;
    private static final int PACK = 5;
    private static final int MOVE = 6;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case INSERT -> insert(a);
            case REMOVE -> remove(a);
            case CONCAT -> concat(a);
            case SORT -> sort(a);
            case UNPACK -> unpack(a);
            case PACK -> luaPack(a);
            case MOVE -> move(a);
            default -> throw new IllegalArgumentException("table: no function " + index);
        };
    }

    private Varargs luaPack(Varargs a) {
        LuaTable t = LuaValue.listOf(null, a);
        t.set("n", a.narg());
        return t;
    }
}

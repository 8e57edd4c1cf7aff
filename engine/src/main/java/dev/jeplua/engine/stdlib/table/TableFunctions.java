package dev.jeplua.engine.stdlib.table;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The {@code table} library as in Lua 5.2's {@code ltablib.c} (raw element access, length with
 * {@code __len}), replacing LuaJ's, plus Lua 5.3's {@code table.move}:
 * <pre>
 * table.insert(t, [pos,] v)        pos must be in 1..#t+1: "bad argument #2 to 'insert' (position out of bounds)";
 *                                  other argument counts: "wrong number of arguments to 'insert'"
 * table.remove(t [, pos]) -> v     pos in 1..#t+1 unless pos == #t
 * table.concat(t [, sep [, i [, j]]]) -> string   "invalid value (table) at index 2 in table for 'concat'"
 * table.sort(t [, lt])             the reference's quicksort; "invalid order function for sorting"
 *                                  when lt is inconsistent
 * table.unpack(t [, i [, j]]) -> t[i], ..., t[j]   (also the global unpack, as Debian's lua5.2)
 * table.pack(...) -> {n = select('#', ...), ...}
 * table.move(a1, f, e, t [, a2]) -> a2             (5.3) a2[t..] = a1[f..e]
 * </pre>
 * Engine thread.
 */
public final class TableFunctions extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable table = new LuaTable();
        NamedFunction.define(table, "insert", TableFunctions::insert);
        NamedFunction.define(table, "remove", TableFunctions::remove);
        NamedFunction.define(table, "concat", TableFunctions::concat);
        NamedFunction.define(table, "sort", TableFunctions::sort);
        NamedFunction unpack = new NamedFunction("unpack", TableFunctions::unpack);
        table.set("unpack", unpack);
        NamedFunction.define(table, "pack", a -> {
            LuaTable t = LuaValue.listOf(null, a);
            t.set("n", a.narg());
            return t;
        });
        NamedFunction.define(table, "move", TableFunctions::move);
        env.set("table", table);
        env.set("unpack", unpack);
        if (env.get("package").istable()) {
            env.get("package").get("loaded").set("table", table);
        }
        return table;
    }

    private static long length(Varargs a, String fname) {
        LuaTable t = LuaArgs.table(a, 1, fname);
        return t.len().tolong();
    }

    private static Varargs insert(Varargs a) {
        LuaTable t = LuaArgs.table(a, 1, "insert");
        long e = length(a, "insert") + 1;
        long pos;
        switch (a.narg()) {
            case 2 -> pos = e;
            case 3 -> {
                pos = LuaArgs.integer(a, 2, "insert");
                if (pos < 1 || pos > e) {
                    throw LuaArgs.argError(2, "insert", "position out of bounds");
                }
                for (long i = e; i > pos; i--) {
                    t.rawset((int) i, t.rawget((int) (i - 1)));
                }
            }
            default -> throw new LuaError("wrong number of arguments to 'insert'");
        }
        t.rawset((int) pos, a.arg(a.narg()));
        return NONE;
    }

    private static Varargs remove(Varargs a) {
        LuaTable t = LuaArgs.table(a, 1, "remove");
        long size = length(a, "remove");
        long pos = LuaArgs.optInteger(a, 2, "remove", size);
        if (pos != size && (pos < 1 || pos > size + 1)) {
            throw LuaArgs.argError(1, "remove", "position out of bounds");
        }
        LuaValue result = t.rawget((int) pos);
        for (; pos < size; pos++) {
            t.rawset((int) pos, t.rawget((int) (pos + 1)));
        }
        t.rawset((int) pos, NIL);
        return result;
    }

    private static Varargs concat(Varargs a) {
        LuaTable t = LuaArgs.table(a, 1, "concat");
        LuaString sep = a.isnoneornil(2) ? EMPTYSTRING : LuaArgs.luaString(a, 2, "concat");
        long i = LuaArgs.optInteger(a, 3, "concat", 1);
        long j = a.isnoneornil(4) ? length(a, "concat") : LuaArgs.integer(a, 4, "concat");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long k = i; k <= j; k++) {
            LuaValue v = t.rawget((int) k);
            if (!v.isstring()) {
                throw new LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
            }
            LuaString s = v.strvalue();
            out.write(s.m_bytes, s.m_offset, s.m_length);
            if (k < j) {
                out.write(sep.m_bytes, sep.m_offset, sep.m_length);
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static Varargs unpack(Varargs a) {
        LuaValue t = a.arg1();
        long i = LuaArgs.optInteger(a, 2, "unpack", 1);
        long j = a.isnoneornil(3) ? t.len().tolong() : LuaArgs.integer(a, 3, "unpack");
        if (i > j) {
            return NONE;
        }
        long n = j - i + 1;
        if (n >= 1_000_000 || n <= 0) {
            throw new LuaError("too many results to unpack");
        }
        LuaValue[] v = new LuaValue[(int) n];
        for (int k = 0; k < n; k++) {
            v[k] = t.rawget((int) (i + k));
        }
        return varargsOf(v);
    }

    private static Varargs move(Varargs a) {
        LuaTable a1 = LuaArgs.table(a, 1, "move");
        long f = LuaArgs.integer(a, 2, "move");
        long e = LuaArgs.integer(a, 3, "move");
        long t = LuaArgs.integer(a, 4, "move");
        LuaValue a2 = a.isnoneornil(5) ? a1 : LuaArgs.table(a, 5, "move");
        if (e >= f) {
            if (!(f > 0 || e < Long.MAX_VALUE + f)) {
                throw LuaArgs.argError(3, "move", "too many elements to move");
            }
            if (t > e || t <= f || (a.isnoneornil(5) ? false : a2 != a1)) {
                for (long i = 0; i <= e - f; i++) {
                    a2.set((int) (t + i), a1.get((int) (f + i)));
                }
            } else {
                for (long i = e - f; i >= 0; i--) {
                    a2.set((int) (t + i), a1.get((int) (f + i)));
                }
            }
        }
        return a2;
    }

    private static Varargs sort(Varargs a) {
        LuaTable t = LuaArgs.table(a, 1, "sort");
        int n = (int) length(a, "sort");
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
}

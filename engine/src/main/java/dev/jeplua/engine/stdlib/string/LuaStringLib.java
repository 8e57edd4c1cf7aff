package dev.jeplua.engine.stdlib.string;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.memory.MemoryGuard;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Replaces the functions of LuaJ's {@code string} table that differ from Lua 5.2 (installed
 * after LuaJ's {@code StringLib}, into the same table, so {@code ("x"):rep(3)} sees them):
 * <pre>
 * string.format(fmt, ...)            see {@link StringFormat}
 * string.rep(s, n [, sep]) -> string  n &lt;= 0 gives ""; sep between copies (5.2)
 * string.upper(s), string.lower(s)   ASCII letters only (C locale), other bytes unchanged
 * string.find(s, pattern [, init [, plain]]) -> start, end, captures... | nil
 * string.match(s, pattern [, init]) -> captures... | nil
 * string.gmatch(s, pattern [, init]) -> iterator over the captures of each match (5.4: an empty
 *                                 match right where the previous match ended is skipped)
 * string.gsub(s, pattern, repl [, n]) -> string, count   (repl: string with %0-%9, table, function)
 * string.pack, string.unpack, string.packsize   (5.3/5.4) see {@link StringPack}
 * </pre>
 * Patterns are {@link LuaPatterns}. Argument errors read {@code bad argument #2 to 'rep'
 * (number expected, got nil)}. Engine thread.
 */
public final class LuaStringLib extends TwoArgFunction implements LibraryFunction.Body {
    /** Largest result string.rep builds (bytes), to fail with a Lua error rather than run out of memory. */
    private static final long MAX_REP = Integer.MAX_VALUE - 16;

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue t = env.get("string");
        if (!t.istable()) {
            return NIL;
        }
        LuaTable string = (LuaTable) t;
        LibraryFunction.define(string, "format", FORMAT, this);
        LibraryFunction.define(string, "char", CHAR, this);
        LibraryFunction.define(string, "rep", REP, this);
        LibraryFunction.define(string, "upper", UPPER, this);
        LibraryFunction.define(string, "lower", LOWER, this);
        LibraryFunction.define(string, "find", FIND, this);
        LibraryFunction.define(string, "match", MATCH, this);
        LibraryFunction.define(string, "gmatch", GMATCH, this);
        LibraryFunction.define(string, "gsub", GSUB, this);
        LibraryFunction.define(string, "pack", PACK, this);
        LibraryFunction.define(string, "unpack", UNPACK, this);
        LibraryFunction.define(string, "packsize", PACKSIZE, this);
        return string;
    }

    private static Varargs rep(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "rep");
        long n = LuaArgs.integer(a, 2, "rep");
        LuaString sep = a.isnoneornil(3) ? null : LuaArgs.luaString(a, 3, "rep");
        if (n <= 0) {
            return EMPTYSTRING;
        }
        int sl = s.m_length;
        int pl = sep == null ? 0 : sep.m_length;
        long total = sl * n + pl * (n - 1);
        if (total > MAX_REP) {
            throw new LuaError("resulting string too large");
        }
        MemoryGuard.checkAllocation(total);
        byte[] out = new byte[(int) total];
        int pos = 0;
        for (long k = 0; k < n; k++) {
            if (k > 0 && pl > 0) {
                System.arraycopy(sep.m_bytes, sep.m_offset, out, pos, pl);
                pos += pl;
            }
            System.arraycopy(s.m_bytes, s.m_offset, out, pos, sl);
            pos += sl;
        }
        return LuaString.valueUsing(out);
    }

    private static Varargs ascii(Varargs a, String fname, boolean upper) {
        LuaString s = LuaArgs.luaString(a, 1, fname);
        byte[] b = LuaPatterns.bytes(s);
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (upper && c >= 'a' && c <= 'z') {
                b[i] = (byte) (c - 32);
            } else if (!upper && c >= 'A' && c <= 'Z') {
                b[i] = (byte) (c + 32);
            }
        }
        return LuaString.valueUsing(b);
    }

    /** Relative string position as in the reference's {@code posrelat}: negatives count from the end. */
    static long posrelat(long pos, int len) {
        if (pos >= 0) {
            return pos;
        }
        if (-pos > len) {
            return 0;
        }
        return len + pos + 1;
    }

    private static Varargs find(Varargs a, boolean find) {
        String fname = find ? "find" : "match";
        LuaString s = LuaArgs.luaString(a, 1, fname);
        LuaString p = LuaArgs.luaString(a, 2, fname);
        int ls = s.m_length;
        long init = posrelat(LuaArgs.optInteger(a, 3, fname, 1), ls);
        if (init < 1) {
            init = 1;
        } else if (init > ls + 1) {
            return NIL;
        }
        if (find && (a.arg(4).toboolean() || LuaPatterns.noSpecials(p))) {
            int idx = indexOf(s, p, (int) init - 1);
            if (idx < 0) {
                return NIL;
            }
            return varargsOf(valueOf(idx + 1), valueOf(idx + p.m_length));
        }
        LuaPatterns m = new LuaPatterns(s, p);
        boolean anchor = m.patLen > 0 && m.pat[0] == '^';
        int pstart = anchor ? 1 : 0;
        int si = (int) init - 1;
        do {
            m.reset();
            int e = m.match(si, pstart);
            if (e != -1) {
                if (find) {
                    LuaValue[] caps = m.captures(si, e, false);
                    LuaValue[] r = new LuaValue[caps.length + 2];
                    r[0] = valueOf(si + 1);
                    r[1] = valueOf(e);
                    System.arraycopy(caps, 0, r, 2, caps.length);
                    return varargsOf(r);
                }
                return varargsOf(m.captures(si, e, true));
            }
            si++;
        } while (si <= m.srcLen && !anchor);
        return NIL;
    }

    private static int indexOf(LuaString s, LuaString p, int from) {
        int n = s.m_length;
        int m = p.m_length;
        outer:
        for (int i = from; i <= n - m; i++) {
            for (int j = 0; j < m; j++) {
                if (s.m_bytes[s.m_offset + i + j] != p.m_bytes[p.m_offset + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Varargs gmatch(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "gmatch");
        LuaString p = LuaArgs.luaString(a, 2, "gmatch");
        long init = LuaArgs.optInteger(a, 3, "gmatch", 1);
        LuaPatterns m = new LuaPatterns(s, p);
        // 5.4's init: negative counts from the end; past the end starts at the end + 1
        long start = init > 0 ? init - 1 : Math.max(0, m.srcLen + init);
        int first = (int) Math.min(start, m.srcLen + 1L);
        return new VarArgFunction() {
            private int pos = first;
            private int lastMatch = -1;

            @Override
            public Varargs invoke(Varargs ignored) {
                for (int si = pos; si <= m.srcLen; si++) {
                    m.reset();
                    int e = m.match(si, 0);
                    if (e != -1 && e != lastMatch) { // 5.4: no empty match right after the last one
                        pos = lastMatch = e;
                        return varargsOf(m.captures(si, e, true));
                    }
                }
                pos = m.srcLen + 1;
                return NIL;
            }
        };
    }

    private static Varargs gsub(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "gsub");
        LuaString p = LuaArgs.luaString(a, 2, "gsub");
        LuaValue repl = a.arg(3);
        int tr = repl.type();
        if (!(tr == TNUMBER || tr == TSTRING || tr == TFUNCTION || tr == TTABLE)) {
            throw LuaArgs.argError(
                    3, "gsub", "string/function/table expected, got " + (a.narg() < 3 ? "no value" : repl.typename()));
        }
        long maxN = LuaArgs.optInteger(a, 4, "gsub", s.m_length + 1L);
        LuaPatterns m = new LuaPatterns(s, p);
        boolean anchor = m.patLen > 0 && m.pat[0] == '^';
        int pstart = anchor ? 1 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.m_length + 16);
        int si = 0;
        long n = 0;
        int lastMatch = -1;
        while (n < maxN) {
            m.reset();
            int e = m.match(si, pstart);
            if (e != -1 && e != lastMatch) { // 5.4: no empty match right after the last one
                n++;
                addValue(m, out, si, e, repl);
                si = lastMatch = e;
            } else if (si < m.srcLen) {
                out.write(m.src[si++]);
            } else {
                break;
            }
            if (anchor) {
                break;
            }
        }
        out.write(m.src, si, m.srcLen - si);
        return varargsOf(LuaString.valueUsing(out.toByteArray()), org.luaj.vm2.Lua54Numbers.integer(n));
    }

    private static void addValue(LuaPatterns m, ByteArrayOutputStream out, int s, int e, LuaValue repl) {
        LuaValue v;
        switch (repl.type()) {
            case TFUNCTION -> v = repl.invoke(varargsOf(m.captures(s, e, true))).arg1();
            case TTABLE -> v = repl.get(m.capture(0, s, e));
            default -> {
                addString(m, out, s, e, repl.strvalue());
                return;
            }
        }
        if (!v.toboolean()) {
            out.write(m.src, s, e - s);
        } else if (!v.isstring()) {
            throw new LuaError("invalid replacement value (a " + v.typename() + ")");
        } else {
            LuaString r = v.strvalue();
            out.write(r.m_bytes, r.m_offset, r.m_length);
        }
    }

    private static void addString(LuaPatterns m, ByteArrayOutputStream out, int s, int e, LuaString r) {
        byte[] b = r.m_bytes;
        int end = r.m_offset + r.m_length;
        for (int i = r.m_offset; i < end; i++) {
            byte c = b[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            i++;
            if (i >= end || !Character.isDigit(b[i])) {
                if (i >= end || b[i] != '%') {
                    throw new LuaError("invalid use of '%' in replacement string");
                }
                out.write('%');
            } else if (b[i] == '0') {
                out.write(m.src, s, e - s);
            } else {
                LuaString cap = m.capture(b[i] - '1', s, e).strvalue();
                out.write(cap.m_bytes, cap.m_offset, cap.m_length);
            }
        }
    }

    // function numbers of this string's LibraryFunction.Body
    private static final int FORMAT = 0;
    private static final int CHAR = 1;
    private static final int REP = 2;
    private static final int UPPER = 3;
    private static final int LOWER = 4;
    private static final int FIND = 5;
    private static final int MATCH = 6;
    private static final int GMATCH = 7;
    private static final int GSUB = 8;
    private static final int PACK = 9;
    private static final int UNPACK = 10;
    private static final int PACKSIZE = 11;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FORMAT -> StringFormat.format(a);
            case CHAR -> luaChar(a);
            case REP -> LuaStringLib.rep(a);
            case UPPER -> ascii(a, "upper", true);
            case LOWER -> ascii(a, "lower", false);
            case FIND -> find(a, true);
            case MATCH -> find(a, false);
            case GMATCH -> LuaStringLib.gmatch(a);
            case GSUB -> LuaStringLib.gsub(a);
            case PACK -> StringPack.pack(a);
            case UNPACK -> StringPack.unpack(a);
            case PACKSIZE -> StringPack.packsize(a);
            default -> throw new IllegalArgumentException("string: no function " + index);
        };
    }

    private Varargs luaChar(Varargs a) {
        byte[] b = new byte[a.narg()];
        for (int i = 1; i <= b.length; i++) {
            long c = LuaArgs.integer(a, i, "char");
            if (c < 0 || c > 255) {
                throw LuaArgs.argError(i, "char", "value out of range");
            }
            b[i - 1] = (byte) c;
        }
        return LuaString.valueUsing(b);
    }
}

package dev.jeplua.engine.stdlib.string;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code utf8} library of Lua 5.3 (strict UTF-8: code points up to U+10FFFF, no overlong forms):
 * <pre>
 * utf8.char(...) -> string                  each code point encoded
 * utf8.charpattern                          "[\0-\x7F\xC2-\xFD][\x80-\xBF]*"
 * utf8.codepoint(s [, i [, j]]) -> codes... of the characters starting between byte i and j
 *                                           ("invalid UTF-8 code" on bad input)
 * utf8.len(s [, i [, j]]) -> n | nil, pos   characters between bytes i..j, or the first bad byte
 * utf8.offset(s, n [, i]) -> byte position of the n-th character (counting from i), or nil
 * utf8.codes(s) -> iterator                 for p, c in utf8.codes(s) do ... end
 * </pre>
 * Engine thread.
 */
public final class Utf8Lib extends TwoArgFunction implements LibraryFunction.Body {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable t = new LuaTable();
        LibraryFunction.define(t, "char", CHAR, this);
        t.set("charpattern", LuaString.valueUsing(new byte[] {
            '[', 0, '-', 0x7f, (byte) 0xc2, '-', (byte) 0xfd, ']', '[', (byte) 0x80, '-', (byte) 0xbf, ']', '*'
        }));
        LibraryFunction.define(t, "codepoint", CODEPOINT, this);
        LibraryFunction.define(t, "len", LEN, this);
        LibraryFunction.define(t, "offset", OFFSET, this);
        LibraryFunction.define(t, "codes", CODES, this);
        env.set("utf8", t);
        if (env.get("package").istable()) {
            env.get("package").get("loaded").set("utf8", t);
        }
        return t;
    }

    private static Varargs chars(Varargs a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= a.narg(); i++) {
            long c = LuaArgs.integer(a, i, "char");
            if (c < 0 || c > 0x7FFFFFFFL) {
                throw LuaArgs.argError(i, "char", "value out of range");
            }
            encode(out, (int) c);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static void encode(ByteArrayOutputStream out, int c) {
        if (c < 0x80) {
            out.write(c);
        } else if (c < 0x800) {
            out.write(0xC0 | (c >> 6));
            out.write(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out.write(0xE0 | (c >> 12));
            out.write(0x80 | ((c >> 6) & 0x3F));
            out.write(0x80 | (c & 0x3F));
        } else if (c < 0x200000) {
            out.write(0xF0 | (c >> 18));
            out.write(0x80 | ((c >> 12) & 0x3F));
            out.write(0x80 | ((c >> 6) & 0x3F));
            out.write(0x80 | (c & 0x3F));
        } else if (c < 0x4000000) {
            out.write(0xF8 | (c >> 24));
            out.write(0x80 | ((c >> 18) & 0x3F));
            out.write(0x80 | ((c >> 12) & 0x3F));
            out.write(0x80 | ((c >> 6) & 0x3F));
            out.write(0x80 | (c & 0x3F));
        } else {
            out.write(0xFC | (c >> 30));
            out.write(0x80 | ((c >> 24) & 0x3F));
            out.write(0x80 | ((c >> 18) & 0x3F));
            out.write(0x80 | ((c >> 12) & 0x3F));
            out.write(0x80 | ((c >> 6) & 0x3F));
            out.write(0x80 | (c & 0x3F));
        }
    }

    /**
     * Decodes the character at byte index {@code i} (0-based).
     *
     * @return {code point, length} or null when the bytes there are not valid strict UTF-8
     */
    static int[] decode(byte[] s, int off, int end, int i) {
        int c = s[off + i] & 0xff;
        if (c < 0x80) {
            return new int[] {c, 1};
        }
        int n;
        int cp;
        int min;
        if (c >= 0xC0 && c < 0xE0) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c < 0xF0) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c < 0xF8) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return null;
        }
        if (off + i + n >= end) {
            return null;
        }
        for (int k = 1; k <= n; k++) {
            int b = s[off + i + k] & 0xff;
            if ((b & 0xC0) != 0x80) {
                return null;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return null;
        }
        return new int[] {cp, n + 1};
    }

    private static Varargs codepoint(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "codepoint");
        int len = s.m_length;
        long i = LuaStringLib.posrelat(LuaArgs.optInteger(a, 2, "codepoint", 1), len);
        long j = LuaStringLib.posrelat(LuaArgs.optInteger(a, 3, "codepoint", i), len);
        if (i < 1) {
            throw LuaArgs.argError(2, "codepoint", "out of range");
        }
        if (j > len) {
            throw LuaArgs.argError(3, "codepoint", "out of range");
        }
        if (i > j) {
            return NONE;
        }
        java.util.List<LuaValue> r = new java.util.ArrayList<>();
        int p = (int) i - 1;
        while (p < j) {
            int[] d = decode(s.m_bytes, s.m_offset, s.m_offset + len, p);
            if (d == null) {
                throw new LuaError("invalid UTF-8 code");
            }
            r.add(valueOf(d[0]));
            p += d[1];
        }
        return varargsOf(r.toArray(new LuaValue[0]));
    }

    private static Varargs len(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "len");
        int len = s.m_length;
        long i = LuaStringLib.posrelat(LuaArgs.optInteger(a, 2, "len", 1), len);
        long j = LuaStringLib.posrelat(LuaArgs.optInteger(a, 3, "len", -1), len);
        if (i < 1 || i > len + 1) {
            throw LuaArgs.argError(2, "len", "initial position out of bounds");
        }
        if (j > len) {
            throw LuaArgs.argError(3, "len", "final position out of bounds");
        }
        int p = (int) i - 1;
        int n = 0;
        while (p < j) {
            int[] d = decode(s.m_bytes, s.m_offset, s.m_offset + len, p);
            if (d == null) {
                return varargsOf(NIL, valueOf(p + 1));
            }
            p += d[1];
            n++;
        }
        return valueOf(n);
    }

    private static boolean isCont(LuaString s, int p) {
        return p < s.m_length && (s.m_bytes[s.m_offset + p] & 0xC0) == 0x80;
    }

    private static Varargs offset(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "offset");
        int len = s.m_length;
        long n = LuaArgs.integer(a, 2, "offset");
        long i = LuaStringLib.posrelat(LuaArgs.optInteger(a, 3, "offset", n >= 0 ? 1 : len + 1), len);
        if (i < 1 || i > len + 1) {
            throw LuaArgs.argError(3, "offset", "position out of bounds");
        }
        int p = (int) i - 1;
        if (n == 0) {
            while (p > 0 && isCont(s, p)) {
                p--;
            }
            return valueOf(p + 1);
        }
        if (isCont(s, p)) {
            throw new LuaError("initial position is a continuation byte");
        }
        if (n < 0) {
            while (n < 0 && p > 0) {
                do {
                    p--;
                } while (p > 0 && isCont(s, p));
                n++;
            }
        } else {
            n--;
            while (n > 0 && p < len) {
                do {
                    p++;
                } while (isCont(s, p));
                n--;
            }
        }
        return n == 0 ? valueOf(p + 1) : NIL;
    }

    /** The iterator function of {@code utf8.codes}: (s, bytepos) -> nextpos, codepoint. */
    private static final class CodesIterator extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs a) {
            LuaString s = a.arg1().checkstring();
            int len = s.m_length;
            int p = a.arg(2).toint();
            if (p > 0) {
                p--;
                do {
                    p++;
                } while (isCont(s, p));
            }
            if (p >= len) {
                return NIL;
            }
            int[] d = decode(s.m_bytes, s.m_offset, s.m_offset + len, p);
            if (d == null) {
                throw new LuaError("invalid UTF-8 code");
            }
            return varargsOf(valueOf(p + 1), valueOf(d[0]));
        }
    }

    // function numbers of this utf8's LibraryFunction.Body
    private static final int CHAR = 0;
    private static final int CODEPOINT = 1;
    private static final int LEN = 2;
    private static final int OFFSET = 3;
    private static final int CODES = 4;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case CHAR -> chars(a);
            case CODEPOINT -> codepoint(a);
            case LEN -> len(a);
            case OFFSET -> offset(a);
            case CODES -> luaCodes(a);
            default -> throw new IllegalArgumentException("utf8: no function " + index);
        };
    }

    private Varargs luaCodes(Varargs a) {
        LuaString s = LuaArgs.luaString(a, 1, "codes");
        return varargsOf(new CodesIterator(), s, valueOf(0));
    }
}

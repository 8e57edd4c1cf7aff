package dev.jeplua.engine.stdlib.io;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.stdlib.io.LuaFiles.LuaFile;
import java.io.IOException;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * One read format of {@code file:read} / {@code io.read} / {@code lines}, as Lua 5.2's
 * {@code g_read} interprets it:
 * <pre>
 * n     (a number) up to n bytes; 0 gives "" or nil at end of file; a negative n raises
 *       "memory allocation error: block too big"
 * "*n"  a number in C's strtod syntax (see {@link #readNumber}); nil when there is none
 * "*l"  a line without its "\n" (a "\r" stays); nil at end of file
 * "*L"  a line with its "\n"
 * "*a"  the rest of the file; "" at end of file
 * </pre>
 * The "*" is optional (Lua 5.4) and only the first letter after it counts. A value neither number
 * nor string raises {@code bad argument #i to 'read' (string expected, got table)}, an unknown
 * letter {@code (invalid format)}. I/O failures come out as {@link IOException}. Stateless; the file belongs to the
 * engine thread.
 */
final class ReadFormats {
    private ReadFormats() {}

    /**
     * Reads {@code fmt} (argument {@code i} of the Lua function {@code fname}) from {@code f}.
     *
     * @return the value read, NIL when there is none
     */
    static LuaValue read(LuaFile f, LuaValue fmt, int i, String fname) throws IOException {
        if (fmt.type() == LuaValue.TNUMBER) {
            double d = fmt.todouble();
            if (d < 0) {
                throw new LuaError("memory allocation error: block too big");
            }
            return f.readChars(d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d);
        }
        if (fmt.type() != LuaValue.TSTRING) {
            throw LuaArgs.argError(i, fname, "string expected, got " + fmt.typename());
        }
        // Lua 5.4 (liolib.c g_read): the formats are "n", "l", "L", "a", with an optional leading '*'
        LuaString s = (LuaString) fmt;
        int at = s.length() > 0 && s.luaByte(0) == '*' ? 1 : 0;
        switch (s.length() > at ? s.luaByte(at) : 0) {
            case 'n':
                return readNumber(f);
            case 'l':
                return f.readLine(false);
            case 'L':
                return f.readLine(true);
            case 'a':
                return f.readAll();
            default:
                throw LuaArgs.argError(i, fname, "invalid format");
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(int c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    }

    private static int digits(LuaFile f, StringBuilder sb, boolean hex) throws IOException {
        int n = 0;
        while (isDigit(f.peek(), hex)) {
            sb.append((char) f.read());
            n++;
        }
        return n;
    }

    /**
     * "*n": what C's {@code fscanf("%lf")} reads — leading white space, an optional sign, then a
     * decimal or hexadecimal ("0x") number with optional fraction and exponent (Lua 5.4's
     * {@code read_number}: no inf/nan, which it leaves unread and answers nil).
     * Like glibc it consumes the longest prefix that could start a number (so a failing read eats
     * e.g. "0x" or "."; an incomplete exponent such as "1e+" is consumed and the read gives nil).
     * The text read becomes a number as 5.4's {@code lua_stringtonumber} converts it: {@code 31}
     * is an integer, {@code 31.0} and {@code 1e3} are floats.
     */
    private static LuaValue readNumber(LuaFile f) throws IOException {
        int c;
        while (isSpace(c = f.peek())) {
            f.read();
        }
        StringBuilder sb = new StringBuilder();
        if (c == '+' || c == '-') {
            sb.append((char) f.read());
            c = f.peek();
        }
        boolean hex = false;
        int n = 0;
        if (c == '0') {
            sb.append((char) f.read());
            n = 1;
            c = f.peek();
            if (c == 'x' || c == 'X') {
                sb.append((char) f.read());
                hex = true;
                n = 0;
            }
        }
        n += digits(f, sb, hex);
        boolean dot = false;
        if (f.peek() == '.') {
            sb.append((char) f.read());
            dot = true;
            n += digits(f, sb, hex);
        }
        if (n == 0) {
            return LuaValue.NIL;
        }
        c = f.peek();
        if (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E') {
            sb.append((char) f.read());
            c = f.peek();
            if (c == '+' || c == '-') {
                sb.append((char) f.read());
            }
            digits(f, sb, false); // "1e" stays malformed: nil, as 5.4 reads it
        }
        // 5.4's read_number ends with lua_stringtonumber: "31" is an integer, "31.0" a float
        LuaValue r = org.luaj.vm2.Lua54Numbers.stringToNumber(LuaString.valueOf(sb.toString()));
        return r == null ? LuaValue.NIL : r;
    }
}

package dev.jeplua.engine.stdlib.string;

import dev.jeplua.engine.api.LuaArgs;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.3/5.4's binary packing functions for the {@code string} table (installed by
 * {@link LuaStringLib}), written from the Lua 5.4 reference manual, §6.4.2:
 * <pre>
 * string.pack(fmt, v1, v2, ...) -> string
 * string.unpack(fmt, s [, pos]) -> v1, v2, ..., next position   (pos &lt; 0 counts from the end)
 * string.packsize(fmt) -> integer                                (fixed-size formats only)
 * </pre>
 * Format options: {@code < > =} endianness (native is little endian); {@code ![n]} maximum
 * alignment (default 8; it starts at 1, so nothing is padded until {@code !} is used);
 * {@code b B h H l L j J T} integers of 1, 1, 2, 2, 8, 8, 8, 8, 8 bytes; {@code i[n] I[n]}
 * integers of n bytes (1..16, default 4); {@code f} float, {@code d n} double; {@code s[n]}
 * string with an n-byte length prefix (default 8); {@code z} zero-terminated string;
 * {@code cn} fixed-size string; {@code x} one zero byte; {@code Xop} align to op's size;
 * spaces are ignored. An option of size &gt; 1 (not {@code c}) is aligned to
 * min(size, maximum alignment), which must be a power of 2.
 *
 * <p>Errors match the reference's: argument errors read {@code bad argument #2 to 'pack'
 * (integer overflow)} ({@code unsigned overflow}, {@code number has no integer representation},
 * {@code string longer than given size}, {@code string contains zeros}, {@code string length
 * does not fit in given size}, {@code data string too short}, {@code initial position out of
 * string}, {@code unfinished string for format 'z'}, {@code variable-length format},
 * {@code format result too large}, {@code invalid next option for option 'X'}, {@code format
 * asks for alignment not power of 2}); format errors are plain: {@code invalid format option
 * 'y'}, {@code missing size for format option 'c'}, {@code integral size (17) out of limits
 * [1,16]}, {@code 16-byte integer does not fit into Lua Integer}.
 *
 * <p>Integers are 5.4's 64-bit integers (packed and unpacked exactly, {@code math.maxinteger}
 * included); floats with an integral value are packed as integers when an integer format asks
 * for them. Engine thread.
 */
public final class StringPack {
    /** Largest size a format may describe (the reference's limit, INT_MAX). */
    private static final long MAX_SIZE = Integer.MAX_VALUE;
    /** Largest string pack builds, to fail with a Lua error rather than run out of memory. */
    private static final long MAX_RESULT = Integer.MAX_VALUE - 16;

    private StringPack() {}

    private enum Kind {
        INT,
        UINT,
        FLOAT,
        DOUBLE,
        CHAR,
        STRING,
        ZSTR,
        PADDING,
        ALIGN,
        NOP
    }

    /**
     * {@code string.pack(fmt, ...)}: the values serialized by {@code fmt}, as a string.
     *
     * @throws LuaError for a bad format, a value that does not fit its option, or a result over
     *     2^31-17 bytes ({@code resulting string too large}, where the reference runs out of memory)
     */
    public static Varargs pack(Varargs args) {
        Varargs a = new Varargs() { // a missing value reads "got nil", as in the reference's pack
                    @Override
                    public LuaValue arg(int i) {
                        return args.arg(i);
                    }

                    @Override
                    public int narg() {
                        return Integer.MAX_VALUE;
                    }

                    @Override
                    public LuaValue arg1() {
                        return args.arg1();
                    }

                    @Override
                    public Varargs subargs(int start) {
                        return args.subargs(start);
                    }
                };
        Format f = new Format(LuaArgs.luaString(args, 1, "pack"), "pack");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 1;
        while (f.next(out.size())) {
            if ((long) out.size() + f.pad + f.size > MAX_RESULT) {
                throw new LuaError("resulting string too large");
            }
            out.write(new byte[f.pad], 0, f.pad);
            switch (f.kind) {
                case INT, UINT -> {
                    long n = integer(a, ++arg, "pack");
                    if (f.size < 8) {
                        long lim = 1L << (f.size * 8);
                        boolean ok = f.kind == Kind.INT
                                ? -(lim >> 1) <= n && n < (lim >> 1)
                                : Long.compareUnsigned(n, lim) < 0;
                        if (!ok) {
                            throw LuaArgs.argError(
                                    arg, "pack", f.kind == Kind.INT ? "integer overflow" : "unsigned overflow");
                        }
                    }
                    writeInt(out, n, f.size, f.little, f.kind == Kind.INT && n < 0);
                }
                case FLOAT ->
                    writeInt(
                            out, Float.floatToRawIntBits((float) LuaArgs.number(a, ++arg, "pack")), 4, f.little, false);
                case DOUBLE ->
                    writeInt(out, Double.doubleToRawLongBits(LuaArgs.number(a, ++arg, "pack")), 8, f.little, false);
                case CHAR -> {
                    LuaString s = LuaArgs.luaString(a, ++arg, "pack");
                    if (s.m_length > f.size) {
                        throw LuaArgs.argError(arg, "pack", "string longer than given size");
                    }
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                    out.write(new byte[f.size - s.m_length], 0, f.size - s.m_length);
                }
                case STRING -> {
                    LuaString s = LuaArgs.luaString(a, ++arg, "pack");
                    if (f.size < 8 && s.m_length >= 1L << (f.size * 8)) {
                        throw LuaArgs.argError(arg, "pack", "string length does not fit in given size");
                    }
                    writeInt(out, s.m_length, f.size, f.little, false);
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                }
                case ZSTR -> {
                    LuaString s = LuaArgs.luaString(a, ++arg, "pack");
                    if (zero(s, 0) >= 0) {
                        throw LuaArgs.argError(arg, "pack", "string contains zeros");
                    }
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                    out.write(0);
                }
                case PADDING -> out.write(0);
                default -> {}
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    /**
     * {@code string.unpack(fmt, s [, pos])}: the values {@code fmt} reads from {@code s} starting
     * at {@code pos} (default 1; negative counts from the end), then the position after them.
     *
     * @throws LuaError for a bad format, a position outside {@code s} or data too short
     */
    public static Varargs unpack(Varargs a) {
        Format f = new Format(LuaArgs.luaString(a, 1, "unpack"), "unpack");
        LuaString data = LuaArgs.luaString(a, 2, "unpack");
        int ld = data.m_length;
        long init = a.isnoneornil(3) ? 1 : integer(a, 3, "unpack");
        long start = init > 0 ? init : init == 0 || init < -ld ? 1 : ld + init + 1;
        if (start - 1 > ld) {
            throw LuaArgs.argError(3, "unpack", "initial position out of string");
        }
        int pos = (int) (start - 1);
        List<LuaValue> values = new ArrayList<>();
        while (f.next(pos)) {
            if ((long) f.pad + f.size > ld - pos) {
                throw LuaArgs.argError(2, "unpack", "data string too short");
            }
            pos += f.pad;
            int at = data.m_offset + pos;
            switch (f.kind) {
                case INT, UINT ->
                    values.add(integerValue(readInt(data.m_bytes, at, f.size, f.little, f.kind == Kind.INT)));
                case FLOAT ->
                    values.add(LuaValue.valueOf(
                            Float.intBitsToFloat((int) readInt(data.m_bytes, at, 4, f.little, false))));
                case DOUBLE ->
                    values.add(
                            LuaValue.valueOf(Double.longBitsToDouble(readInt(data.m_bytes, at, 8, f.little, false))));
                case CHAR -> values.add(data.substring(pos, pos + f.size));
                case STRING -> {
                    long len = readInt(data.m_bytes, at, f.size, f.little, false);
                    if (Long.compareUnsigned(len, ld - pos - f.size) > 0) {
                        throw LuaArgs.argError(2, "unpack", "data string too short");
                    }
                    values.add(data.substring(pos + f.size, pos + f.size + (int) len));
                    pos += (int) len;
                }
                case ZSTR -> {
                    int end = zero(data, pos);
                    if (end < 0) {
                        throw LuaArgs.argError(2, "unpack", "unfinished string for format 'z'");
                    }
                    values.add(data.substring(pos, end));
                    pos = end + 1;
                }
                default -> {}
            }
            pos += f.size;
        }
        values.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    /**
     * {@code string.packsize(fmt)}: the length of the string {@code string.pack(fmt, ...)} makes.
     *
     * @throws LuaError for a bad format, {@code s}/{@code z} options ({@code variable-length
     *     format}) or a size over 2^31-1 ({@code format result too large})
     */
    public static Varargs packsize(Varargs a) {
        Format f = new Format(LuaArgs.luaString(a, 1, "packsize"), "packsize");
        long total = 0;
        while (f.next(total)) {
            if (f.kind == Kind.STRING || f.kind == Kind.ZSTR) {
                throw LuaArgs.argError(1, "packsize", "variable-length format");
            }
            long size = (long) f.pad + f.size;
            if (total > MAX_SIZE - size) {
                throw LuaArgs.argError(1, "packsize", "format result too large");
            }
            total += size;
        }
        return LuaValue.valueOf((int) total);
    }

    /** Reads a format one option at a time: {@link #kind}, {@link #size} and the {@link #pad} before it. */
    private static final class Format {
        private final LuaString fmt;
        private final String fname;
        private int i;
        boolean little = true;
        private int maxAlign = 1;
        Kind kind;
        int size;
        int pad;

        Format(LuaString fmt, String fname) {
            this.fmt = fmt;
            this.fname = fname;
        }

        private boolean atEnd() {
            return i >= fmt.m_length || fmt.m_bytes[fmt.m_offset + i] == 0;
        }

        /** Parses the next option (placed at offset {@code total}); false at the end of the format. */
        boolean next(long total) {
            if (atEnd()) {
                return false;
            }
            kind = option();
            int align = size;
            if (kind == Kind.ALIGN) {
                if (atEnd() || option() == Kind.CHAR || size == 0) {
                    throw LuaArgs.argError(1, fname, "invalid next option for option 'X'");
                }
                align = size;
                size = 0;
            }
            pad = 0;
            if (align > 1 && kind != Kind.CHAR) {
                align = Math.min(align, maxAlign);
                if ((align & (align - 1)) != 0) {
                    throw LuaArgs.argError(1, fname, "format asks for alignment not power of 2");
                }
                pad = (int) (-total & (align - 1));
            }
            return true;
        }

        /** Reads one option letter and its number; sets {@link #size}. */
        private Kind option() {
            int c = fmt.m_bytes[fmt.m_offset + i++] & 0xff;
            size = 0;
            switch (c) {
                case 'b', 'B' -> size = 1;
                case 'h', 'H' -> size = 2;
                case 'l', 'L', 'j', 'J', 'T', 'd', 'n' -> size = 8;
                case 'f' -> size = 4;
                case 'i', 'I' -> size = limit(4);
                case 's' -> size = limit(8);
                case 'c' -> {
                    size = number(-1);
                    if (size < 0) {
                        throw new LuaError("missing size for format option 'c'");
                    }
                }
                case 'x' -> size = 1;
                case '<', '=' -> little = true;
                case '>' -> little = false;
                case '!' -> maxAlign = limit(8);
                case 'z', 'X', ' ' -> {}
                default -> throw new LuaError("invalid format option '" + (char) c + "'");
            }
            return switch (c) {
                case 'b', 'h', 'l', 'j', 'i' -> Kind.INT;
                case 'B', 'H', 'L', 'J', 'T', 'I' -> Kind.UINT;
                case 'f' -> Kind.FLOAT;
                case 'd', 'n' -> Kind.DOUBLE;
                case 'c' -> Kind.CHAR;
                case 's' -> Kind.STRING;
                case 'z' -> Kind.ZSTR;
                case 'x' -> Kind.PADDING;
                case 'X' -> Kind.ALIGN;
                default -> Kind.NOP;
            };
        }

        private boolean digit() {
            return i < fmt.m_length && fmt.m_bytes[fmt.m_offset + i] >= '0' && fmt.m_bytes[fmt.m_offset + i] <= '9';
        }

        /** The decimal number at the cursor, or {@code def}; stops before it could pass 2^31-1. */
        private int number(int def) {
            if (!digit()) {
                return def;
            }
            int n = 0;
            do {
                n = n * 10 + (fmt.m_bytes[fmt.m_offset + i++] - '0');
            } while (digit() && n <= (Integer.MAX_VALUE - 9) / 10);
            return n;
        }

        /** An integral size 1..16 (default {@code def}). */
        private int limit(int def) {
            int n = number(def);
            if (n < 1 || n > 16) {
                throw new LuaError("integral size (" + n + ") out of limits [1,16]");
            }
            return n;
        }
    }

    /** Argument i as an integer: a number (or numeric string) with an exact 64-bit integer value. */
    private static long integer(Varargs a, int i, String fname) {
        return LuaArgs.integer(a, i, fname);
    }

    /** Index (relative to s) of the first zero byte at or after {@code from}, or -1. */
    private static int zero(LuaString s, int from) {
        for (int k = from; k < s.m_length; k++) {
            if (s.m_bytes[s.m_offset + k] == 0) {
                return k;
            }
        }
        return -1;
    }

    /** Writes the low bytes of n (size bytes; beyond 8 bytes 0xff when {@code negative}, else 0). */
    private static void writeInt(ByteArrayOutputStream out, long n, int size, boolean little, boolean negative) {
        for (int k = 0; k < size; k++) {
            int byteIndex = little ? k : size - 1 - k;
            out.write(byteIndex < 8 ? (int) (n >>> (8 * byteIndex)) : negative ? 0xff : 0);
        }
    }

    /**
     * Reads a size-byte integer: sign-extended when {@code signed} and shorter than 8 bytes;
     * longer ones must have bytes beyond the 8th that only extend the sign (0 when unsigned).
     */
    private static long readInt(byte[] b, int at, int size, boolean little, boolean signed) {
        long n = 0;
        for (int k = Math.min(size, 8) - 1; k >= 0; k--) {
            n = (n << 8) | (b[at + (little ? k : size - 1 - k)] & 0xff);
        }
        if (size < 8 && signed) {
            int shift = 64 - 8 * size;
            n = (n << shift) >> shift;
        }
        int ext = signed && n < 0 ? 0xff : 0;
        for (int k = 8; k < size; k++) {
            if ((b[at + (little ? k : size - 1 - k)] & 0xff) != ext) {
                throw new LuaError(size + "-byte integer does not fit into Lua Integer");
            }
        }
        return n;
    }

    /** A 64-bit integer as a LuaJ number (a double when it needs more than 32 bits). */
    private static LuaValue integerValue(long n) {
        return org.luaj.vm2.Lua54Numbers.integer(n);
    }
}

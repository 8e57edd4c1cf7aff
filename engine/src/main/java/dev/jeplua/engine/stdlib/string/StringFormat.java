package dev.jeplua.engine.stdlib.string;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.stdlib.base.BaseFunctions;
import dev.jeplua.engine.stdlib.number.LuaNumberFormat;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code string.format(fmt, ...)} as in Lua 5.2's {@code lstrlib.c} on glibc: C conversion
 * specifications {@code %[flags][width][.precision]conv} with flags {@code -+ #0}, width and
 * precision of at most two digits, and the conversions
 * <pre>
 * %d %i         integer (the number is truncated; |n| must fit in 64 bits)
 * %o %u %x %X   non-negative integer in octal, decimal, hex
 * %c            the byte with that code
 * %e %E %f %F %g %G %a %A   floating point, rounded like glibc
 * %s            tostring of the argument (honours __tostring); precision cuts it
 * %q            a string (or number) quoted so Lua reads it back
 * %%            a percent sign
 * </pre>
 * Errors are worded like the reference: {@code bad argument #2 to 'format' (number expected,
 * got nil)}, {@code invalid conversion '%y' to 'format'}, {@code invalid conversion specification:
 * '%100d'} (width or precision over 2 digits, as Lua 5.4). Engine thread (it may call {@code __tostring}).
 */
public final class StringFormat {
    private static final String FLAGS = "-+ #0";

    private StringFormat() {}

    /** Formats {@code args} (argument 1 is the format string). */
    public static LuaString format(Varargs args) {
        LuaString fmt = LuaArgs.luaString(args, 1, "format");
        byte[] f = fmt.m_bytes;
        int end = fmt.m_offset + fmt.m_length;
        Bytes out = new Bytes(fmt.m_length + 16);
        int arg = 1;
        int i = fmt.m_offset;
        while (i < end) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i >= end) {
                throw new LuaError("invalid conversion '%' to 'format'");
            }
            if (f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            int start = i;
            while (i < end && FLAGS.indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start >= FLAGS.length() + 1) {
                throw badSpec(f, start, end);
            }
            int flagsEnd = i;
            int width = -1;
            int ws = i;
            while (i < end && f[i] >= '0' && f[i] <= '9') {
                width = (width < 0 ? 0 : width * 10) + (f[i] - '0');
                i++;
            }
            if (i - ws > 2) {
                throw badSpec(f, start, end);
            }
            int precision = -1;
            if (i < end && f[i] == '.') {
                i++;
                int ps = i;
                precision = 0;
                while (i < end && f[i] >= '0' && f[i] <= '9') {
                    precision = precision * 10 + (f[i] - '0');
                    i++;
                }
                if (i - ps > 2) {
                    throw badSpec(f, start, end);
                }
            }
            if (i >= end) {
                throw new LuaError("invalid conversion '%"
                        + new String(f, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "' to 'format'");
            }
            char conv = (char) (f[i++] & 0xff);
            arg++;
            if (conv != '%' && "diouxXceEfFgGaAsq".indexOf(conv) < 0) {
                throw new LuaError("invalid conversion '%" + conv + "' to 'format'");
            }
            if (args.narg() < arg) {
                throw LuaArgs.argError(arg, "format", "no value");
            }
            LuaValue v = args.arg(arg);
            Spec spec = new Spec(f, start, flagsEnd, width, precision);
            switch (conv) {
                case 'd', 'i' -> write(out, spec.padNumber(integer(v, arg), true, true));
                case 'o', 'u', 'x', 'X' -> write(out, spec.padNumber(unsigned(v, arg, conv, spec), false, true));
                case 'c' -> {
                    byte[] one = {(byte) integerValue(v, arg)};
                    write(out, spec.pad(one));
                }
                case 'e', 'E', 'f', 'F', 'g', 'G', 'a', 'A' ->
                    write(out, spec.padNumber(floating(number(v, arg), conv, spec), true, false));
                case 's' -> {
                    LuaString s = BaseFunctions.tostring(v);
                    byte[] b = bytes(s);
                    if (precision >= 0 && precision < b.length) {
                        byte[] cut = new byte[precision];
                        System.arraycopy(b, 0, cut, 0, precision);
                        b = cut;
                    }
                    write(out, spec.pad(b));
                }
                case 'q' -> quote(out, v, arg);
                default -> throw new LuaError("invalid conversion '%" + conv + "' to 'format'");
            }
        }
        return out.toLuaString();
    }

    private static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, b.length);
        return b;
    }

    private static void write(Bytes out, byte[] b) {
        out.write(b, 0, b.length);
    }

    private static void write(Bytes out, String s) {
        out.writeAscii(s);
    }

    /** An unsynchronized growable byte buffer (ByteArrayOutputStream locks on every write). */
    private static final class Bytes {
        private byte[] buf;
        private int len;

        Bytes(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        void write(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        void write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void writeAscii(String s) {
            int n = s.length();
            ensure(n);
            for (int k = 0; k < n; k++) {
                buf[len++] = (byte) s.charAt(k);
            }
        }

        LuaString toLuaString() {
            return LuaString.valueUsing(java.util.Arrays.copyOf(buf, len));
        }
    }

    private static double number(LuaValue v, int arg) {
        LuaValue n = v.tonumber();
        if (n.isnil()) {
            throw LuaArgs.argError(arg, "format", "number expected, got " + v.typename());
        }
        return n.todouble();
    }

    /** The argument as a 64-bit integer (5.4's {@code luaL_checkinteger}). */
    private static long integerValue(LuaValue v, int arg) {
        LuaValue n = v.tonumber();
        if (n.isnil()) {
            throw LuaArgs.argError(arg, "format", "number expected, got " + v.typename());
        }
        LuaValue k = Lua54Numbers.toInteger(n);
        if (k == null) {
            throw LuaArgs.argError(arg, "format", "number has no integer representation");
        }
        return k.tolong();
    }

    private static String integer(LuaValue v, int arg) {
        return Long.toString(integerValue(v, arg));
    }

    /** {@code %o %u %x %X}: the integer's 64 bits read as unsigned, as C's conversions print a {@code lua_Integer}. */
    private static String unsigned(LuaValue v, int arg, char conv, Spec spec) {
        long l = integerValue(v, arg);
        String s =
                switch (conv) {
                    case 'o' -> Long.toOctalString(l);
                    case 'x' -> Long.toHexString(l);
                    case 'X' -> Long.toHexString(l).toUpperCase(java.util.Locale.ROOT);
                    default -> Long.toUnsignedString(l);
                };
        if (spec.alt) {
            if (conv == 'o' && !s.startsWith("0")) {
                s = "0" + s;
            } else if ((conv == 'x' || conv == 'X') && l != 0) {
                spec.prefix = conv == 'x' ? "0x" : "0X";
            }
        }
        return s;
    }

    private static String floating(double d, char conv, Spec spec) {
        boolean upper = Character.isUpperCase(conv);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            spec.zero = false;
            return LuaNumberFormat.special(d, upper);
        }
        int p = spec.precision < 0 ? 6 : spec.precision;
        return switch (Character.toLowerCase(conv)) {
            case 'f' -> LuaNumberFormat.fixed(d, p, spec.alt);
            case 'e' -> LuaNumberFormat.scientific(d, p, spec.alt, upper);
            case 'g' -> LuaNumberFormat.general(d, p, spec.alt, upper);
            default -> hex(d, spec.precision, upper);
        };
    }

    private static String quoteNumber(LuaValue v) {
        if (Lua54Numbers.isInteger(v)) {
            long l = v.tolong();
            return l == Long.MIN_VALUE ? "0x8000000000000000" : Long.toString(l);
        }
        double d = v.todouble();
        if (d == Double.POSITIVE_INFINITY) {
            return "1e9999";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-1e9999";
        }
        if (d != d) {
            return "(0/0)";
        }
        return hex(d, -1, false);
    }

    /** {@code %a}: {@code 0x1.8p+1} like glibc (normalized, trailing zeros dropped without a precision). */
    private static String hex(double d, int precision, boolean upper) {
        long bits = Double.doubleToRawLongBits(d);
        String sign = bits < 0 ? "-" : "";
        long mant = bits & 0xfffffffffffffL;
        int exp = (int) ((bits >>> 52) & 0x7ff);
        String lead;
        if (exp == 0 && mant == 0) {
            lead = "0";
            exp = 0;
        } else if (exp == 0) {
            lead = "0";
            exp = -1022;
        } else {
            lead = "1";
            exp -= 1023;
        }
        String frac = String.format("%013x", mant);
        if (precision < 0) {
            frac = frac.replaceAll("0+$", "");
        } else if (precision < 13) {
            java.math.BigInteger m = java.math.BigInteger.valueOf(mant);
            int drop = (13 - precision) * 4;
            java.math.BigInteger[] qr = m.divideAndRemainder(java.math.BigInteger.ONE.shiftLeft(drop));
            java.math.BigInteger q = qr[0];
            int cmp = qr[1].shiftLeft(1).compareTo(java.math.BigInteger.ONE.shiftLeft(drop));
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(java.math.BigInteger.ONE);
            }
            if (q.bitLength() > precision * 4
                    && precision >= 0
                    && q.signum() != 0
                    && q.shiftRight(precision * 4).signum() > 0) {
                lead = lead.equals("1") ? "2" : "1";
                q = q.clearBit(precision * 4);
            }
            frac = precision == 0 ? "" : String.format("%0" + precision + "x", q);
        } else {
            frac = frac + "0".repeat(precision - 13);
        }
        String s = sign + "0x" + lead + (frac.isEmpty() ? "" : "." + frac) + "p" + (exp >= 0 ? "+" : "") + exp;
        return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }

    /**
     * {@code %q} (5.4): strings quoted; integers in decimal ({@code math.mininteger} as
     * {@code 0x8000000000000000}, which reads back as an integer); floats in hexadecimal
     * ({@code 0x1p+0}), {@code 1e9999}, {@code -1e9999}, {@code (0/0)}; nil and booleans as
     * themselves; anything else raises {@code value has no literal form}.
     */
    private static void quote(Bytes out, LuaValue v, int arg) {
        if (v.type() == LuaValue.TNUMBER) {
            write(out, quoteNumber(v));
            return;
        }
        if (v.isnil() || v.isboolean()) {
            write(out, v.tojstring());
            return;
        }
        if (v.type() != LuaValue.TSTRING) {
            throw LuaArgs.argError(arg, "format", "value has no literal form");
        }
        byte[] s = bytes(v.strvalue());
        out.write('"');
        for (int k = 0; k < s.length; k++) {
            int b = s[k] & 0xff;
            if (b == '"' || b == '\\' || b == '\n') {
                out.write('\\');
                out.write(b);
            } else if (b == 0 || b < 32 || b == 127) {
                boolean digitNext = k + 1 < s.length && s[k + 1] >= '0' && s[k + 1] <= '9';
                write(out, digitNext ? String.format("\\%03d", b) : "\\" + b);
            } else {
                out.write(b);
            }
        }
        out.write('"');
    }

    /** Flags, width and precision of one conversion. */
    private static final class Spec {
        final boolean left;
        final boolean plus;
        final boolean space;
        final boolean alt;
        boolean zero;
        final int width;
        final int precision;
        String prefix = "";

        Spec(byte[] f, int from, int to, int width, int precision) {
            boolean l = false, p = false, sp = false, a = false, z = false;
            for (int k = from; k < to; k++) {
                switch (f[k]) {
                    case '-' -> l = true;
                    case '+' -> p = true;
                    case ' ' -> sp = true;
                    case '#' -> a = true;
                    default -> z = true;
                }
            }
            this.left = l;
            this.plus = p;
            this.space = sp;
            this.alt = a;
            this.zero = z;
            this.width = width;
            this.precision = precision;
        }

        byte[] pad(byte[] b) {
            if (width <= b.length) {
                return b;
            }
            byte[] r = new byte[width];
            java.util.Arrays.fill(r, (byte) ' ');
            System.arraycopy(b, 0, r, left ? 0 : width - b.length, b.length);
            return r;
        }

        /** Sign, prefix, integer precision (minimum digits) and zero or space padding. */
        String padNumber(String s, boolean signed, boolean isInteger) {
            if (width < 0 && !plus && !space && prefix.isEmpty() && (precision < 0 || !isInteger)) {
                return s;
            }
            String sign = "";
            if (s.startsWith("-")) {
                sign = "-";
                s = s.substring(1);
            } else if (signed && plus) {
                sign = "+";
            } else if (signed && space) {
                sign = " ";
            }
            boolean zeroPad = zero && !left;
            if (isInteger && precision >= 0) {
                zeroPad = false;
                if (s.length() < precision) {
                    s = "0".repeat(precision - s.length()) + s;
                }
                if (precision == 0 && s.equals("0")) {
                    s = "";
                }
            }
            String body = sign + prefix + s;
            if (body.length() >= width) {
                return body;
            }
            int fill = width - body.length();
            if (left) {
                return body + " ".repeat(fill);
            }
            if (zeroPad) {
                return sign + prefix + "0".repeat(fill) + s;
            }
            return " ".repeat(fill) + body;
        }
    }

    /**
     * Lua 5.4's error for a conversion whose flags, width (at most 2 digits) or precision (at most
     * 2 digits) are not allowed: {@code invalid conversion specification: '%<spec>'}, where the spec
     * runs from the flags to the conversion letter (lstrlib.c {@code checkformat}).
     */
    private static LuaError badSpec(byte[] f, int start, int end) {
        int i = start;
        while (i < end && "-+ #0.0123456789".indexOf(f[i]) >= 0) {
            i++;
        }
        int stop = Math.min(end, i + 1);
        return new LuaError("invalid conversion specification: '%"
                + new String(f, start, stop - start, java.nio.charset.StandardCharsets.ISO_8859_1) + "'");
    }
}

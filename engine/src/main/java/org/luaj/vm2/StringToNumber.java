package org.luaj.vm2;

/**
 * Lua 5.4's conversion of strings to numbers (manual §3.4.3 and {@code tonumber}, §6.1): a string
 * that reads as an integer numeral gives an integer ({@code "10"}, {@code "0x10"}; hexadecimal
 * wraps around to 64 bits, a decimal numeral too large for 64 bits is read as a float), any other
 * numeral gives a float ({@code "1e1"}, {@code "0x1p4"}, {@code ".5"}); leading and trailing
 * white space is allowed; {@code inf} and {@code nan} are not numerals. Pure; any thread.
 */
final class StringToNumber {
    private StringToNumber() {}

    private static boolean space(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return 99;
    }

    /**
     * The bytes of {@code s} without leading and trailing whitespace, as indexes into
     * {@code s.m_bytes}: the start in the high 32 bits, the end (exclusive) in the low 32 bits
     * (start == end when nothing is left).
     */
    private static long trimmed(LuaString s) {
        byte[] b = s.m_bytes;
        int i = s.m_offset;
        int end = i + s.m_length;
        while (i < end && space(b[i])) {
            i++;
        }
        while (end > i && space(b[end - 1])) {
            end--;
        }
        return ((long) i << 32) | (end & 0xffffffffL);
    }

    /** The number {@code s} reads as, or null. */
    static LuaValue convert(LuaString s) {
        byte[] b = s.m_bytes;
        long span = trimmed(s);
        int i = (int) (span >>> 32);
        int end = (int) span;
        if (i >= end) {
            return null;
        }
        LuaValue n = integer(b, i, end);
        return n != null ? n : floating(b, i, end);
    }

    private static LuaValue integer(byte[] b, int i, int end) {
        boolean neg = false;
        if (b[i] == '-') {
            neg = true;
            i++;
        } else if (b[i] == '+') {
            i++;
        }
        long a = 0;
        boolean any = false;
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            for (i += 2; i < end; i++) {
                int d = digit(b[i]);
                if (d >= 16) {
                    return null;
                }
                a = a * 16 + d;
                any = true;
            }
        } else {
            for (; i < end; i++) {
                int d = digit(b[i]);
                if (d >= 10) {
                    return null;
                }
                // too large for 64 bits: not an integer numeral (read as a float instead)
                if (a >= Long.MAX_VALUE / 10 && (a > Long.MAX_VALUE / 10 || d > 7 + (neg ? 1 : 0))) {
                    return null;
                }
                a = a * 10 + d;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        return Lua54Numbers.integer(neg ? -a : a);
    }

    private static LuaValue floating(byte[] b, int start, int end) {
        for (int k = start; k < end; k++) {
            if (b[k] == 'n' || b[k] == 'N') {
                return null;
            }
        }
        int i = start;
        boolean neg = false;
        if (b[i] == '-' || b[i] == '+') {
            neg = b[i] == '-';
            i++;
        }
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            double d = hexFloat(b, i + 2, end);
            return d != d ? null : LuaDouble.valueOf(neg ? -d : d);
        }
        // decimal: digits [. digits] [(e|E) [sign] digits], at least one mantissa digit
        int k = i;
        int digits = 0;
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            k++;
            digits++;
        }
        if (k < end && b[k] == '.') {
            k++;
            while (k < end && b[k] >= '0' && b[k] <= '9') {
                k++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (k < end && (b[k] == 'e' || b[k] == 'E')) {
            k++;
            if (k < end && (b[k] == '+' || b[k] == '-')) {
                k++;
            }
            int e = 0;
            while (k < end && b[k] >= '0' && b[k] <= '9') {
                k++;
                e++;
            }
            if (e == 0) {
                return null;
            }
        }
        if (k != end) {
            return null;
        }
        double d = Double.parseDouble(new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1));
        return LuaDouble.valueOf(d);
    }

    /** A hexadecimal float after the {@code 0x}: hex digits [. hex digits] [(p|P) [sign] digits]; NaN when malformed. */
    static double hexFloat(byte[] b, int i, int end) {
        long m = 0;
        int exp = 0;
        boolean any = false;
        boolean dot = false;
        for (; i < end; i++) {
            int c = b[i];
            if (c == '.') {
                if (dot) {
                    return Double.NaN;
                }
                dot = true;
                continue;
            }
            int d = digit(c);
            if (d >= 16) {
                break;
            }
            any = true;
            if (m < (1L << 58)) {
                m = m * 16 + d;
                if (dot) {
                    exp -= 4;
                }
            } else if (!dot) {
                exp += 4; // digits beyond the precision kept: scale only
            }
        }
        if (!any) {
            return Double.NaN;
        }
        if (i < end && (b[i] == 'p' || b[i] == 'P')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                eneg = b[i] == '-';
                i++;
            }
            int e = 0;
            boolean edig = false;
            for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
                e = Math.min(e * 10 + (b[i] - '0'), 100_000);
                edig = true;
            }
            if (!edig) {
                return Double.NaN;
            }
            exp += eneg ? -e : e;
        }
        if (i != end) {
            return Double.NaN;
        }
        return Math.scalb((double) m, exp);
    }

    /** {@code tonumber(s, base)}: an integer written in {@code base} (2..36), wrapping around; null if malformed. */
    static LuaValue convert(LuaString s, int base) {
        byte[] b = s.m_bytes;
        long span = trimmed(s);
        int i = (int) (span >>> 32);
        int end = (int) span;
        boolean neg = false;
        if (i < end && b[i] == '-') {
            neg = true;
            i++;
        }
        if (i >= end) {
            return null;
        }
        long n = 0;
        for (; i < end; i++) {
            int d = digit(b[i]);
            if (d >= base) {
                return null;
            }
            n = n * base + d;
        }
        return Lua54Numbers.integer(neg ? -n : n);
    }
}

package dev.jeplua.telnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Makes text safe to show on a client's terminal: every byte that a terminal could take as
 * (the start of) a control function is written as a visible Lua decimal escape instead, so
 * {@code print("\27]0;title\7")} reaches clients as the text {@code \27]0;title\7}. Escaped: the
 * C0 controls except TAB, LF and CR (ESC is one of them), DEL, the C1 controls U+0080–U+009F
 * (their UTF-8 forms, CSI included), and every byte that is not part of a well-formed UTF-8
 * sequence (a terminal in an 8-bit mode would take a lone 0x9B as CSI). The escape is {@code \}
 * and the byte's decimal value, three digits when a digit follows (as Lua's {@code %q} does), so
 * it reads back as the same Lua string. Backslashes are not doubled: the result is for reading,
 * not for parsing. Pure functions; any thread.
 */
final class ControlCharacters {
    private ControlCharacters() {}

    /** @return {@code b} itself when nothing needs escaping, else a new array with the escapes */
    static byte[] escape(byte[] b) {
        int first = firstUnsafe(b);
        if (first < 0) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
        out.write(b, 0, first);
        int i = first;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (isC0(c)) {
                    escapeByte(out, c, b, i + 1);
                } else {
                    out.write(c);
                }
                i++;
                continue;
            }
            int n = utf8Length(b, i);
            if (n == 0 || n == 2 && isC1(b, i)) {
                int end = n == 0 ? i + 1 : i + 2;
                for (; i < end; i++) {
                    escapeByte(out, b[i] & 0xFF, b, i + 1);
                }
            } else {
                out.write(b, i, n);
                i += n;
            }
        }
        return out.toByteArray();
    }

    /** The same rule for Java text (encoded as UTF-8 first, so C1 characters show as their two bytes). */
    static String escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F) {
                return new String(escape(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }
        }
        return s;
    }

    private static int firstUnsafe(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (isC0(c)) {
                    return i;
                }
                i++;
            } else {
                int n = utf8Length(b, i);
                if (n == 0 || n == 2 && isC1(b, i)) {
                    return i;
                }
                i += n;
            }
        }
        return -1;
    }

    private static boolean isC0(int c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F;
    }

    /** U+0080–U+009F is encoded C2 80 – C2 9F. */
    private static boolean isC1(byte[] b, int i) {
        return (b[i] & 0xFF) == 0xC2 && (b[i + 1] & 0xFF) <= 0x9F;
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (RFC 3629: no overlongs, surrogates or values past U+10FFFF), or 0. */
    private static int utf8Length(byte[] b, int i) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + n > b.length) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xFF;
            if (cont < 0x80 || cont > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    private static void escapeByte(ByteArrayOutputStream out, int c, byte[] b, int next) {
        boolean digitFollows = next < b.length && b[next] >= '0' && b[next] <= '9';
        String s = digitFollows ? String.format("\\%03d", c) : "\\" + c;
        out.write(s.getBytes(StandardCharsets.US_ASCII), 0, s.length());
    }
}

package dev.jeplua.telnet;

import java.nio.charset.StandardCharsets;

/**
 * Text as the telnet network virtual terminal wants it (RFC 854): line ends as {@code \r\n}
 * and the data byte 255 doubled ({@code IAC IAC}) so the client does not read it as a command.
 */
final class TelnetText {
    private TelnetText() {}

    /** Encodes the first {@code length} bytes of {@code b}. */
    static byte[] encode(byte[] b, int length) {
        int extra = 0;
        for (int i = 0; i < length; i++) {
            if (b[i] == '\n' || b[i] == (byte) 0xFF) {
                extra++;
            }
        }
        byte[] out = new byte[length + extra];
        int j = 0;
        for (int i = 0; i < length; i++) {
            byte c = b[i];
            if (c == '\n' && (i == 0 || b[i - 1] != '\r')) {
                out[j++] = '\r';
            } else if (c == (byte) 0xFF) {
                out[j++] = (byte) 0xFF;
            }
            out[j++] = c;
        }
        return j == out.length ? out : java.util.Arrays.copyOf(out, j);
    }

    /** Encodes a Java string (UTF-8). */
    static byte[] encode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return encode(b, b.length);
    }
}

package dev.jeplua.engine.output;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes printed by Lua. Lua strings are byte strings: byte sinks (stdout, telnet) get them as
 * they are; text sinks (JSON, WebSocket) use {@link #text()}, where invalid UTF-8 sequences
 * are replaced by U+FFFD — never an exception. Immutable; any thread.
 */
public final class OutputChunk {
    private final byte[] bytes;
    private String text;

    /** @param bytes the printed bytes; the array must not be modified afterwards */
    public OutputChunk(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The raw bytes (do not modify). */
    public byte[] bytes() {
        return bytes;
    }

    /** The bytes decoded as UTF-8, malformed sequences replaced by U+FFFD. */
    public String text() {
        String t = text;
        if (t == null) {
            t = decode(bytes);
            text = t;
        }
        return t;
    }

    /** Decodes UTF-8 replacing malformed input (the JDK's {@code new String} already replaces). */
    static String decode(byte[] b) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}

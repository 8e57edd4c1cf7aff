package dev.jeplua.engine.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * JSON text → Lua values, on Jackson's streaming parser; {@code json.decode} and Java callers use
 * {@link #decode}.
 * <ul>
 *   <li>{@code null} → {@link JsonValues#NULL json.null}, at the top level and inside arrays and
 *       objects; arrays → tables {@linkplain JsonValues#markArray marked} as arrays; objects →
 *       plain tables with string keys.</li>
 *   <li>Strings → UTF-8 byte strings; an unpaired surrogate escape becomes U+FFFD. Input that
 *       is not valid UTF-8 is read a second time with its invalid sequences as U+FFFD.</li>
 *   <li>Numbers keep Lua 5.4's subtype, as EPLua's (Python's) JSON does: an integer literal
 *       within 64 bits becomes an integer ({@code 5}, {@code 9007199254740993}); a larger one a
 *       float when the nearest double equals it exactly, else a string of its digits as written
 *       (no digit is silently lost); literals with a fraction or exponent are always floats
 *       ({@code 5.0}; nearest double, ±inf out of range).</li>
 * </ul>
 * Invalid input — bad syntax, trailing data after the value, empty input, nesting deeper than
 * {@link JsonValues#MAX_DEPTH} — is never raised: it gives {@code nil, "<message> at line L
 * column C"}. Thread-safe (each call has its own parser and state).
 */
public final class JsonDecoder {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(JsonValues.MAX_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    private final JsonParser p;
    /** Values of the arrays being read, innermost last; shared by every nesting level. */
    private LuaValue[] stack = new LuaValue[16];

    private int top;
    /** Jackson hands out canonical field-name strings: convert each to a Lua string once. */
    private final Map<String, LuaString> names = new HashMap<>();

    private JsonDecoder(JsonParser p) {
        this.p = p;
    }

    /**
     * Decodes JSON text, exactly as {@code json.decode}.
     *
     * @return the value, or {@code nil, "<message> at line L column C"} for invalid input
     */
    public static Varargs decode(LuaString text) {
        try {
            JsonParser strict = FACTORY.createParser(text.m_bytes, text.m_offset, text.m_length);
            try {
                return parse(strict);
            } catch (JsonProcessingException e) {
                String message = e.getOriginalMessage();
                if (message == null || !message.contains("Invalid UTF-8")) {
                    return failure(e, strict);
                }
            }
            // Lua strings are bytes: read the text again with invalid sequences replaced by U+FFFD
            JsonParser lenient = FACTORY.createParser(
                    new String(text.m_bytes, text.m_offset, text.m_length, StandardCharsets.UTF_8));
            try {
                return parse(lenient);
            } catch (JsonProcessingException e) {
                return failure(e, lenient);
            }
        } catch (IOException e) {
            // the parser reads from memory: any other I/O failure is a bug
            throw new UncheckedIOException(e);
        }
    }

    private static LuaValue parse(JsonParser parser) throws IOException {
        try (JsonParser p = parser) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonParseException(p, "Unexpected end-of-input: expected a JSON value");
            }
            LuaValue value = new JsonDecoder(p).value(first);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "Unexpected data after the JSON value", p.currentTokenLocation());
            }
            return value;
        }
    }

    private static Varargs failure(JsonProcessingException e, JsonParser p) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message =
                JACKSON_SOURCE.matcher(message).replaceAll("line $1 column $2").replace('\n', ' ');
        // constraint violations carry no location of their own
        JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
        if (at != null) {
            message = message + " at line " + at.getLineNr() + " column " + at.getColumnNr();
        }
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
    }

    private LuaValue value(JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            case VALUE_STRING -> utf8(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case VALUE_NUMBER_INT -> integer();
            case VALUE_NUMBER_FLOAT -> LuaValue.valueOf(p.getDoubleValue());
            case VALUE_TRUE -> LuaValue.TRUE;
            case VALUE_FALSE -> LuaValue.FALSE;
            case VALUE_NULL -> JsonValues.NULL;
            default -> throw new JsonParseException(p, "Unexpected token " + t);
        };
    }

    private LuaValue object() throws IOException {
        LuaTable t = new LuaTable();
        String name;
        while ((name = p.nextFieldName()) != null) {
            LuaString key = names.computeIfAbsent(name, JsonDecoder::utf8);
            t.rawset(key, value(next()));
        }
        return t;
    }

    private LuaValue array() throws IOException {
        int base = top;
        JsonToken t;
        while ((t = next()) != JsonToken.END_ARRAY) {
            LuaValue v = value(t);
            if (top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2);
            }
            stack[top++] = v;
        }
        int n = top - base;
        LuaTable table = new LuaTable(n, 0);
        for (int i = 0; i < n; i++) {
            table.rawset(i + 1, stack[base + i]);
            stack[base + i] = null;
        }
        top = base;
        return JsonValues.markArray(table);
    }

    private JsonToken next() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "Unexpected end-of-input");
        }
        return t;
    }

    private LuaValue integer() throws IOException {
        switch (p.getNumberType()) {
            case INT:
                return LuaValue.valueOf(p.getIntValue());
            case LONG:
                return org.luaj.vm2.Lua54Numbers.integer(p.getLongValue());
            default: {
                BigInteger v = p.getBigIntegerValue();
                double d = v.doubleValue();
                if (!Double.isInfinite(d) && new BigDecimal(d).toBigInteger().equals(v)) {
                    return LuaValue.valueOf(d);
                }
                return LuaValue.valueOf(p.getText());
            }
        }
    }

    private static LuaString utf8(String s) {
        return utf8(s.toCharArray(), 0, s.length());
    }

    /** UTF-8 bytes of UTF-16 text; an unpaired surrogate becomes U+FFFD. */
    private static LuaString utf8(char[] c, int off, int len) {
        int end = off + len;
        int size = 0;
        for (int i = off; i < end; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                size += 1;
            } else if (ch < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        byte[] b = new byte[size];
        int j = 0;
        for (int i = off; i < end; i++) {
            int ch = c[i];
            if (ch < 0x80) {
                b[j++] = (byte) ch;
                continue;
            }
            if (ch < 0x800) {
                b[j++] = (byte) (0xC0 | ch >> 6);
                b[j++] = (byte) (0x80 | ch & 0x3F);
                continue;
            }
            if (Character.isSurrogate((char) ch)) {
                if (Character.isHighSurrogate((char) ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
                    int cp = Character.toCodePoint((char) ch, c[++i]);
                    b[j++] = (byte) (0xF0 | cp >> 18);
                    b[j++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[j++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[j++] = (byte) (0x80 | cp & 0x3F);
                    continue;
                }
                ch = 0xFFFD;
            }
            b[j++] = (byte) (0xE0 | ch >> 12);
            b[j++] = (byte) (0x80 | ch >> 6 & 0x3F);
            b[j++] = (byte) (0x80 | ch & 0x3F);
        }
        return LuaString.valueUsing(b);
    }
}

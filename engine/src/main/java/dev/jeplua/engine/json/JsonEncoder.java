package dev.jeplua.engine.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua value → JSON text (UTF-8), on Jackson's streaming generator; {@code json.encode} and the
 * Java callers that turn a Lua table into a body use {@link #encode}.
 * <ul>
 *   <li>{@code nil} and {@link JsonValues#NULL json.null} → {@code null}; booleans; strings
 *       (bytes read as UTF-8, every invalid sequence becomes U+FFFD, so a string never fails).</li>
 *   <li>Numbers keep Lua 5.4's subtype, as EPLua's (Python's) JSON does: integers print as
 *       integers ({@code 5}, {@code 9223372036854775807}); floats always read back as floats:
 *       {@code 5.0}, {@code -0.0}, otherwise the shortest text that reads back as the same
 *       double, plain for 10<sup>-6</sup> ≤ |x| &lt; 10<sup>16</sup>, else {@code 1.5e-7} /
 *       {@code 1e+16}. NaN and infinities raise.</li>
 *   <li>A table whose keys are exactly {@code 1..n} (n ≥ 1) → array; an empty table → {@code {}}
 *       unless {@linkplain JsonValues#markArray marked} → {@code []}; any other table → object
 *       with string keys as they are and number keys as their number text, sorted bytewise
 *       unless {@code sortKeys} is false (then in the table's iteration order). Tables are read
 *       raw (no metamethods).</li>
 *   <li>{@code indent} &gt; 0: one value per line, {@code indent} spaces per level,
 *       {@code "key": value}; otherwise compact without spaces.</li>
 * </ul>
 * Errors are {@link LuaError}s naming the path ({@code $} the value, {@code .name} an
 * identifier key, {@code ["k y"]} another string key, {@code [2]} an index or number key):
 * {@code json.encode: cannot encode function at $.a.b}; likewise {@code userdata},
 * {@code thread}, {@code NaN}, {@code inf}, {@code -inf}, {@code boolean key},
 * {@code cyclic reference} and {@code table nested deeper than 1000 levels}.
 *
 * <p>{@link #encode} is thread-safe as far as this class goes (each call has its own encoder
 * state); the Lua value must not be changed by another thread while it is being encoded.
 */
public final class JsonEncoder {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // our own depth check runs first and names the path; this is only a backstop
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(JsonValues.MAX_DEPTH + 1)
                    .build())
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();
    private static final Map<Integer, DefaultPrettyPrinter> PRINTERS = new ConcurrentHashMap<>();

    private final JsonGenerator gen;
    private final boolean sortKeys;
    /** open[i] is the table at path depth i; keys[i] the key leading from it to depth i+1. */
    private LuaTable[] open = new LuaTable[8];

    private LuaValue[] keys = new LuaValue[8];

    private JsonEncoder(JsonGenerator gen, boolean sortKeys) {
        this.gen = gen;
        this.sortKeys = sortKeys;
    }

    /**
     * Encodes {@code value} as JSON text (UTF-8 bytes), exactly as {@code json.encode}.
     *
     * @param indent spaces per level; 0 or less for compact output
     * @param sortKeys whether object keys are sorted bytewise
     * @throws LuaError for a value that has no JSON form; the message names the path
     */
    public static LuaString encode(LuaValue value, int indent, boolean sortKeys) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (indent > 0) {
                gen.setPrettyPrinter(PRINTERS.computeIfAbsent(indent, JsonEncoder::prettyPrinter)
                        .createInstance());
            }
            new JsonEncoder(gen, sortKeys).value(value, 0);
        } catch (IOException e) {
            // writing to memory fails only on a Jackson limit we do not expect to reach
            throw new LuaError("json.encode: " + e.getMessage());
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static DefaultPrettyPrinter prettyPrinter(int indent) {
        DefaultIndenter indenter = new DefaultIndenter(" ".repeat(indent), "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withArrayIndenter(indenter).withObjectIndenter(indenter);
    }

    private void value(LuaValue v, int depth) throws IOException {
        switch (v.type()) {
            case LuaValue.TNIL -> gen.writeNull();
            case LuaValue.TBOOLEAN -> gen.writeBoolean(v.toboolean());
            case LuaValue.TNUMBER -> {
                if (v instanceof LuaInteger) {
                    gen.writeNumber(v.toint());
                } else if (org.luaj.vm2.Lua54Numbers.isInteger(v)) {
                    gen.writeNumber(v.tolong());
                } else {
                    writeDouble(v.todouble(), depth);
                }
            }
            case LuaValue.TSTRING -> writeString((LuaString) v);
            case LuaValue.TTABLE -> table((LuaTable) v, depth);
            case LuaValue.TUSERDATA -> {
                if (v != JsonValues.NULL) {
                    throw fail("userdata", depth);
                }
                gen.writeNull();
            }
            default -> throw fail(v.typename(), depth);
        }
    }

    private void writeDouble(double d, int depth) throws IOException {
        gen.writeNumber(doubleText(d, depth));
    }

    private String doubleText(double d, int depth) {
        if (Double.isNaN(d)) {
            throw fail("NaN", depth);
        }
        if (Double.isInfinite(d)) {
            throw fail(d > 0 ? "inf" : "-inf", depth);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + Math.abs((long) d) + ".0";
        }
        String s = Double.toString(d); // shortest repr that round-trips (JDK 19+)
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        int exponent = Integer.parseInt(s, e + 1, s.length(), 10);
        if (exponent >= -6 && exponent < 16) {
            return new BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + (exponent < 0 ? "e" : "e+") + exponent;
    }

    private void writeString(LuaString s) throws IOException {
        if (isValidUtf8(s.m_bytes, s.m_offset, s.m_length)) {
            gen.writeUTF8String(s.m_bytes, s.m_offset, s.m_length);
        } else {
            gen.writeString(new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.UTF_8));
        }
    }

    private void table(LuaTable t, int depth) throws IOException {
        for (int i = 0; i < depth; i++) {
            if (open[i] == t) {
                throw fail("cyclic reference", depth);
            }
        }
        if (depth >= JsonValues.MAX_DEPTH) {
            throw fail("table nested deeper than " + JsonValues.MAX_DEPTH + " levels", depth);
        }
        if (depth >= open.length) {
            open = Arrays.copyOf(open, open.length * 2);
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        open[depth] = t;
        int n = t.rawlen();
        if (n > 0 ? isSequence(t, n) : t.next(LuaValue.NIL).arg1().isnil() && JsonValues.isMarkedArray(t)) {
            gen.writeStartArray(t, n);
            for (int i = 1; i <= n; i++) {
                keys[depth] = LuaInteger.valueOf(i);
                value(t.rawget(i), depth + 1);
            }
            gen.writeEndArray();
        } else {
            object(t, depth);
        }
    }

    /** Whether the keys of {@code t} are exactly 1..n, given that its border is n. */
    private static boolean isSequence(LuaTable t, int n) {
        int count = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            k = t.next(k).arg1();
            if (k.isnil()) {
                return count == n;
            }
            if (!(k instanceof LuaInteger)) {
                return false;
            }
            int i = k.toint();
            if (i < 1 || i > n) {
                return false;
            }
            count++;
        }
    }

    private void object(LuaTable t, int depth) throws IOException {
        Entry[] entries = new Entry[8];
        int size = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs kv = t.next(k);
            k = kv.arg1();
            if (k.isnil()) {
                break;
            }
            LuaString name;
            if (k.type() == LuaValue.TSTRING) {
                name = (LuaString) k;
            } else if (k.type() == LuaValue.TNUMBER) {
                name = LuaString.valueOf(
                        org.luaj.vm2.Lua54Numbers.isInteger(k)
                                ? Long.toString(k.tolong())
                                : doubleText(k.todouble(), depth));
            } else {
                throw fail(k.typename() + " key", depth);
            }
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            entries[size++] = new Entry(name, k, kv.arg(2));
        }
        if (sortKeys && size > 1) {
            Arrays.sort(
                    entries,
                    0,
                    size,
                    (a, b) -> Arrays.compareUnsigned(
                            a.name.m_bytes,
                            a.name.m_offset,
                            a.name.m_offset + a.name.m_length,
                            b.name.m_bytes,
                            b.name.m_offset,
                            b.name.m_offset + b.name.m_length));
        }
        gen.writeStartObject(t);
        for (int i = 0; i < size; i++) {
            Entry e = entries[i];
            gen.writeFieldName(new String(e.name.m_bytes, e.name.m_offset, e.name.m_length, StandardCharsets.UTF_8));
            keys[depth] = e.key;
            value(e.value, depth + 1);
        }
        gen.writeEndObject();
    }

    private LuaError fail(String what, int depth) {
        return new LuaError("json.encode: cannot encode " + what + " at " + path(depth));
    }

    private String path(int depth) {
        StringBuilder sb = new StringBuilder("$");
        for (int i = 0; i < depth; i++) {
            LuaValue k = keys[i];
            if (k.type() == LuaValue.TSTRING) {
                String s = k.tojstring();
                if (isIdentifier(s)) {
                    sb.append('.').append(s);
                } else {
                    sb.append("[\"")
                            .append(s.replace("\\", "\\\\").replace("\"", "\\\""))
                            .append("\"]");
                }
            } else {
                sb.append('[').append(k.tojstring()).append(']');
            }
        }
        return sb.toString();
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_') || s.charAt(0) > 0x7f) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f || !(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private record Entry(LuaString name, LuaValue key, LuaValue value) {}

    /** Strict UTF-8 check: no overlong forms, no surrogates, nothing above U+10FFFF. */
    private static boolean isValidUtf8(byte[] b, int from, int length) {
        int i = from;
        int end = from + length;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false;
            } else if (c < 0xE0) {
                if (i + 1 >= end || (b[i + 1] & 0xC0) != 0x80) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if ((c1 & 0xC0) != 0x80
                        || (b[i + 2] & 0xC0) != 0x80
                        || (c == 0xE0 && c1 < 0xA0)
                        || (c == 0xED && c1 >= 0xA0)) {
                    return false;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if ((c1 & 0xC0) != 0x80
                        || (b[i + 2] & 0xC0) != 0x80
                        || (b[i + 3] & 0xC0) != 0x80
                        || (c == 0xF0 && c1 < 0x90)
                        || (c == 0xF4 && c1 >= 0x90)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }
}

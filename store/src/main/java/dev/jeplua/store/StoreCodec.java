package dev.jeplua.store;

import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The type-tagged binary format of docs/store.md, used by {@code store.serialize} and for every
 * key and value the store writes. One value is one tag byte followed by its payload; all
 * integers are big-endian; there is no header and no trailing data:
 * <pre>
 * 0x00                          nil
 * 0x01 b                        boolean, b = 0x00 (false) or 0x01 (true)
 * 0x02 i64                      integer: 8-byte two's complement
 * 0x03 f64                      float: 8-byte IEEE 754 binary64 (raw bits, NaN payload kept)
 * 0x04 u32 len, len bytes       string: raw bytes (any bytes, NUL and invalid UTF-8 included)
 * 0x05 u32 n, n × (key, value)  table: n pairs, each key and value a full encoded value
 * </pre>
 * Numbers keep Lua 5.4's subtype: an integer is written as 0x02 (int64), a float (also 5.0,
 * -0.0, NaN, ±inf) as 0x03; decoding gives the same subtype back, exactly. Table keys are booleans, numbers (not NaN) or strings; values are never nil; keys
 * are unique. Nesting is limited to {@link #MAX_DEPTH} tables. See docs/store.md.
 *
 * <p>Stateless and thread-safe; LuaValues themselves belong to the engine thread.
 */
public final class StoreCodec {
    /** Type tag of nil. */
    public static final int NIL = 0x00;
    /** Type tag of a boolean. */
    public static final int BOOLEAN = 0x01;
    /** Type tag of an integer (int64). */
    public static final int INT64 = 0x02;
    /** Type tag of a float (float64). */
    public static final int FLOAT64 = 0x03;
    /** Type tag of a string. */
    public static final int STRING = 0x04;
    /** Type tag of a table. */
    public static final int TABLE = 0x05;
    /** Deepest nesting of tables accepted when encoding and decoding. */
    public static final int MAX_DEPTH = 100;

    private StoreCodec() {}

    /**
     * Encodes one value.
     *
     * @param value nil, boolean, number, string, or a table of those (nested tables are copied)
     * @return the encoding
     * @throws UnsupportedValueException for a function, userdata, thread, cycle, bad key or too deep nesting
     */
    public static byte[] encode(LuaValue value) {
        return encode(value, "");
    }

    /**
     * Encodes one value whose own place is {@code path} (used in error messages: a function
     * found under {@code cfg} in a value stored at key {@code x} is reported at {@code x.cfg}).
     */
    static byte[] encode(LuaValue value, String path) {
        Writer w = new Writer();
        w.value(value, path, 0, new IdentityHashMap<>());
        return w.toBytes();
    }

    /**
     * Encodes a table key (boolean, number other than NaN, or string).
     *
     * @throws UnsupportedValueException for any other key
     */
    public static byte[] encodeKey(LuaValue key) {
        checkKey(key, "");
        return encode(key);
    }

    /**
     * Decodes one value; the whole array must be exactly one encoded value.
     *
     * @return the value (tables are fresh {@link LuaTable}s)
     * @throws MalformedDataException when the bytes are not a valid encoding
     */
    public static LuaValue decode(byte[] bytes) {
        Reader r = new Reader(bytes);
        LuaValue v = r.value(0);
        if (r.pos != bytes.length) {
            throw new MalformedDataException(
                    "trailing bytes after the value (" + r.pos + " of " + bytes.length + " bytes used)");
        }
        return v;
    }

    /** Decodes a LuaString's bytes (see {@link #decode(byte[])}). */
    public static LuaValue decode(LuaString s) {
        byte[] b = new byte[s.m_length];
        s.copyInto(0, b, 0, s.m_length);
        return decode(b);
    }

    private static void checkKey(LuaValue key, String path) {
        switch (key.type()) {
            case LuaValue.TBOOLEAN, LuaValue.TSTRING -> {}
            case LuaValue.TNUMBER -> {
                if (Double.isNaN(key.todouble())) {
                    throw new UnsupportedValueException("a NaN key", path);
                }
            }
            default -> throw new UnsupportedValueException("a " + key.typename() + " key", path);
        }
    }

    /** Lua-style path of {@code key} under {@code parent}: {@code cfg.name}, {@code list[3]}, {@code m["a b"]}. */
    static String childPath(String parent, LuaValue key) {
        if (key.type() == LuaValue.TSTRING) {
            String s = key.tojstring();
            if (s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return parent.isEmpty() ? s : parent + "." + s;
            }
            return parent + "[\"" + s + "\"]";
        }
        return parent + "[" + key.tojstring() + "]";
    }

    private static final class Writer {
        private byte[] buf = new byte[64];
        private int len;

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        private void u8(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        private void u32At(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        private void u32(int v) {
            ensure(4);
            u32At(len, v);
            len += 4;
        }

        private void i64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[len++] = (byte) (v >>> shift);
            }
        }

        void value(LuaValue v, String path, int depth, IdentityHashMap<LuaValue, Boolean> open) {
            switch (v.type()) {
                case LuaValue.TNIL -> u8(NIL);
                case LuaValue.TBOOLEAN -> {
                    u8(BOOLEAN);
                    u8(v.toboolean() ? 1 : 0);
                }
                case LuaValue.TNUMBER -> {
                    // Lua 5.4's subtypes travel as they are: integers as int64, floats (5.0 too) as float64
                    if (org.luaj.vm2.Lua54Numbers.isInteger(v)) {
                        u8(INT64);
                        i64(v.tolong());
                    } else {
                        u8(FLOAT64);
                        i64(Double.doubleToRawLongBits(v.todouble()));
                    }
                }
                case LuaValue.TSTRING -> {
                    LuaString s = v.checkstring();
                    u8(STRING);
                    u32(s.m_length);
                    ensure(s.m_length);
                    s.copyInto(0, buf, len, s.m_length);
                    len += s.m_length;
                }
                case LuaValue.TTABLE -> table(v, path, depth, open);
                default -> throw new UnsupportedValueException("a " + v.typename(), path);
            }
        }

        private void table(LuaValue t, String path, int depth, IdentityHashMap<LuaValue, Boolean> open) {
            if (depth >= MAX_DEPTH) {
                throw new UnsupportedValueException("tables nested deeper than " + MAX_DEPTH + " levels", path);
            }
            if (open.put(t, Boolean.TRUE) != null) {
                throw new UnsupportedValueException("a table that contains itself", path);
            }
            u8(TABLE);
            int countAt = len;
            u32(0);
            int count = 0;
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                LuaValue k = e.arg1();
                String childPath = childPath(path, k);
                checkKey(k, childPath);
                value(k, childPath, depth + 1, open);
                value(e.arg(2), childPath, depth + 1, open);
                count++;
            }
            u32At(countAt, count);
            open.remove(t);
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, len);
        }
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        private void need(int n, String what) {
            if (b.length - pos < n) {
                throw new MalformedDataException("truncated " + what + " at byte " + pos + " (" + n + " bytes needed, "
                        + (b.length - pos) + " left)");
            }
        }

        private long i64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        private long u32() {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        LuaValue value(int depth) {
            need(1, "value");
            int at = pos;
            int tag = b[pos++] & 0xFF;
            switch (tag) {
                case NIL:
                    return LuaValue.NIL;
                case BOOLEAN: {
                    need(1, "boolean");
                    int v = b[pos++] & 0xFF;
                    if (v > 1) {
                        throw new MalformedDataException(
                                String.format("invalid boolean byte 0x%02x at byte %d", v, pos - 1));
                    }
                    return LuaValue.valueOf(v == 1);
                }
                case INT64: {
                    need(8, "integer");
                    return org.luaj.vm2.Lua54Numbers.integer(i64());
                }
                case FLOAT64: {
                    need(8, "float");
                    return LuaValue.valueOf(Double.longBitsToDouble(i64()));
                }
                case STRING: {
                    need(4, "string length");
                    long n = u32();
                    need((int) Math.min(n, Integer.MAX_VALUE), "string");
                    LuaString s = LuaString.valueOf(Arrays.copyOfRange(b, pos, pos + (int) n));
                    pos += (int) n;
                    return s;
                }
                case TABLE:
                    return table(at, depth);
                default:
                    throw new MalformedDataException(String.format("unknown type tag 0x%02x at byte %d", tag, at));
            }
        }

        private LuaValue table(int at, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new MalformedDataException("tables nested deeper than " + MAX_DEPTH + " levels at byte " + at);
            }
            need(4, "table count");
            long n = u32();
            // every pair takes at least 2 bytes: reject impossible counts before allocating
            if (n > (b.length - pos) / 2) {
                throw new MalformedDataException("table at byte " + at + " claims " + n + " entries but only "
                        + (b.length - pos) + " bytes follow");
            }
            LuaTable t = new LuaTable();
            Set<LuaValue> seen = n > 0 ? new HashSet<>() : Set.of();
            for (long i = 0; i < n; i++) {
                int keyAt = pos;
                LuaValue k = value(depth + 1);
                if (k.isnil()) {
                    throw new MalformedDataException("nil table key at byte " + keyAt);
                }
                if (k.type() == LuaValue.TTABLE) {
                    throw new MalformedDataException("table used as a table key at byte " + keyAt);
                }
                if (k.type() == LuaValue.TNUMBER && Double.isNaN(k.todouble())) {
                    throw new MalformedDataException("NaN table key at byte " + keyAt);
                }
                if (!seen.add(k)) {
                    throw new MalformedDataException("duplicate table key at byte " + keyAt);
                }
                int valueAt = pos;
                LuaValue v = value(depth + 1);
                if (v.isnil()) {
                    throw new MalformedDataException("nil table value at byte " + valueAt);
                }
                t.rawset(k, v);
            }
            return t;
        }
    }
}

package dev.jeplua.engine.stdlib.io;

import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;

/**
 * A growable byte array that becomes a {@link LuaString}: the line, "*a" and count reads of the
 * Lua files collect their bytes here. {@link #data} and {@link #size} are open so that a reader can
 * fill the free space directly. Growing past what a Java array holds raises "not enough memory".
 * Not thread-safe (one read of one file).
 */
final class GrowableBytes {
    byte[] data;
    int size;

    GrowableBytes(int capacity) {
        data = new byte[Math.max(16, capacity)];
    }

    /** Makes room for {@code extra} more bytes. */
    void ensure(int extra) {
        if (size + extra > data.length) {
            long want = Math.max((long) data.length * 2, (long) size + extra);
            if (want > Integer.MAX_VALUE - 16) {
                throw new LuaError("not enough memory");
            }
            data = Arrays.copyOf(data, (int) want);
        }
    }

    void add(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, data, size, len);
        size += len;
    }

    void add(int b) {
        ensure(1);
        data[size++] = (byte) b;
    }

    /** The bytes so far as a Lua string (sharing the array when it is exactly full). */
    LuaString string() {
        return LuaString.valueUsing(size == data.length ? data : Arrays.copyOf(data, size));
    }
}

package dev.jeplua.engine.stdlib.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A named or temporary Lua file: a {@link RandomAccessFile} read through a 16 KiB buffer. The
 * file's own position is always {@code logical position + unread buffered bytes}; seeking and
 * writing first put it back at the logical position and drop the buffer (as C's stdio does), so
 * positions and writes stay exact. Writes go straight to the file; an append file writes at the
 * end whatever the position. A temporary file is deleted when closed. Engine thread.
 */
final class BufferedLuaFile extends LuaFiles.LuaFile {
    private static final int BUFFER = 16 * 1024;
    private final RandomAccessFile raf;
    private final boolean append;
    private final Path deleteOnClose;
    private byte[] buf;
    private int pos;
    private int lim;

    BufferedLuaFile(
            LuaTable metatable,
            RandomAccessFile raf,
            boolean readable,
            boolean writable,
            boolean append,
            Path deleteOnClose) {
        super(metatable, readable, writable);
        this.raf = raf;
        this.append = append;
        this.deleteOnClose = deleteOnClose;
    }

    private boolean fill() throws IOException {
        if (buf == null) {
            buf = new byte[BUFFER];
        }
        int n = raf.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(n, 0);
        return n > 0;
    }

    /** Puts the file's position back where Lua's reading got to and drops the buffer. */
    private void drop() throws IOException {
        if (pos < lim) {
            raf.seek(raf.getFilePointer() - (lim - pos));
        }
        pos = 0;
        lim = 0;
    }

    @Override
    public void write(LuaString s) throws IOException {
        drop();
        if (append) {
            raf.seek(raf.length());
        }
        raf.write(s.m_bytes, s.m_offset, s.m_length);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        buf = null;
        pos = 0;
        lim = 0;
        raf.close();
        if (deleteOnClose != null) {
            Files.deleteIfExists(deleteOnClose);
        }
    }

    @Override
    long seekTo(String whence, long offset) throws IOException {
        drop();
        long base =
                switch (whence) {
                    case "set" -> 0;
                    case "end" -> raf.length();
                    default -> raf.getFilePointer();
                };
        long target = base + offset;
        if (target < 0) {
            return -1;
        }
        raf.seek(target);
        return target;
    }

    @Override
    public int remaining() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, raf.length() - raf.getFilePointer() + (lim - pos)));
    }

    @Override
    public int peek() throws IOException {
        return pos < lim || fill() ? buf[pos] & 0xff : -1;
    }

    @Override
    public int read() throws IOException {
        return pos < lim || fill() ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (pos >= lim && !fill()) {
            return -1;
        }
        int n = Math.min(length, lim - pos);
        System.arraycopy(buf, pos, bytes, offset, n);
        pos += n;
        return n;
    }

    @Override
    LuaValue readLine(boolean keepNewline) throws IOException {
        if (pos >= lim && !fill()) {
            return NIL;
        }
        int start = pos;
        for (int i = pos; i < lim; i++) {
            if (buf[i] == '\n') {
                pos = i + 1;
                return LuaString.valueOf(buf, start, (keepNewline ? pos : i) - start);
            }
        }
        GrowableBytes line = new GrowableBytes(2 * (lim - pos));
        line.add(buf, pos, lim - pos);
        pos = lim;
        while (fill()) {
            for (int i = 0; i < lim; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    line.add(buf, 0, keepNewline ? pos : i);
                    return line.string();
                }
            }
            line.add(buf, 0, lim);
            pos = lim;
        }
        return line.string();
    }

    @Override
    LuaString readAll() throws IOException {
        long size = raf.length() - raf.getFilePointer() + (lim - pos);
        GrowableBytes all = new GrowableBytes((int) Math.min(Math.max(size, 0), Integer.MAX_VALUE - 16));
        all.add(buf == null ? new byte[0] : buf, pos, lim - pos);
        pos = 0;
        lim = 0;
        while (true) {
            if (all.size == all.data.length) { // as long as expected: check for more
                int b = raf.read();
                if (b < 0) {
                    break;
                }
                all.add(b);
            }
            int n = raf.read(all.data, all.size, all.data.length - all.size);
            if (n < 0) {
                break;
            }
            all.size += n;
        }
        return all.string();
    }

    @Override
    LuaValue readChars(long n) throws IOException {
        if (pos >= lim && !fill()) {
            return NIL;
        }
        if (n <= lim - pos) {
            LuaString s = LuaString.valueOf(buf, pos, (int) n);
            pos += (int) n;
            return s;
        }
        GrowableBytes out = new GrowableBytes((int) Math.min(n, 2 * BUFFER));
        long want = n;
        while (want > 0 && (pos < lim || fill())) {
            int k = (int) Math.min(want, lim - pos);
            out.add(buf, pos, k);
            pos += k;
            want -= k;
        }
        return out.string();
    }
}

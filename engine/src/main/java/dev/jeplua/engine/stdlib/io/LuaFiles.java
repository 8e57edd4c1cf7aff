package dev.jeplua.engine.stdlib.io;

import java.io.IOException;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.IoLib;
import org.luaj.vm2.lib.jse.JseIoLib;

/**
 * Home of the Lua file objects of {@link IoFunctions}: LuaJ's {@code IoLib.File} is a protected
 * member class, so the class every JEPLua file extends ({@link LuaFile}) and the wrapper of
 * LuaJ's own files ({@link StreamFile}, which has to name {@code IoLib.File}) are declared inside
 * a subclass of {@link IoLib}. The other kinds are {@link BufferedLuaFile} (named files and
 * {@code io.tmpfile()}) and {@link DirectoryLuaFile}. Never loaded into any globals;
 * {@link #OUTER} is only the enclosing instance LuaJ's inner file class requires (the files answer
 * {@code get} from their own metatable, not from a library's method table).
 */
final class LuaFiles extends JseIoLib {
    private static final LuaFiles OUTER = new LuaFiles();

    private LuaFiles() {}

    /** LuaJ's file {@code v} (a standard or io.popen file) wrapped, or null when v is not one. */
    static StreamFile wrap(LuaTable metatable, LuaValue v, boolean std, boolean readable, boolean writable) {
        return v instanceof File f ? new StreamFile(metatable, f, std, readable, writable) : null;
    }

    /**
     * A Lua file: userdata whose metatable has {@code __index} (the methods) and
     * {@code __tostring}. Subclasses supply the byte-level operations; by default a file is not a
     * standard file, has nothing to flush and ignores {@code setvbuf} (JEPLua's own files write
     * straight through). Engine thread.
     */
    abstract static class LuaFile extends File {
        final boolean readable;
        final boolean writable;
        boolean closed;
        private final LuaTable metatable;

        LuaFile(LuaTable metatable, boolean readable, boolean writable) {
            OUTER.super();
            this.metatable = metatable;
            this.readable = readable;
            this.writable = writable;
        }

        @Override
        public LuaValue getmetatable() {
            return metatable;
        }

        @Override
        public LuaValue get(LuaValue key) {
            return gettable(this, key);
        }

        @Override
        public String tojstring() {
            return closed ? "file (closed)" : "file (0x" + Integer.toHexString(System.identityHashCode(this)) + ")";
        }

        @Override
        public boolean isclosed() {
            return closed;
        }

        @Override
        public boolean isstdfile() {
            return false;
        }

        @Override
        public void flush() throws IOException {
            // writes go straight to the file
        }

        @Override
        public void setvbuf(String mode, int size) {
            // writes are unbuffered
        }

        @Override
        public int seek(String option, int bytecount) throws IOException {
            return (int) seekTo(option, bytecount);
        }

        @Override
        public int remaining() throws IOException {
            return -1;
        }

        /** @return the new position, or -1 when it would be negative; Illegal seek for streams */
        abstract long seekTo(String whence, long offset) throws IOException;

        /** A line without (or with) its "\n"; NIL at end of file. */
        abstract LuaValue readLine(boolean keepNewline) throws IOException;

        /** The rest of the file ("" at its end). */
        abstract LuaString readAll() throws IOException;

        /** Up to n bytes; NIL at end of file ("" for n = 0 before the end). */
        abstract LuaValue readChars(long n) throws IOException;
    }

    /**
     * A standard file or an io.popen file: wraps LuaJ's file object (byte-wise reads; LuaJ's
     * standard input is a buffered stream). Not seekable; the standard files cannot be closed.
     */
    static final class StreamFile extends LuaFile {
        private final File inner;
        private final boolean std;

        StreamFile(LuaTable metatable, File inner, boolean std, boolean readable, boolean writable) {
            super(metatable, readable, writable);
            this.inner = inner;
            this.std = std;
        }

        @Override
        public void write(LuaString s) throws IOException {
            inner.write(s);
        }

        @Override
        public void flush() throws IOException {
            inner.flush();
        }

        @Override
        public boolean isstdfile() {
            return std;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            inner.close();
        }

        @Override
        long seekTo(String whence, long offset) throws IOException {
            throw new IOException("Illegal seek");
        }

        @Override
        public void setvbuf(String mode, int size) {
            inner.setvbuf(mode, size);
        }

        @Override
        public int peek() throws IOException {
            return inner.peek();
        }

        @Override
        public int read() throws IOException {
            return inner.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return inner.read(bytes, offset, length);
        }

        @Override
        LuaValue readLine(boolean keepNewline) throws IOException {
            int c = inner.read();
            if (c < 0) {
                return NIL;
            }
            GrowableBytes line = new GrowableBytes(80);
            while (c >= 0 && c != '\n') {
                line.add(c);
                c = inner.read();
            }
            if (c == '\n' && keepNewline) {
                line.add(c);
            }
            return line.string();
        }

        @Override
        LuaString readAll() throws IOException {
            GrowableBytes all = new GrowableBytes(8192);
            while (true) {
                all.ensure(8192);
                int n = inner.read(all.data, all.size, all.data.length - all.size);
                if (n <= 0) {
                    return all.string();
                }
                all.size += n;
            }
        }

        @Override
        LuaValue readChars(long n) throws IOException {
            if (n == 0) {
                return inner.peek() < 0 ? NIL : EMPTYSTRING;
            }
            GrowableBytes out = new GrowableBytes((int) Math.min(n, 8192));
            long want = n;
            while (want > 0) {
                out.ensure((int) Math.min(want, 8192));
                int k = inner.read(out.data, out.size, (int) Math.min(want, out.data.length - out.size));
                if (k <= 0) {
                    break;
                }
                out.size += k;
                want -= k;
            }
            return out.size == 0 ? NIL : out.string();
        }
    }
}

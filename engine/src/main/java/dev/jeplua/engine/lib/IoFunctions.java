package dev.jeplua.engine.lib;

import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.IoLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.jse.JseIoLib;

/**
 * The {@code io} library as in Lua 5.2 (manual §6.8), installed after LuaJ's {@code io} and
 * {@link OsFunctions}. Files are JEPLua's own subclasses of LuaJ's {@code IoLib.File}: named files and
 * {@code io.tmpfile()} are a {@link RandomAccessFile} with a read-ahead buffer (positions and
 * writes stay exact, as with C's stdio), the standard files and {@code io.popen} files wrap
 * LuaJ's (which write to {@code globals.STDOUT}/{@code STDERR} and read {@code globals.STDIN}).
 * <pre>
 * io.open(name [, mode]) -> file | nil, "name: No such file or directory", 2
 *                          mode matches [rwa]%+?b? else "bad argument #2 to 'open' (invalid mode)";
 *                          "r+" writes without truncating, "a"/"a+" always append
 * file:read(...) / io.read(...) -> values   formats "*n" (C's strtod syntax: spaces, sign, hex,
 *                          exponents, inf/nan; nil when no number), "*l" (line, nil at end of file),
 *                          "*L" (line with its "\n"), "*a" ("" at end of file), n (up to n bytes;
 *                          0 gives "" or nil at end of file); only the first letter after "*" counts;
 *                          stops at the first nil; "bad argument #1 to 'read' (invalid option)" /
 *                          "(invalid format)"; I/O failure -> nil, message, errno
 * file:lines(...) / io.lines([name, ...]) -> iterator   reads with the formats on every call and
 *                          ends at the first nil; io.lines(name) closes the file at the end;
 *                          "cannot open file 'name' (No such file or directory)";
 *                          a closed file: "file is already closed"
 * file:write(...) / io.write(...) -> file | nil, message, errno   numbers as "%.14g"
 * file:seek([whence [, offset]]) -> position | nil, "Invalid argument", 22   whence "set"/"cur"/"end"
 *                          else "invalid option 'x'"; offset an integer
 * file:setvbuf(mode [, size]) -> true   mode "no"/"full"/"line" (writes go straight to the file)
 * file:close() / io.close([file]) -> true | nil, "cannot close standard file"
 * file:flush() / io.flush() -> true
 * io.input([file | name]) / io.output([file | name]) -> file   a name opens "r" / "w"
 * io.type(v) -> "file" | "closed file" | nil
 * tostring(file) -> "file (0x1b6d3586)" | "file (closed)"; getmetatable(file).__index holds the methods
 * </pre>
 * Using a closed file raises "attempt to use a closed file"; io.read/io.write/io.flush on a closed
 * default file raise "standard input file is closed" / "standard output file is closed".
 * Engine thread.
 */
public final class IoFunctions extends TwoArgFunction {
    private static final LuaString INDEX_KEY = valueOf("__index");
    private static final Pattern REASON = Pattern.compile(".* \\(([^()]*)\\)$");

    private final LuaTable methods = new LuaTable();
    private final LuaTable metatable = new LuaTable();
    private Host.LuaFile input;
    private Host.LuaFile output;

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue lib = env.get("io");
        if (!lib.istable()) {
            return NIL;
        }
        LuaTable io = (LuaTable) lib;
        metatable.set(INDEX_KEY, methods);
        metatable.set("__tostring", new NamedFunction("tostring", a -> valueOf(a.arg1().tojstring())));
        Host.LuaFile stdin = std(io, "stdin", true);
        Host.LuaFile stdout = std(io, "stdout", false);
        Host.LuaFile stderr = std(io, "stderr", false);
        input = stdin;
        output = stdout;
        LuaValue popen = io.get("popen");
        io.setmetatable(null);   // LuaJ's __index handed out its own standard files
        io.rawset("stdin", stdin);
        io.rawset("stdout", stdout);
        io.rawset("stderr", stderr);

        methods.set("read", new NamedFunction("read", a -> read(checkFile(a, 1, "read"), a, 2, "read")));
        methods.set("lines", new NamedFunction("lines", a -> lines(checkFile(a, 1, "lines"), a, false)));
        methods.set("write", new NamedFunction("write", a -> write(checkFile(a, 1, "write"), a, 2, "write")));
        methods.set("seek", new NamedFunction("seek", IoFunctions::seek));
        methods.set("setvbuf", new NamedFunction("setvbuf", IoFunctions::setvbuf));
        methods.set("flush", new NamedFunction("flush", a -> flush(checkFile(a, 1, "flush"))));
        methods.set("close", new NamedFunction("close", a -> close(checkFile(a, 1, "close"))));

        io.set("open", new NamedFunction("open", this::open));
        io.set("read", new NamedFunction("read", a -> read(defaultFile(input, "input"), a, 1, "read")));
        io.set("lines", new NamedFunction("lines", this::ioLines));
        io.set("write", new NamedFunction("write", a -> write(defaultFile(output, "output"), a, 1, "write")));
        io.set("flush", new NamedFunction("flush", a -> flush(defaultFile(output, "output"))));
        io.set("close", new NamedFunction("close", a -> close(a.narg() == 0 ? usable(output) : checkFile(a, 1, "close"))));
        io.set("input", new NamedFunction("input", a -> input = select(a, input, "input", "r")));
        io.set("output", new NamedFunction("output", a -> output = select(a, output, "output", "w")));
        io.set("type", new NamedFunction("type", a -> {
            if (a.narg() == 0) {
                throw LuaArgs.argError(1, "type", "value expected");
            }
            return a.arg1() instanceof Host.LuaFile f ? valueOf(f.closed ? "closed file" : "file") : NIL;
        }));
        io.set("tmpfile", new NamedFunction("tmpfile", a -> tmpfile()));
        if (popen.isfunction()) {
            io.set("popen", new NamedFunction("popen", a -> {
                Varargs r = popen.invoke(a);
                boolean write = "w".equals(a.optjstring(2, "r"));
                Host.LuaFile f = Host.wrap(metatable, r.arg1(), false, !write, write);
                return f != null ? f : r;
            }));
        }
        return io;
    }

    private Host.LuaFile std(LuaTable io, String name, boolean readable) {
        Host.LuaFile f = Host.wrap(metatable, io.get(name), true, readable, !readable);
        if (f == null) {
            throw new IllegalStateException("LuaJ's io." + name + " is not a file");
        }
        return f;
    }

    // ---------------------------------------------------------------- io functions

    private Varargs open(Varargs a) {
        String name = LuaStringLib.checkString(a, 1, "open").tojstring();
        String mode = a.isnoneornil(2) ? "r" : LuaStringLib.checkString(a, 2, "open").tojstring();
        if (!mode.matches("[rwa]\\+?b?")) {
            throw LuaArgs.argError(2, "open", "invalid mode");
        }
        try {
            return openFile(name, mode);
        } catch (IOException | RuntimeException e) {
            return failure(name + ": ", e);
        }
    }

    /** A file opened as C's fopen(name, mode) would (mode already checked). */
    private Host.LuaFile openFile(String name, String mode) throws IOException {
        boolean plus = mode.indexOf('+') >= 0;
        char kind = mode.charAt(0);
        if (kind == 'r' && plus && !new java.io.File(name).exists()) {
            throw new FileNotFoundException(name + " (No such file or directory)");
        }
        if (kind == 'r' && !plus && Files.isDirectory(Path.of(name))) {
            return new Host.DirFile(metatable);
        }
        RandomAccessFile raf = new RandomAccessFile(name, kind == 'r' && !plus ? "r" : "rw");
        try {
            if (kind == 'w') {
                raf.setLength(0);
            } else if (kind == 'a' && !plus) {
                raf.seek(raf.length());
            }
        } catch (IOException e) {
            raf.close();
            throw e;
        }
        return new Host.RafFile(metatable, raf, kind == 'r' || plus, kind != 'r' || plus, kind == 'a', null);
    }

    private Varargs tmpfile() {
        try {
            Path p = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "lua_", "");
            p.toFile().deleteOnExit();
            return new Host.RafFile(metatable, new RandomAccessFile(p.toFile(), "rw"), true, true, false, p);
        } catch (IOException | RuntimeException e) {
            return failure("", e);
        }
    }

    private Varargs ioLines(Varargs a) {
        if (a.isnoneornil(1)) {
            return lines(usable(input), a, false);
        }
        String name = LuaStringLib.checkString(a, 1, "lines").tojstring();
        try {
            return lines(openFile(name, "r"), a, true);
        } catch (IOException | RuntimeException e) {
            throw new LuaError("cannot open file '" + name + "' (" + reason(e) + ")");
        }
    }

    /** io.input / io.output: no argument queries, a name opens the file, a file is checked. */
    private Host.LuaFile select(Varargs a, Host.LuaFile current, String fname, String mode) {
        LuaValue v = a.arg1();
        if (v.isnil()) {
            return current;
        }
        if (v.isstring()) {
            String name = v.tojstring();
            try {
                return openFile(name, mode);
            } catch (IOException | RuntimeException e) {
                throw new LuaError("cannot open file '" + name + "' (" + reason(e) + ")");
            }
        }
        return checkFile(a, 1, fname);
    }

    private static Host.LuaFile defaultFile(Host.LuaFile f, String which) {
        if (f.closed) {
            throw new LuaError("standard " + which + " file is closed");
        }
        return f;
    }

    private static Host.LuaFile usable(Host.LuaFile f) {
        if (f.closed) {
            throw new LuaError("attempt to use a closed file");
        }
        return f;
    }

    private static Host.LuaFile checkFile(Varargs a, int i, String fname) {
        if (a.arg(i) instanceof Host.LuaFile f) {
            return usable(f);
        }
        throw LuaArgs.argError(i, fname, "FILE* expected, got " + (a.narg() < i ? "no value" : a.arg(i).typename()));
    }

    // ---------------------------------------------------------------- file methods

    private static Varargs close(Host.LuaFile f) {
        if (f.isstdfile()) {
            return varargsOf(NIL, valueOf("cannot close standard file"));
        }
        try {
            f.close();
            return TRUE;
        } catch (IOException e) {
            return failure("", e);
        }
    }

    private static Varargs flush(Host.LuaFile f) {
        try {
            f.flush();
            return TRUE;
        } catch (IOException e) {
            return failure("", e);
        }
    }

    private static Varargs seek(Varargs a) {
        Host.LuaFile f = checkFile(a, 1, "seek");
        String whence = a.isnoneornil(2) ? "cur" : LuaStringLib.checkString(a, 2, "seek").tojstring();
        if (!whence.equals("set") && !whence.equals("cur") && !whence.equals("end")) {
            throw LuaArgs.argError(2, "seek", "invalid option '" + whence + "'");
        }
        double d = LuaArgs.optNumber(a, 3, "seek", 0);
        long offset = (long) d;
        if (offset != d) {
            throw LuaArgs.argError(3, "seek", "not an integer in proper range");
        }
        try {
            long p = f.seekTo(whence, offset);
            return p < 0 ? errno("Invalid argument", 22) : valueOf((double) p);
        } catch (IOException e) {
            return failure("", e);
        }
    }

    private static Varargs setvbuf(Varargs a) {
        Host.LuaFile f = checkFile(a, 1, "setvbuf");
        String mode = LuaStringLib.checkString(a, 2, "setvbuf").tojstring();
        if (!mode.equals("no") && !mode.equals("full") && !mode.equals("line")) {
            throw LuaArgs.argError(2, "setvbuf", "invalid option '" + mode + "'");
        }
        f.setvbuf(mode, (int) LuaArgs.optNumber(a, 3, "setvbuf", 1024));
        return TRUE;
    }

    private static Varargs write(Host.LuaFile f, Varargs a, int first, String fname) {
        boolean ok = f.writable;
        try {
            for (int i = first, n = a.narg(); i <= n; i++) {
                LuaValue v = a.arg(i);
                if (v.type() != TSTRING && v.type() != TNUMBER) {
                    throw LuaArgs.argError(i, fname, "string expected, got " + v.typename());
                }
                if (ok) {
                    f.write(v.strvalue());
                }
            }
        } catch (IOException e) {
            return failure("", e);
        }
        return ok ? f : errno("Bad file descriptor", 9);
    }

    /** The read formats of {@code a} from index {@code first} (none: one line), as 5.2's g_read. */
    private static Varargs read(Host.LuaFile f, Varargs a, int first, String fname) {
        int n = a.narg() - first + 1;
        if (!f.readable) {
            return errno("Bad file descriptor", 9);
        }
        try {
            if (n <= 0) {
                return f.readLine(false);
            }
            LuaValue[] out = new LuaValue[n];
            int k = 0;
            while (k < n) {
                LuaValue v = readFormat(f, a.arg(first + k), first + k, fname);
                out[k++] = v;
                if (v.isnil()) {
                    break;
                }
            }
            return k == 1 ? out[0] : varargsOf(out, 0, k);
        } catch (IOException e) {
            return failure("", e);
        }
    }

    private static LuaValue readFormat(Host.LuaFile f, LuaValue fmt, int i, String fname) throws IOException {
        if (fmt.type() == TNUMBER) {
            double d = fmt.todouble();
            if (d < 0) {
                throw new LuaError("memory allocation error: block too big");
            }
            return f.readChars(d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d);
        }
        if (fmt.type() != TSTRING) {
            throw LuaArgs.argError(i, fname, "invalid option");
        }
        LuaString s = (LuaString) fmt;
        if (s.length() == 0 || s.luaByte(0) != '*') {
            throw LuaArgs.argError(i, fname, "invalid option");
        }
        switch (s.length() > 1 ? s.luaByte(1) : 0) {
            case 'n':
                return readNumber(f);
            case 'l':
                return f.readLine(false);
            case 'L':
                return f.readLine(true);
            case 'a':
                return f.readAll();
            default:
                throw LuaArgs.argError(i, fname, "invalid format");
        }
    }

    /**
     * The iterator of file:lines / io.lines: the formats are {@code a}'s arguments from 2 on
     * (numbered from 2 in errors, as 5.2 does); {@code closeAtEnd} closes the file at the end.
     */
    private static Varargs lines(Host.LuaFile f, Varargs a, boolean closeAtEnd) {
        LuaValue[] fmts = new LuaValue[Math.max(1, a.narg())];
        Arrays.fill(fmts, NIL);
        for (int i = 2; i <= a.narg(); i++) {
            fmts[i - 1] = a.arg(i);
        }
        Varargs formats = varargsOf(fmts);
        return new NamedFunction("for iterator", x -> {
            if (f.closed) {
                throw new LuaError("file is already closed");
            }
            Varargs r = read(f, formats, 2, "for iterator");
            if (!r.arg1().isnil()) {
                return r;
            }
            if (r.narg() > 1 && r.arg(2).isstring()) {
                throw new LuaError(r.arg(2).tojstring());
            }
            if (closeAtEnd) {
                close(f);
            }
            return NONE;
        });
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(int c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    }

    private static int digits(Host.LuaFile f, StringBuilder sb, boolean hex) throws IOException {
        int n = 0;
        while (isDigit(f.peek(), hex)) {
            sb.append((char) f.read());
            n++;
        }
        return n;
    }

    /**
     * "*n": what C's {@code fscanf("%lf")} reads — leading white space, an optional sign, then a
     * decimal or hexadecimal ("0x") number with optional fraction and exponent, or inf/infinity/nan.
     * Like glibc it consumes the longest prefix that could start a number (so a failing read eats
     * e.g. "0x" or "."; an incomplete exponent such as "1e+" is consumed and ignored).
     */
    private static LuaValue readNumber(Host.LuaFile f) throws IOException {
        int c;
        while (isSpace(c = f.peek())) {
            f.read();
        }
        StringBuilder sb = new StringBuilder();
        if (c == '+' || c == '-') {
            sb.append((char) f.read());
            c = f.peek();
        }
        if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
            return readWord(f, c == 'n' || c == 'N' ? "nan" : "infinity", sb.indexOf("-") == 0);
        }
        boolean hex = false;
        int n = 0;
        if (c == '0') {
            sb.append((char) f.read());
            n = 1;
            c = f.peek();
            if (c == 'x' || c == 'X') {
                sb.append((char) f.read());
                hex = true;
                n = 0;
            }
        }
        n += digits(f, sb, hex);
        boolean dot = false;
        if (f.peek() == '.') {
            sb.append((char) f.read());
            dot = true;
            n += digits(f, sb, hex);
        }
        if (n == 0) {
            return hex && dot ? valueOf(0) : NIL;   // glibc reads "0x." as 0
        }
        c = f.peek();
        boolean exponent = false;
        if (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E') {
            int mark = sb.length();
            sb.append((char) f.read());
            c = f.peek();
            if (c == '+' || c == '-') {
                sb.append((char) f.read());
            }
            exponent = digits(f, sb, false) > 0;
            if (!exponent) {
                sb.setLength(mark);
            }
        }
        if (hex && !exponent) {
            sb.append("p0");
        }
        try {
            return valueOf(Double.parseDouble(sb.toString()));
        } catch (NumberFormatException e) {
            return NIL;
        }
    }

    /** inf, infinity or nan, in any case; a mismatch consumes the offending character, as glibc does. */
    private static LuaValue readWord(Host.LuaFile f, String word, boolean negative) throws IOException {
        int matched = 0;
        while (matched < word.length()) {
            int c = f.peek();
            if (c < 0 || Character.toLowerCase(c) != word.charAt(matched)) {
                break;
            }
            f.read();
            matched++;
        }
        if (matched == 3 || matched == word.length()) {
            return word.equals("nan") ? valueOf(Double.NaN)
                    : valueOf(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (f.peek() >= 0) {
            f.read();
        }
        return NIL;
    }

    // ---------------------------------------------------------------- results

    private static Varargs errno(String text, int errno) {
        return varargsOf(NIL, valueOf(text), valueOf(errno));
    }

    /** {@code nil, prefix + strerror, errno} as luaL_fileresult returns them. */
    private static Varargs failure(String prefix, Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.AccessDeniedException) {
            return OsFunctions.fileError(prefix, e);
        }
        String text = reason(e);
        int errno = switch (text) {
            case "No such file or directory" -> 2;
            case "Bad file descriptor" -> 9;
            case "Permission denied" -> 13;
            case "File exists" -> 17;
            case "Is a directory" -> 21;
            case "Invalid argument" -> 22;
            case "No space left on device" -> 28;
            case "Illegal seek" -> 29;
            default -> 5;
        };
        return errno(prefix + text, errno);
    }

    /** The system's reason in a Java I/O exception ("x (No such file or directory)" -> the part in parentheses). */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        String m = e.getMessage();
        if (m == null) {
            return e.toString();
        }
        Matcher x = REASON.matcher(m);
        return x.matches() ? x.group(1) : m;
    }

    // ---------------------------------------------------------------- file objects

    /** A growable byte array that becomes a LuaString. */
    private static final class Bytes {
        byte[] data;
        int size;

        Bytes(int capacity) {
            data = new byte[Math.max(16, capacity)];
        }

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

        LuaString string() {
            return LuaString.valueUsing(size == data.length ? data : Arrays.copyOf(data, size));
        }
    }

    /**
     * Home of the file classes: LuaJ's {@code IoLib.File} is a protected member class, so its
     * subclasses have to be declared inside a subclass of {@link IoLib}. Never loaded into any
     * globals; {@link #OUTER} is only the enclosing instance LuaJ's inner file class requires (the
     * files answer {@code get} from their own metatable, not from a library's method table).
     */
    static final class Host extends JseIoLib {
        private static final Host OUTER = new Host();

        /** LuaJ's file {@code v} (a standard or io.popen file) wrapped, or null when v is not one. */
        static StreamFile wrap(LuaTable metatable, LuaValue v, boolean std, boolean readable, boolean writable) {
            return v instanceof File f ? new StreamFile(metatable, f, std, readable, writable) : null;
        }

        /**
         * A Lua file: userdata whose metatable has {@code __index} (the methods) and
         * {@code __tostring}. Subclasses supply the byte-level operations. Engine thread.
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
         * A named or temporary file: a {@link RandomAccessFile} read through a buffer. The file's own
         * position is always {@code logical position + unread buffered bytes}; seeking and writing
         * first put it back at the logical position and drop the buffer (as C's stdio does).
         */
        static final class RafFile extends LuaFile {
            private static final int BUFFER = 16 * 1024;
            private final RandomAccessFile raf;
            private final boolean append;
            private final Path deleteOnClose;
            private byte[] buf;
            private int pos;
            private int lim;

            RafFile(LuaTable metatable, RandomAccessFile raf, boolean readable, boolean writable, boolean append, Path deleteOnClose) {
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
            public void flush() {
                // writes go straight to the file
            }

            @Override
            public boolean isstdfile() {
                return false;
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
                long base = switch (whence) {
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
            public void setvbuf(String mode, int size) {
                // writes are unbuffered; reads keep their buffer
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
                Bytes line = new Bytes(2 * (lim - pos));
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
                Bytes all = new Bytes((int) Math.min(Math.max(size, 0), Integer.MAX_VALUE - 16));
                all.add(buf == null ? new byte[0] : buf, pos, lim - pos);
                pos = 0;
                lim = 0;
                while (true) {
                    if (all.size == all.data.length) {   // as long as expected: check for more
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
                Bytes out = new Bytes((int) Math.min(n, 2 * BUFFER));
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

        /** A directory opened with mode "r": C's fopen accepts it, every read fails with "Is a directory". */
        static final class DirFile extends LuaFile {
            DirFile(LuaTable metatable) {
                super(metatable, true, false);
            }

            private static IOException isDirectory() {
                return new IOException("Is a directory");
            }

            @Override
            public void write(LuaString s) throws IOException {
                throw new IOException("Bad file descriptor");
            }

            @Override
            public void flush() {
                // nothing written
            }

            @Override
            public boolean isstdfile() {
                return false;
            }

            @Override
            public void close() {
                closed = true;
            }

            @Override
            long seekTo(String whence, long offset) {
                return 0;
            }

            @Override
            public void setvbuf(String mode, int size) {
                // nothing written
            }

            @Override
            public int peek() throws IOException {
                throw isDirectory();
            }

            @Override
            public int read() throws IOException {
                throw isDirectory();
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                throw isDirectory();
            }

            @Override
            LuaValue readLine(boolean keepNewline) throws IOException {
                throw isDirectory();
            }

            @Override
            LuaString readAll() throws IOException {
                throw isDirectory();
            }

            @Override
            LuaValue readChars(long n) throws IOException {
                throw isDirectory();
            }
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
                Bytes line = new Bytes(80);
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
                Bytes all = new Bytes(8192);
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
                Bytes out = new Bytes((int) Math.min(n, 8192));
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
}

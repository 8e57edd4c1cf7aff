package dev.jeplua.engine.stdlib.io;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.stdlib.io.LuaFiles.LuaFile;
import dev.jeplua.engine.stdlib.os.OsFunctions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The {@code io} library as in Lua 5.2 (manual §6.8), installed after LuaJ's {@code io} and
 * {@link OsFunctions}. This class holds the library functions; the files are JEPLua's own
 * subclasses of LuaJ's {@code IoLib.File} ({@link LuaFiles}): named files and {@code io.tmpfile()}
 * are a {@link BufferedLuaFile} (a {@link RandomAccessFile} with a read-ahead buffer; positions
 * and writes stay exact, as with C's stdio), a directory opened for reading is a
 * {@link DirectoryLuaFile}, the standard files and {@code io.popen} files wrap LuaJ's (which
 * write to {@code globals.STDOUT}/{@code STDERR} and read {@code globals.STDIN}). The read
 * formats are {@link ReadFormats}; failures are {@link Errno} results shared with os and lfs.
 * <pre>
 * io.open(name [, mode]) -> file | nil, "name: No such file or directory", 2
 *                          mode matches [rwa]%+?b* else "bad argument #2 to 'open' (invalid mode)";
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
 * default file raise "default input file is closed" / "default output file is closed" (Lua 5.4 wording).
 * Engine thread.
 */
public final class IoFunctions extends TwoArgFunction implements LibraryFunction.Body {
    private static final LuaString INDEX_KEY = valueOf("__index");

    private final LuaTable methods = new LuaTable();
    private final LuaTable metatable = new LuaTable();
    private LuaFile input;
    private LuaFile output;
    private LuaValue popen = NIL;

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue lib = env.get("io");
        if (!lib.istable()) {
            return NIL;
        }
        LuaTable io = (LuaTable) lib;
        metatable.set(INDEX_KEY, methods);
        metatable.set("__tostring", new LibraryFunction("tostring", TOSTRING, this));
        LuaFile stdin = std(io, "stdin", true);
        LuaFile stdout = std(io, "stdout", false);
        LuaFile stderr = std(io, "stderr", false);
        input = stdin;
        output = stdout;
        popen = io.get("popen");
        io.setmetatable(null); // LuaJ's __index handed out its own standard files
        io.rawset("stdin", stdin);
        io.rawset("stdout", stdout);
        io.rawset("stderr", stderr);

        LibraryFunction.define(methods, "read", F_READ, this);
        LibraryFunction.define(methods, "lines", F_LINES, this);
        LibraryFunction.define(methods, "write", F_WRITE, this);
        LibraryFunction.define(methods, "seek", F_SEEK, this);
        LibraryFunction.define(methods, "setvbuf", F_SETVBUF, this);
        LibraryFunction.define(methods, "flush", F_FLUSH, this);
        LibraryFunction.define(methods, "close", F_CLOSE, this);

        LibraryFunction.define(io, "open", OPEN, this);
        LibraryFunction.define(io, "read", READ, this);
        LibraryFunction.define(io, "lines", LINES, this);
        LibraryFunction.define(io, "write", WRITE, this);
        LibraryFunction.define(io, "flush", FLUSH, this);
        LibraryFunction.define(io, "close", CLOSE, this);
        LibraryFunction.define(io, "input", INPUT, this);
        LibraryFunction.define(io, "output", OUTPUT, this);
        LibraryFunction.define(io, "type", TYPE, this);
        LibraryFunction.define(io, "tmpfile", TMPFILE, this);
        if (popen.isfunction()) {
            LibraryFunction.define(io, "popen", POPEN, this);
        }
        return io;
    }

    // function numbers of this library's LibraryFunction.Body (F_: file methods)
    private static final int TOSTRING = 0;
    private static final int F_READ = 1;
    private static final int F_LINES = 2;
    private static final int F_WRITE = 3;
    private static final int F_SEEK = 4;
    private static final int F_SETVBUF = 5;
    private static final int F_FLUSH = 6;
    private static final int F_CLOSE = 7;
    private static final int OPEN = 8;
    private static final int READ = 9;
    private static final int LINES = 10;
    private static final int WRITE = 11;
    private static final int FLUSH = 12;
    private static final int CLOSE = 13;
    private static final int INPUT = 14;
    private static final int OUTPUT = 15;
    private static final int TYPE = 16;
    private static final int TMPFILE = 17;
    private static final int POPEN = 18;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case TOSTRING -> valueOf(a.arg1().tojstring());
            case F_READ -> read(checkFile(a, 1, "read"), a, 2, "read");
            case F_LINES -> lines(checkFile(a, 1, "lines"), a, false);
            case F_WRITE -> write(checkFile(a, 1, "write"), a, 2, "write");
            case F_SEEK -> seek(a);
            case F_SETVBUF -> setvbuf(a);
            case F_FLUSH -> flush(checkFile(a, 1, "flush"));
            case F_CLOSE -> close(checkFile(a, 1, "close"));
            case OPEN -> open(a);
            case READ -> read(defaultFile(input, "input"), a, 1, "read");
            case LINES -> ioLines(a);
            case WRITE -> write(defaultFile(output, "output"), a, 1, "write");
            case FLUSH -> flush(defaultFile(output, "output"));
            case CLOSE -> close(a.narg() == 0 ? usable(output) : checkFile(a, 1, "close"));
            case INPUT -> input = select(a, input, "input", "r");
            case OUTPUT -> output = select(a, output, "output", "w");
            case TYPE -> {
                if (a.narg() == 0) {
                    throw LuaArgs.argError(1, "type", "value expected");
                }
                yield a.arg1() instanceof LuaFile f ? valueOf(f.closed ? "closed file" : "file") : NIL;
            }
            case TMPFILE -> tmpfile();
            case POPEN -> {
                Varargs r = popen.invoke(a);
                boolean write = "w".equals(a.optjstring(2, "r"));
                LuaFile f = LuaFiles.wrap(metatable, r.arg1(), false, !write, write);
                yield f != null ? f : r;
            }
            default -> throw new IllegalArgumentException("io: no function " + index);
        };
    }

    private LuaFile std(LuaTable io, String name, boolean readable) {
        LuaFile f = LuaFiles.wrap(metatable, io.get(name), true, readable, !readable);
        if (f == null) {
            throw new IllegalStateException("LuaJ's io." + name + " is not a file");
        }
        return f;
    }

    // ---------------------------------------------------------------- io functions

    private Varargs open(Varargs a) {
        String name = LuaArgs.luaString(a, 1, "open").tojstring();
        String mode = a.isnoneornil(2) ? "r" : LuaArgs.luaString(a, 2, "open").tojstring();
        if (!mode.matches("[rwa]\\+?b*")) { // 5.4's l_checkmode: any number of 'b's after the '+'
            throw LuaArgs.argError(2, "open", "invalid mode");
        }
        try {
            return openFile(name, mode);
        } catch (IOException | RuntimeException e) {
            return Errno.result(name + ": ", e);
        }
    }

    /** A file opened as C's fopen(name, mode) would (mode already checked). */
    private LuaFile openFile(String name, String mode) throws IOException {
        boolean plus = mode.indexOf('+') >= 0;
        char kind = mode.charAt(0);
        if (kind == 'r' && plus && !new java.io.File(name).exists()) {
            throw new FileNotFoundException(name + " (No such file or directory)");
        }
        if (kind == 'r' && !plus && Files.isDirectory(Path.of(name))) {
            return new DirectoryLuaFile(metatable);
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
        return new BufferedLuaFile(metatable, raf, kind == 'r' || plus, kind != 'r' || plus, kind == 'a', null);
    }

    private Varargs tmpfile() {
        try {
            Path p = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "lua_", "");
            p.toFile().deleteOnExit();
            return new BufferedLuaFile(metatable, new RandomAccessFile(p.toFile(), "rw"), true, true, false, p);
        } catch (IOException | RuntimeException e) {
            return Errno.result("", e);
        }
    }

    private Varargs ioLines(Varargs a) {
        if (a.isnoneornil(1)) {
            return lines(usable(input), a, false);
        }
        String name = LuaArgs.luaString(a, 1, "lines").tojstring();
        try {
            return lines(openFile(name, "r"), a, true);
        } catch (IOException | RuntimeException e) {
            throw new LuaError("cannot open file '" + name + "' (" + Errno.reason(e) + ")");
        }
    }

    /** io.input / io.output: no argument queries, a name opens the file, a file is checked. */
    private LuaFile select(Varargs a, LuaFile current, String fname, String mode) {
        LuaValue v = a.arg1();
        if (v.isnil()) {
            return current;
        }
        if (v.isstring()) {
            String name = v.tojstring();
            try {
                return openFile(name, mode);
            } catch (IOException | RuntimeException e) {
                throw new LuaError("cannot open file '" + name + "' (" + Errno.reason(e) + ")");
            }
        }
        return checkFile(a, 1, fname);
    }

    private static LuaFile defaultFile(LuaFile f, String which) {
        if (f.closed) {
            throw new LuaError("default " + which + " file is closed");
        }
        return f;
    }

    private static LuaFile usable(LuaFile f) {
        if (f.closed) {
            throw new LuaError("attempt to use a closed file");
        }
        return f;
    }

    private static LuaFile checkFile(Varargs a, int i, String fname) {
        if (a.arg(i) instanceof LuaFile f) {
            return usable(f);
        }
        throw LuaArgs.argError(
                i,
                fname,
                "FILE* expected, got " + (a.narg() < i ? "no value" : a.arg(i).typename()));
    }

    // ---------------------------------------------------------------- file methods

    private static Varargs close(LuaFile f) {
        if (f.isstdfile()) {
            return varargsOf(NIL, valueOf("cannot close standard file"));
        }
        try {
            f.close();
            return TRUE;
        } catch (IOException e) {
            return Errno.result("", e);
        }
    }

    private static Varargs flush(LuaFile f) {
        try {
            f.flush();
            return TRUE;
        } catch (IOException e) {
            return Errno.result("", e);
        }
    }

    private static Varargs seek(Varargs a) {
        LuaFile f = checkFile(a, 1, "seek");
        String whence =
                a.isnoneornil(2) ? "cur" : LuaArgs.luaString(a, 2, "seek").tojstring();
        if (!whence.equals("set") && !whence.equals("cur") && !whence.equals("end")) {
            throw LuaArgs.argError(2, "seek", "invalid option '" + whence + "'");
        }
        long offset = LuaArgs.optInteger(a, 3, "seek", 0);
        try {
            long p = f.seekTo(whence, offset);
            return p < 0 ? Errno.result("Invalid argument", 22) : org.luaj.vm2.Lua54Numbers.integer(p);
        } catch (IOException e) {
            return Errno.result("", e);
        }
    }

    private static Varargs setvbuf(Varargs a) {
        LuaFile f = checkFile(a, 1, "setvbuf");
        String mode = LuaArgs.luaString(a, 2, "setvbuf").tojstring();
        if (!mode.equals("no") && !mode.equals("full") && !mode.equals("line")) {
            throw LuaArgs.argError(2, "setvbuf", "invalid option '" + mode + "'");
        }
        f.setvbuf(mode, (int) LuaArgs.optNumber(a, 3, "setvbuf", 1024));
        return TRUE;
    }

    private static Varargs write(LuaFile f, Varargs a, int first, String fname) {
        boolean ok = f.writable;
        try {
            for (int i = first, n = a.narg(); i <= n; i++) {
                LuaValue v = a.arg(i);
                if (v.type() != TSTRING && v.type() != TNUMBER) {
                    throw LuaArgs.argError(i, fname, "string expected, got " + v.typename());
                }
                if (ok) {
                    // 5.4's g_write: floats as "%.14g" (1.0 is written 1, unlike tostring's 1.0)
                    f.write(
                            v instanceof org.luaj.vm2.LuaDouble
                                    ? LuaString.valueOf(
                                            dev.jeplua.engine.stdlib.number.LuaNumberFormat.g14(v.todouble()))
                                    : v.strvalue());
                }
            }
        } catch (IOException e) {
            return Errno.result("", e);
        }
        return ok ? f : Errno.result("Bad file descriptor", 9);
    }

    /** The read formats of {@code a} from index {@code first} (none: one line), as 5.2's g_read. */
    private static Varargs read(LuaFile f, Varargs a, int first, String fname) {
        int n = a.narg() - first + 1;
        if (!f.readable) {
            return Errno.result("Bad file descriptor", 9);
        }
        try {
            if (n <= 0) {
                return f.readLine(false);
            }
            LuaValue[] out = new LuaValue[n];
            int k = 0;
            while (k < n) {
                LuaValue v = ReadFormats.read(f, a.arg(first + k), first + k, fname);
                out[k++] = v;
                if (v.isnil()) {
                    break;
                }
            }
            return k == 1 ? out[0] : varargsOf(out, 0, k);
        } catch (IOException e) {
            return Errno.result("", e);
        }
    }

    /**
     * The iterator of file:lines / io.lines: the formats are {@code a}'s arguments from 2 on
     * (numbered from 2 in errors, as 5.2 does); {@code closeAtEnd} closes the file at the end.
     */
    private static Varargs lines(LuaFile f, Varargs a, boolean closeAtEnd) {
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
}

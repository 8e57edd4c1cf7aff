package dev.jeplua.lfs;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.stdlib.io.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code lfs} library (README.md#lfs): the LuaFileSystem 1.8 API on {@code java.nio.file}.
 * Install it with {@code globals.load(new LfsLib())}: it sets the global {@code lfs} and, when
 * {@code package.loaded} exists, {@code package.loaded.lfs}, so {@code require("lfs")} works.
 *
 * <h2>Current directory</h2>
 * A JVM cannot change its process working directory, so this library keeps its own: it starts
 * at the directory given to the constructor (default: the JVM's {@code user.dir}), {@code
 * lfs.chdir} changes it, {@code lfs.currentdir} reports it, and every relative path given to this
 * library is resolved against it. Other libraries ({@code io}, {@code os}, {@code dofile}) still
 * resolve relative paths against the process directory; Java code can use {@link #resolve} to
 * share this library's view.
 *
 * <h2>Lua API</h2>
 * Unless noted, a function returns {@code true} on success and {@code nil, message, errno} on
 * failure, where {@code message} is the C library's text ({@code "No such file or directory"},
 * {@code "File exists"}, {@code "Directory not empty"}, {@code "Not a directory"},
 * {@code "Permission denied"}, …) and {@code errno} the Linux number for it (omitted when
 * unknown); both come from {@link Errno}, shared with {@code io} and {@code os}. Paths and
 * names are UTF-8 strings. Wrong argument types raise
 * {@code bad argument #1 to 'mkdir' (string expected, got nil)}.
 * <ul>
 *   <li>{@code lfs.attributes(path [, name | t])} → table with {@code mode} ({@code "file"},
 *       {@code "directory"}, {@code "link"} (only from symlinkattributes), {@code "socket"},
 *       {@code "named pipe"}, {@code "char device"}, {@code "block device"}, or {@code "other"}
 *       where the platform has no unix attributes), {@code size} (bytes), {@code modification},
 *       {@code access}, {@code change} (epoch seconds, integral), {@code permissions} (e.g.
 *       {@code "rwxr-xr-x"}) and, where the platform has them ({@code "unix:*"} attributes),
 *       {@code dev}, {@code ino}, {@code nlink}, {@code uid}, {@code gid}, {@code rdev}. Follows
 *       symbolic links. With {@code name}: only that field (nil if unavailable here, such as
 *       {@code blocks} and {@code blksize}, which Java does not expose); an unknown name raises
 *       {@code invalid attribute name 'x'}. With a table {@code t}: fills and returns
 *       {@code t}. Failure: {@code nil, "cannot obtain information from file 'x': No such file
 *       or directory", 2}.</li>
 *   <li>{@code lfs.symlinkattributes(path [, name | t])} → the same without following a final
 *       link, plus {@code target} (the link's content) for a link.</li>
 *   <li>{@code lfs.currentdir()} → absolute path string of this library's current directory.</li>
 *   <li>{@code lfs.chdir(path)} → true; failure: {@code nil, "Unable to change working directory
 *       to 'x'\nNo such file or directory\n"} (lfs's wording). The new directory is stored with
 *       symbolic links resolved, as getcwd would report it.</li>
 *   <li>{@code lfs.mkdir(path)}, {@code lfs.rmdir(path)} (empty directories only; a file gives
 *       {@code "Not a directory"}) → true or {@code nil, message, errno}.</li>
 *   <li>{@code lfs.dir(path)} → iterator function, directory object: {@code for name in
 *       lfs.dir(p) do … end} yields {@code "."}, {@code ".."}, then the entry names sorted
 *       bytewise. The names are read when {@code dir} is called (no file descriptor stays open).
 *       The object has {@code :next()} and {@code :close()}; {@code next} on a closed object
 *       raises {@code bad argument #1 to 'next' (closed directory)}. As in lfs, a directory
 *       that cannot be read raises {@code cannot open x: No such file or directory}.</li>
 *   <li>{@code lfs.touch(path [, atime [, mtime]])} → true; times in epoch seconds, both default
 *       to now, {@code mtime} defaults to {@code atime}. Like utime(2) it does not create the
 *       file.</li>
 *   <li>{@code lfs.link(old, new [, symlink])} → true; a hard link, or a symbolic link whose
 *       content is {@code old} as given when {@code symlink} is true.</li>
 *   <li>{@code lfs.lock_dir(path [, seconds_stale])} → lock object, created as the file
 *       {@code path/lockfile.lfs}; a second lock on the same directory gives {@code nil, "File
 *       exists"}. {@code lock:free()} removes the file and returns true ({@code seconds_stale}
 *       is accepted and ignored, as lfs does on POSIX).</li>
 *   <li>{@code lfs.setmode(file [, mode])} → {@code true, "binary"} (every file is binary
 *       here); a mode other than {@code "binary"} or {@code "text"} raises.</li>
 * </ul>
 * {@code lfs.lock} / {@code lfs.unlock} (locks on open file handles) are not provided: LuaJ's
 * file handles do not expose their channel.
 *
 * <p>The attribute tables are read by {@link LfsAttributes}; failure texts and errno numbers come
 * from {@link Errno}. {@link #resolve} and {@link #currentDir} may be called from any thread (the
 * current directory is a volatile field); the Lua functions run on the engine thread.
 */
public final class LfsLib extends TwoArgFunction implements Library {

    private volatile Path currentDir;

    /** A library whose current directory starts as the JVM's working directory. */
    public LfsLib() {
        this(Path.of("").toAbsolutePath());
    }

    /** A library whose current directory starts at {@code startDir} (made absolute). */
    public LfsLib(Path startDir) {
        this.currentDir = startDir.toAbsolutePath().normalize();
    }

    /** This library's current directory (absolute). */
    public Path currentDir() {
        return currentDir;
    }

    /** Resolves {@code path} against this library's current directory, as every lfs function does. */
    public Path resolve(String path) {
        return currentDir.resolve(path);
    }

    /** Installs {@code lfs} as a global and as {@code package.loaded.lfs}. */
    @Override
    public void install(EngineContext context, Globals globals) {
        globals.load(this);
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable lfs = new LuaTable();
        for (Op op : Op.values()) {
            lfs.set(op.luaName, new Fn(op));
        }
        lfs.set("_VERSION", "LuaFileSystem 1.8.0 (JEPLua, java.nio)");
        env.set("lfs", lfs);
        LuaValue pkg = env.get("package");
        if (pkg.istable()) {
            LuaValue loaded = pkg.get("loaded");
            if (loaded.istable()) {
                loaded.set("lfs", lfs);
            }
        }
        return lfs;
    }

    // ---------------------------------------------------------------- Lua functions

    private enum Op {
        ATTRIBUTES("attributes"),
        SYMLINKATTRIBUTES("symlinkattributes"),
        CURRENTDIR("currentdir"),
        CHDIR("chdir"),
        MKDIR("mkdir"),
        RMDIR("rmdir"),
        DIR("dir"),
        TOUCH("touch"),
        LINK("link"),
        LOCK_DIR("lock_dir"),
        SETMODE("setmode");

        final String luaName;

        Op(String luaName) {
            this.luaName = luaName;
        }
    }

    /** A Lua function that knows its Lua name, for {@code bad argument #1 to 'mkdir'} messages. */
    private abstract static class LfsFunction extends VarArgFunction {
        final String luaName;

        LfsFunction(String luaName) {
            this.luaName = luaName;
            this.name = luaName;
        }
    }

    private final class Fn extends LfsFunction {
        private final Op op;

        Fn(Op op) {
            super(op.luaName);
            this.op = op;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return switch (op) {
                case ATTRIBUTES -> attributes(this, args, false);
                case SYMLINKATTRIBUTES -> attributes(this, args, true);
                case CURRENTDIR -> string(currentDir.toString());
                case CHDIR -> chdir(checkString(this, args, 1));
                case MKDIR -> mkdir(checkString(this, args, 1));
                case RMDIR -> rmdir(checkString(this, args, 1));
                case DIR -> dir(checkString(this, args, 1));
                case TOUCH -> touch(this, args);
                case LINK ->
                    link(
                            checkString(this, args, 1),
                            checkString(this, args, 2),
                            args.arg(3).toboolean());
                case LOCK_DIR -> lockDir(checkString(this, args, 1));
                case SETMODE -> setmode(this, args);
            };
        }
    }

    private Varargs attributes(Fn fn, Varargs args, boolean noFollow) {
        String given = checkString(fn, args, 1);
        LuaValue request = args.arg(2);
        String member = null;
        LuaTable result;
        if (request.isstring()) {
            member = request.tojstring();
            if (!LfsAttributes.isName(member, noFollow)) {
                throw new LuaError("invalid attribute name '" + member + "'");
            }
            result = new LuaTable();
        } else if (request.istable()) {
            result = (LuaTable) request;
        } else if (request.isnil()) {
            result = new LuaTable();
        } else {
            throw argError(fn, 2, "string or table expected, got " + request.typename());
        }
        try {
            LfsAttributes.fill(result, resolve(given), noFollow);
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return failure("cannot obtain information from file '" + given + "': ", e);
        }
        return member == null ? result : result.get(member);
    }

    private Varargs chdir(String given) {
        try {
            Path target = resolve(given);
            if (!Files.isDirectory(target)) {
                throw Files.exists(target) ? new NotDirectoryException(given) : new NoSuchFileException(given);
            }
            currentDir = target.toRealPath();
            return LuaValue.TRUE;
        } catch (IOException | InvalidPathException e) {
            return LuaValue.varargsOf(
                    LuaValue.NIL, string("Unable to change working directory to '" + given + "'\n" + reason(e) + "\n"));
        }
    }

    private Varargs mkdir(String given) {
        try {
            Files.createDirectory(resolve(given));
            return LuaValue.TRUE;
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return failure("", e);
        }
    }

    private Varargs rmdir(String given) {
        try {
            Path path = resolve(given);
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                        ? new NotDirectoryException(given)
                        : new NoSuchFileException(given);
            }
            Files.delete(path);
            return LuaValue.TRUE;
        } catch (IOException | InvalidPathException e) {
            return failure("", e);
        }
    }

    private Varargs dir(String given) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(given))) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException | InvalidPathException e) {
            throw new LuaError("cannot open " + given + ": " + reason(e));
        }
        List<LuaString> sorted = new ArrayList<>(names.size() + 2);
        for (String n : names) {
            sorted.add(string(n));
        }
        Collections.sort(
                sorted,
                (a, b) -> java.util.Arrays.compareUnsigned(
                        a.m_bytes,
                        a.m_offset,
                        a.m_offset + a.m_length,
                        b.m_bytes,
                        b.m_offset,
                        b.m_offset + b.m_length));
        sorted.add(0, LuaValue.valueOf("."));
        sorted.add(1, LuaValue.valueOf(".."));
        DirState state = new DirState(sorted.toArray(new LuaString[0]));
        return LuaValue.varargsOf(DIR_NEXT, new LuaUserdata(state, DIR_META));
    }

    private static final class DirState {
        final LuaString[] names;
        int next;
        boolean closed;

        DirState(LuaString[] names) {
            this.names = names;
        }
    }

    private static final LfsFunction DIR_NEXT = new LfsFunction("next") {
        @Override
        public Varargs invoke(Varargs args) {
            DirState d = dirState(this, args);
            if (d.closed) {
                throw argError(this, 1, "closed directory");
            }
            if (d.next >= d.names.length) {
                d.closed = true;
                return LuaValue.NIL;
            }
            return d.names[d.next++];
        }
    };

    private static final LfsFunction DIR_CLOSE = new LfsFunction("close") {
        @Override
        public Varargs invoke(Varargs args) {
            dirState(this, args).closed = true;
            return LuaValue.NONE;
        }
    };

    private static final LuaTable DIR_META = methods("directory", DIR_NEXT, DIR_CLOSE);

    private static DirState dirState(LfsFunction fn, Varargs args) {
        Object o = args.arg1().touserdata();
        if (o instanceof DirState d) {
            return d;
        }
        throw argError(fn, 1, "directory expected, got " + typeName(args, 1));
    }

    private Varargs touch(Fn fn, Varargs args) {
        String given = checkString(fn, args, 1);
        long now = System.currentTimeMillis();
        FileTime atime = args.arg(2).isnil() ? FileTime.fromMillis(now) : secondsArg(fn, args, 2);
        FileTime mtime = args.arg(3).isnil() ? atime : secondsArg(fn, args, 3);
        try {
            Files.getFileAttributeView(resolve(given), BasicFileAttributeView.class)
                    .setTimes(mtime, atime, null);
            return LuaValue.TRUE;
        } catch (IOException | InvalidPathException e) {
            return failure("", e);
        }
    }

    private static FileTime secondsArg(Fn fn, Varargs args, int index) {
        LuaValue v = args.arg(index);
        if (!v.isnumber()) {
            throw argError(fn, index, "number expected, got " + v.typename());
        }
        return FileTime.from((long) Math.floor(v.todouble()), TimeUnit.SECONDS);
    }

    private Varargs link(String old, String created, boolean symbolic) {
        try {
            if (symbolic) {
                Files.createSymbolicLink(resolve(created), Path.of(old));
            } else {
                Files.createLink(resolve(created), resolve(old));
            }
            return LuaValue.TRUE;
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return failure("", e);
        }
    }

    private Varargs lockDir(String given) {
        try {
            Path lockFile = resolve(given).resolve("lockfile.lfs");
            Files.createFile(lockFile);
            return new LuaUserdata(new DirLock(lockFile), LOCK_META);
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return failure("", e);
        }
    }

    private static final class DirLock {
        final Path file;
        boolean freed;

        DirLock(Path file) {
            this.file = file;
        }
    }

    private static final LfsFunction LOCK_FREE = new LfsFunction("free") {
        @Override
        public Varargs invoke(Varargs args) {
            if (!(args.arg1().touserdata() instanceof DirLock lock)) {
                throw argError(this, 1, "lock expected, got " + typeName(args, 1));
            }
            if (!lock.freed) {
                lock.freed = true;
                try {
                    Files.deleteIfExists(lock.file);
                } catch (IOException e) {
                    return failure("", e);
                }
            }
            return LuaValue.TRUE;
        }
    };

    private static final LuaTable LOCK_META = methods("lock", LOCK_FREE);

    private static Varargs setmode(Fn fn, Varargs args) {
        if (args.narg() < 1) {
            throw argError(fn, 1, "file expected, got no value");
        }
        LuaValue mode = args.arg(2);
        if (!mode.isnil()) {
            String m = mode.isstring() ? mode.tojstring() : "";
            if (!m.equals("binary") && !m.equals("text")) {
                throw argError(fn, 2, "invalid mode '" + mode.tojstring() + "'");
            }
        }
        return LuaValue.varargsOf(LuaValue.TRUE, LuaValue.valueOf("binary"));
    }

    // ---------------------------------------------------------------- helpers

    private static LuaTable methods(String kind, LfsFunction... functions) {
        LuaTable index = new LuaTable();
        for (LfsFunction f : functions) {
            index.set(f.luaName, f);
        }
        LuaTable meta = new LuaTable();
        meta.set("__index", index);
        meta.set("__name", kind);
        meta.set("__tostring", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Object o = args.arg1().touserdata();
                String state = o instanceof DirState d && d.closed || o instanceof DirLock l && l.freed
                        ? "closed"
                        : Integer.toHexString(System.identityHashCode(o));
                return LuaValue.valueOf(kind + " (" + state + ")");
            }
        });
        return meta;
    }

    private static String checkString(LfsFunction fn, Varargs args, int index) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw argError(fn, index, "string expected, got " + typeName(args, index));
        }
        LuaString s = v.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.UTF_8);
    }

    private static String typeName(Varargs args, int index) {
        return args.narg() < index ? "no value" : args.arg(index).typename();
    }

    private static LuaError argError(LfsFunction fn, int index, String message) {
        return LuaArgs.argError(index, fn.luaName, message);
    }

    private static LuaString string(String s) {
        return LuaString.valueUsing(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code nil, prefix + reason, errno} ({@link Errno}); without the errno when it is unknown. */
    private static Varargs failure(String prefix, Exception e) {
        return Errno.resultOmittingUnknown(prefix, e);
    }

    private static String reason(Exception e) {
        return Errno.reason(e);
    }
}

package dev.jeplua.engine.stdlib.base;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import java.io.IOException;
import java.io.InputStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code require} and its searchers as in Lua 5.4 ({@code loadlib.c}), replacing LuaJ's (installed
 * after LuaJ's package library, whose {@code package.loaded}, {@code package.preload} and
 * {@code package.path} tables stay):
 * <pre>
 * require(name) -> module, data        package.loaded[name] (alone), else the first searcher's loader
 *                                      called as loader(name, data), returned with data (the file
 *                                      name, or ":preload:"); errors:
 *                                      module 'm' not found:
 *                                      	no field package.preload['m']
 *                                      	no file './m.lua' ...
 *                                      error loading module 'm' from file './m.lua':
 *                                      	./m.lua:1: unexpected symbol near '='
 * package.searchers                    {preload, Lua file, C, C root searcher} (the C ones only list
 *                                      the package.cpath files they would try, when it is set; plus LuaJ's Java
 *                                      class searcher only with --allow-java: it would hand out
 *                                      LuaJ's luajava library)
 * package.searchpath(name, path [, sep [, rep]]) -> filename | nil, "no file '...'\n\tno file '...'"
 * package.loadlib(path, funcname) -> nil, message, "absent"   (no C libraries on the JVM: the
 *                                      answer of a lua built without dynamic-library support;
 *                                      LuaJ's version recursed into a stack overflow)
 * </pre>
 * Files are found and read through LuaJ's resource finder (the file system, then the jar's
 * {@code lua/} modules). Engine thread.
 */
public final class PackageFunctions implements LibraryFunction.Body {
    private final Globals globals;
    private final LuaValue pkg;

    private PackageFunctions(Globals globals, LuaValue pkg) {
        this.globals = globals;
        this.pkg = pkg;
    }

    private static final LuaValue PRELOAD = LuaValue.valueOf("preload");
    private static final LuaValue LOADED = LuaValue.valueOf("loaded");
    private static final LuaValue SEARCHERS = LuaValue.valueOf("searchers");

    /**
     * Installs {@code require}, {@code package.searchers} and {@code package.searchpath}.
     *
     * @param globals   the engine's globals, after LuaJ's {@code PackageLib} was loaded
     * @param allowJava keep LuaJ's Java class searcher (as {@code --allow-java} does for {@code luajava})
     */
    public static void install(Globals globals, boolean allowJava) {
        LuaValue pkg = globals.get("package");
        PackageFunctions body = new PackageFunctions(globals, pkg);
        LuaValue javaSearcher = pkg.get(SEARCHERS).get(3);
        LuaTable searchers = new LuaTable();
        searchers.set(1, new LibraryFunction("preload searcher", FN_PRELOAD_SEARCHER, body));
        searchers.set(2, new LibraryFunction("Lua searcher", FN_LUA_SEARCHER, body));
        searchers.set(3, new LibraryFunction("C searcher", FN_C_SEARCHER, body));
        searchers.set(4, new LibraryFunction("Croot searcher", FN_CROOT_SEARCHER, body));
        if (allowJava && javaSearcher.isfunction()) {
            searchers.set(5, javaSearcher);
        }
        pkg.set(SEARCHERS, searchers);
        LibraryFunction.define(pkg, "searchpath", FN_SEARCHPATH, body);
        LibraryFunction.define(pkg, "loadlib", FN_LOADLIB, body);
        LibraryFunction.define(globals, "require", FN_REQUIRE, body);
    }

    private static Varargs require(LuaValue pkg, Varargs a) {
        LuaValue name = LuaArgs.luaString(a, 1, "require");
        LuaValue loaded = pkg.get(LOADED);
        LuaValue module = loaded.get(name);
        if (module.toboolean()) {
            return module;
        }
        LuaValue searchers = pkg.get(SEARCHERS);
        if (!searchers.istable()) {
            throw new LuaError("'package.searchers' must be a table");
        }
        StringBuilder notFound = new StringBuilder();
        for (int i = 1; ; i++) {
            LuaValue searcher = searchers.get(i);
            if (searcher.isnil()) {
                throw new LuaError("module '" + name.tojstring() + "' not found:" + notFound);
            }
            Varargs found = searcher.invoke(name);
            if (found.arg1().isfunction()) {
                LuaValue data = found.arg(2);
                LuaValue result = found.arg1().call(name, data);
                if (!result.isnil()) {
                    loaded.set(name, result);
                }
                if (loaded.get(name).isnil()) {
                    loaded.set(name, LuaValue.TRUE);
                }
                return LuaValue.varargsOf(loaded.get(name), data); // 5.4: the loader data too
            }
            if (found.arg1().isstring()) {
                notFound.append("\n\t").append(found.arg1().tojstring());
            }
        }
    }

    private static Varargs preloadSearcher(LuaValue pkg, Varargs a) {
        LuaValue name = LuaArgs.luaString(a, 1, "preload searcher");
        LuaValue preload = pkg.get(PRELOAD);
        if (!preload.istable()) {
            throw new LuaError("'package.preload' must be a table");
        }
        LuaValue loader = preload.get(name);
        return loader.isnil()
                ? LuaValue.valueOf("no field package.preload['" + name.tojstring() + "']")
                : LuaValue.varargsOf(loader, LuaValue.valueOf(":preload:"));
    }

    /**
     * The C searchers of 5.4 (full name, then the root of a dotted name) on a JVM without C
     * modules: they only list the {@code package.cpath} files they would try, and say nothing
     * when {@code package.cpath} is not set (JEPLua's default).
     */
    private static Varargs cSearcher(Globals globals, LuaValue pkg, Varargs a, boolean root) {
        String name = LuaArgs.luaString(a, 1, "C searcher").tojstring();
        LuaValue cpath = pkg.get("cpath");
        if (!cpath.isstring() || root && name.indexOf('.') < 0) {
            return NONE;
        }
        String n = root ? name.substring(0, name.indexOf('.')) : name;
        Varargs found = search(globals, n, cpath.tojstring(), ".", "/");
        return found.arg1().isnil() ? found.arg(2) : NONE;
    }

    private static final Varargs NONE = LuaValue.NONE;

    private static Varargs luaSearcher(Globals globals, LuaValue pkg, Varargs a) {
        String name = LuaArgs.luaString(a, 1, "Lua searcher").tojstring();
        LuaValue path = pkg.get("path");
        if (!path.isstring()) {
            throw new LuaError("'package.path' must be a string");
        }
        Varargs found = search(globals, name, path.tojstring(), ".", "/");
        if (found.arg1().isnil()) {
            return found.arg(2);
        }
        String filename = found.arg1().tojstring();
        try (InputStream in = globals.finder.findResource(filename)) {
            if (in == null) {
                throw new IOException("cannot open " + filename);
            }
            return LuaValue.varargsOf(globals.load(in, "@" + filename, "bt", globals), found.arg1());
        } catch (LuaError | IOException e) {
            throw new LuaError(
                    "error loading module '" + name + "' from file '" + filename + "':\n\t" + e.getMessage());
        }
    }

    private static Varargs searchpath(Globals globals, Varargs a) {
        String name = LuaArgs.luaString(a, 1, "searchpath").tojstring();
        String path = LuaArgs.luaString(a, 2, "searchpath").tojstring();
        String sep =
                a.isnoneornil(3) ? "." : LuaArgs.luaString(a, 3, "searchpath").tojstring();
        String rep =
                a.isnoneornil(4) ? "/" : LuaArgs.luaString(a, 4, "searchpath").tojstring();
        return search(globals, name, path, sep, rep);
    }

    /**
     * The first readable file of {@code path}'s templates (empty ones included, as 5.4), or nil
     * and the list of files tried: {@code no file 'a'\n\tno file 'b'}.
     */
    private static Varargs search(Globals globals, String name, String path, String sep, String rep) {
        String n = sep.isEmpty() ? name : name.replace(sep, rep);
        StringBuilder tried = new StringBuilder();
        for (String template : path.split(";", -1)) {
            String filename = template.replace("?", n);
            if (!filename.isEmpty()) {
                try (InputStream in = globals.finder.findResource(filename)) {
                    if (in != null) {
                        return LuaValue.valueOf(filename);
                    }
                } catch (IOException e) {
                    // not readable: try the next template
                }
            }
            tried.append(tried.length() == 0 ? "" : "\n\t")
                    .append("no file '")
                    .append(filename)
                    .append('\'');
        }
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(tried.toString()));
    }

    // function numbers of this package's LibraryFunction.Body
    private static final int FN_PRELOAD_SEARCHER = 0;
    private static final int FN_LUA_SEARCHER = 1;
    private static final int FN_C_SEARCHER = 2;
    private static final int FN_CROOT_SEARCHER = 3;
    private static final int FN_SEARCHPATH = 4;
    private static final int FN_LOADLIB = 5;
    private static final int FN_REQUIRE = 6;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_PRELOAD_SEARCHER -> preloadSearcher(pkg, a);
            case FN_LUA_SEARCHER -> luaSearcher(globals, pkg, a);
            case FN_C_SEARCHER -> cSearcher(globals, pkg, a, false);
            case FN_CROOT_SEARCHER -> cSearcher(globals, pkg, a, true);
            case FN_SEARCHPATH -> searchpath(globals, a);
            case FN_LOADLIB -> luaLoadlib(a);
            case FN_REQUIRE -> require(pkg, a);
            default -> throw new IllegalArgumentException("package: no function " + index);
        };
    }

    private Varargs luaLoadlib(Varargs a) {
        LuaArgs.luaString(a, 1, "loadlib");
        LuaArgs.luaString(a, 2, "loadlib");
        return LuaValue.varargsOf(
                LuaValue.NIL,
                LuaValue.valueOf("dynamic libraries not enabled; check your Lua installation"),
                LuaValue.valueOf("absent"));
    }
}

package dev.jeplua.engine;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.bridge.PyBridgeLib;
import dev.jeplua.engine.json.JsonLib;
import dev.jeplua.engine.luaj.LuaNumberPatch;
import dev.jeplua.engine.luaj.StringEscapes;
import dev.jeplua.engine.luaj.ToBeClosed;
import dev.jeplua.engine.stdlib.base.BaseFunctions;
import dev.jeplua.engine.stdlib.base.CoreLib;
import dev.jeplua.engine.stdlib.base.CoroutineLib;
import dev.jeplua.engine.stdlib.base.Finalizers;
import dev.jeplua.engine.stdlib.base.PackageFunctions;
import dev.jeplua.engine.stdlib.io.IoFunctions;
import dev.jeplua.engine.stdlib.math.MathExtensions;
import dev.jeplua.engine.stdlib.os.OsFunctions;
import dev.jeplua.engine.stdlib.string.LuaStringLib;
import dev.jeplua.engine.stdlib.string.Utf8Lib;
import dev.jeplua.engine.stdlib.table.TableFunctions;
import dev.jeplua.engine.timers.TimerLib;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.Lua54Parser;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;
import org.luaj.vm2.lib.jse.LuajavaLib;

/**
 * The one list of every Lua library, in load order: LuaJ's standard libraries (without
 * {@code luajava} unless allowed), the debug library, then JEPLua's own.
 */
public final class CoreLibraries {
    private CoreLibraries() {}

    /**
     * Installs all libraries into {@code globals}. Engine thread (or before the engine starts).
     *
     * @param engine  the engine (collaborators come from it)
     * @param globals its globals
     * @param debug   the debug library instance to install (gives tracebacks and interruption)
     */
    public static void installAll(EngineContext engine, Finalizers finalizers, Globals globals, DebugLib debug) {
        LuaNumberPatch.ensureInstalled();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        PackageFunctions.install(globals, engine.config().allowJava()); // require and searchers as in 5.2
        globals.load(new TableFunctions()); // replaces LuaJ's TableLib (5.2 semantics + table.move)
        globals.load(new StringLib());
        globals.load(new LuaStringLib()); // format, rep, upper/lower, patterns
        // LuaJ keeps the string metatable in one static field and sets it only for the first
        // StringLib of the JVM; the newest engine's string table is the one ("x"):rep must reach.
        LuaString.s_metatable = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, globals.get("string")});
        globals.load(new CoroutineLib(engine.scheduler()));
        globals.load(new JseMathLib());
        globals.load(new MathExtensions()); // math.log(x, base), 5.3 tointeger/type/ult
        globals.load(new JseIoLib());
        globals.load(new JseOsLib());
        globals.load(new OsFunctions(engine.output()::flush)); // date, time, execute
        globals.load(new IoFunctions()); // io as in 5.2: files, read formats, lines, open modes
        globals.load(new Utf8Lib());
        globals.load(new BaseFunctions(engine.config().stderr())); // tostring, pairs/ipairs, pcall/xpcall, error, warn
        if (engine.config().allowJava()) {
            globals.load(new LuajavaLib());
        }
        LoadState.install(globals);
        // binary chunks that keep 5.4's integer and float constants (string.dump, load)
        globals.undumper = dev.jeplua.engine.luaj.BinaryChunks.undumper(globals);
        globals.get("string").set("dump", dev.jeplua.engine.luaj.BinaryChunks.stringDump(globals));
        LuaC.install(globals);
        // Lua 5.4 syntax (//, bitwise operators, <const>, backslash-u{hex} escapes) on LuaJ's code generator;
        // the escape check words 5.2's errors for escapes LuaJ's lexer would accept
        globals.compiler = StringEscapes.checking(Lua54Parser.compiler(ToBeClosed.of(globals)));
        globals.load(debug);
        if (dev.jeplua.engine.compile.CompileMode.enabled()) {
            dev.jeplua.engine.compile.CompiledLoader.install(globals); // docs/compiled-tier.md
        }
        globals.load(new CoreLib(engine.output(), finalizers));
        globals.load(new TimerLib(engine));
        globals.load(new JsonLib());
        globals.load(new PyBridgeLib(engine)); // creates _PY, which host libraries extend by name
        setPackagePath(globals, engine);
    }

    private static void setPackagePath(Globals globals, EngineContext engine) {
        StringBuilder path = new StringBuilder("./?.lua;./?/init.lua");
        for (Path dir : engine.config().luaDirs()) {
            path.insert(0, dir + "/?.lua;" + dir + "/?/init.lua;");
        }
        path.append(";lua/?.lua"); // modules shipped in the jar (resources/lua)
        LuaValue pkg = globals.get("package");
        pkg.set("path", path.toString());
    }
}

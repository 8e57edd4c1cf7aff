package dev.jeplua.engine.compile;

import org.luaj.vm2.CompiledClosure;
import org.luaj.vm2.Globals;

/**
 * Makes an engine's {@code load}, {@code dofile}, {@code require} and chunk compilation give
 * compiled functions: wraps {@link Globals#loader} so that a chunk loaded with the engine's
 * globals as environment becomes a {@link CompiledClosure} (compiled on its first call); a chunk
 * with another environment keeps LuaJ's closure (interpreted). Engine set-up thread.
 */
public final class CompiledLoader {
    private CompiledLoader() {}

    /**
     * Installs the compiled tier on {@code globals} (after LuaJ's loader and the debug library
     * are installed: {@code debug.setlocal} is wrapped by {@link LocalsWatch}).
     *
     * @return the compiler, for its counts
     */
    public static PrototypeCompiler install(Globals globals) {
        PrototypeCompiler compiler = new PrototypeCompiler();
        LocalsWatch.install(globals);
        Globals.Loader previous = globals.loader;
        globals.loader = (prototype, chunkName, env) -> env instanceof Globals
                ? new CompiledClosure(prototype, env, null, compiler)
                : previous.load(prototype, chunkName, env);
        return compiler;
    }
}

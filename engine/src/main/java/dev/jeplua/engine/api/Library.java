package dev.jeplua.engine.api;

import org.luaj.vm2.Globals;

/**
 * A host library: installs its Lua tables and functions (e.g. {@code net}, {@code store}, the
 * window functions on {@code _PY}) into an engine's globals. Host libraries live beside their
 * capability (the {@code net} module, the {@code store} module, the {@code lfs} module, the GUI
 * module ...) and are handed to {@link LuaEngine#builder}; the Lua standard library and the core
 * host tables ({@code json}, timers, {@code _PY}) are always installed first.
 *
 * <p>{@link #install} is called once, on the thread building the engine, after every core
 * library and before the engine starts; what the library needs later comes from the
 * {@link EngineContext} it is given, never from the engine itself.
 */
public interface Library {
    /**
     * Installs this library.
     *
     * @param context the engine's narrow context (loop, scheduler, output, the {@code _PY} table ...)
     * @param globals the globals to install into (the same as {@link EngineContext#globals()})
     */
    void install(EngineContext context, Globals globals);
}

package dev.jeplua.engine.api;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Registers a library table as Lua's own libraries are: as a global and in
 * {@code package.loaded}, so {@code require "name"} returns the same table (Lua 5.2 manual
 * §6.3). Engine thread (library installation).
 */
public final class LuaModules {
    private LuaModules() {}

    /**
     * Sets {@code globals[name] = module} and {@code package.loaded[name] = module} (the latter only
     * when the package library is loaded).
     *
     * @return {@code module}
     */
    public static LuaTable register(LuaValue globals, String name, LuaTable module) {
        globals.set(name, module);
        LuaValue pkg = globals.get("package");
        if (pkg.istable() && pkg.get("loaded").istable()) {
            pkg.get("loaded").set(name, module);
        }
        return module;
    }
}

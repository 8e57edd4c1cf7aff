package dev.jeplua.engine.reload;

import dev.jeplua.engine.api.EngineContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Puts an engine back to where it was before the script ran, so {@code --watch} can run the
 * script again in the same engine (README.md#watch): the servers, clients, sessions and store of
 * the process stay, while what the run made goes.
 *
 * <p>{@link #snapshot} (before the first run) records the globals and {@code package.loaded}.
 * {@link #reset} then cancels every timer, interval and immediate, closes what the run left open
 * ({@link RunScope}: {@code net} servers, windows), sets every global back to its recorded value
 * (globals the script added become nil; the reset is shallow: a standard table the script
 * changed in place, say {@code string.foo}, stays changed) and forgets the modules loaded since,
 * so {@code require} reads them from disk again. Coroutines the old run left suspended are
 * never resumed again (their timers are gone) and become garbage.
 *
 * <p>Engine thread only.
 */
public final class ScriptReset {
    /** What a reset did, for the restart line. */
    public record Summary(int timers, int immediates, int resources) {}

    private final EngineContext engine;
    private Map<LuaValue, LuaValue> globals;
    private Set<LuaValue> loaded;

    /** @param engine the engine to reset */
    public ScriptReset(EngineContext engine) {
        this.engine = engine;
    }

    /** Records the globals and loaded modules to come back to. Engine thread. */
    public void snapshot() {
        globals = entries(engine.globals());
        LuaValue pkg = engine.globals().get("package");
        loaded = pkg.istable() && pkg.get("loaded").istable()
                ? new HashSet<>(entries((LuaTable) pkg.get("loaded")).keySet())
                : Set.of();
    }

    /**
     * Ends the previous run: timers, immediates and open resources, then globals and modules.
     * Engine thread, inside a coroutine (a closer may call Lua).
     *
     * @throws IllegalStateException before {@link #snapshot}
     */
    public Summary reset() {
        if (globals == null) {
            throw new IllegalStateException("no snapshot to reset to");
        }
        int timers = engine.loop().timers().cancelAll();
        int immediates = engine.loop().clearImmediates();
        int resources = RunScope.of(engine).closeAll();
        LuaTable g = engine.globals();
        for (LuaValue key : entries(g).keySet()) {
            if (!globals.containsKey(key)) {
                g.rawset(key, LuaValue.NIL);
            }
        }
        globals.forEach(g::rawset);
        LuaValue pkg = g.get("package");
        if (pkg.istable() && pkg.get("loaded").istable()) {
            LuaTable l = (LuaTable) pkg.get("loaded");
            for (LuaValue name : entries(l).keySet()) {
                if (!loaded.contains(name)) {
                    l.rawset(name, LuaValue.NIL);
                }
            }
        }
        return new Summary(timers, immediates, resources);
    }

    private static Map<LuaValue, LuaValue> entries(LuaTable t) {
        Map<LuaValue, LuaValue> out = new HashMap<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                return out;
            }
            out.put(k, n.arg(2));
        }
    }
}

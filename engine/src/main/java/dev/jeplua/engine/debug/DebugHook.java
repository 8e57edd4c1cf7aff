package dev.jeplua.engine.debug;

import org.luaj.vm2.LuaThread;

/**
 * Receives every Lua instruction while attached to the engine's {@link InterruptibleDebugLib}
 * (the {@code --debug} server's breakpoints, stepping and pause). Called on the engine thread,
 * after the call stack records {@code pc} as the innermost frame's current instruction; it may
 * block (a stopped debugger) or throw a {@link org.luaj.vm2.LuaError} into the running code.
 */
@FunctionalInterface
public interface DebugHook {
    /**
     * @param thread the running coroutine
     * @param pc     index of the instruction about to run in the innermost frame's prototype
     */
    void onInstruction(LuaThread thread, int pc);
}

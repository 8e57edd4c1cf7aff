/**
 * The debug library with interruption and memory checks at each instruction, a lock-free call
 * stack while no hook is set, and the {@link dev.jeplua.engine.debug.DebugHook} a debugger attaches.
 */
package dev.jeplua.engine.debug;

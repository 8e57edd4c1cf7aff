/** The debug library with interruption and memory checks at each instruction and a lock-free call stack while no hook is set. */
package dev.jeplua.engine.debug;

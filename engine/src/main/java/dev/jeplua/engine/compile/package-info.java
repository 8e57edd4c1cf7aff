/**
 * The compiled tier: Lua function prototypes turned into JVM classes (one per prototype, on its
 * first call), with LuaJ's interpreter as the fallback per function and while debug hooks are
 * active. See docs/compiled-tier.md.
 */
package dev.jeplua.engine.compile;

/**
 * The basic functions (Lua 5.2 manual §6.1: {@code print}, {@code tostring}, {@code tonumber},
 * {@code pcall}, {@code error}, {@code collectgarbage}, {@code setmetatable} with {@code __gc}
 * finalizers ...), the {@code coroutine} library on the engine's fibers (§6.2) and the
 * {@code package} library with 5.2's searchers (§6.3), each replacing LuaJ's function where it
 * differs from the reference.
 */
package dev.jeplua.engine.stdlib.base;

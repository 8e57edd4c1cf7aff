/**
 * Lua numbers written as the reference interpreter writes them ({@code %.14g}, {@code inf},
 * {@code -nan}, integers without a fraction): used by {@code tostring}, {@code print},
 * {@code ..}, {@code string.format} and the patched LuaJ number classes.
 */
package dev.jeplua.engine.stdlib.number;

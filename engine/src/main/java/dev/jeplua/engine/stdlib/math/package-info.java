/** Additions to LuaJ's {@code math} library: {@code math.log(x, base)}, 5.3's {@code tointeger}, {@code type}, {@code ult}. */
package dev.jeplua.engine.stdlib.math;

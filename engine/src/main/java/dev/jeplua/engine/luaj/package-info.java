/**
 * The patch layer over LuaJ 3.0.1: what must change inside LuaJ itself to behave as the reference
 * interpreter does. {@link dev.jeplua.engine.luaj.LuaNumberPatch} rewrites a few LuaJ methods with
 * ByteBuddy at build time (number to string, lexer errors, tail calls to Java functions) and
 * stores the patched classes as resources, so start-up never loads ByteBuddy; {@link
 * dev.jeplua.engine.luaj.SyntaxErrors} and {@link dev.jeplua.engine.luaj.StringEscapes} word compile
 * errors as Lua 5.2 does.
 *
 * <p>JEPLua classes live in LuaJ's own packages where the types they need there are
 * package-private: {@code org.luaj.vm2.FinalizerMark} (a table's metatable slot, for
 * {@code __gc}), {@code org.luaj.vm2.TableAccess} (faster paths of {@code LuaTable}'s lookups,
 * on its hash part and slots), {@code org.luaj.vm2.lib.CallStackHooks} (the debug library's call stack,
 * read and updated without its per-instruction lock), {@code org.luaj.vm2.lib.HookFrames} (that
 * stack as a {@code debug.sethook} hook sees it in Lua 5.4), {@code org.luaj.vm2.lib.CallDepthLimit}
 * (at most 150,000 active calls) and {@code org.luaj.vm2.compiler.Lua54Parser}
 * (LuaJ's parser extended with the Lua 5.4 syntax, with {@code Lua54Strings} for string escapes and
 * {@code ToBeClosedCode} for {@code <close>} variables; the new operators call {@link
 * dev.jeplua.engine.luaj.Lua54Operators}). Everything else that corrects LuaJ's
 * behaviour replaces a library function from outside, in {@code dev.jeplua.engine.stdlib}.
 */
package dev.jeplua.engine.luaj;

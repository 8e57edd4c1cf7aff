package dev.jeplua.engine.compile;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;

/**
 * Tells from the code that creates a function whether the function calls itself by the name it
 * is stored in: {@code local function f() ... f() ... end} (the function captures, as an
 * upvalue, the very register its {@code CLOSURE} instruction writes, and reads that upvalue) or
 * {@code function f() ... f() ... end} for a global {@code f} (the {@code CLOSURE} is followed
 * by the store of the global {@code f}, and the function reads a global of that name). A
 * heuristic for the JIT's sake ({@link BodyGenerator#NOT_INLINED}): a wrong answer costs speed,
 * never correctness. Stateless; any thread.
 */
final class Recursion {
    private Recursion() {}

    /**
     * @param parent the prototype whose code creates the function
     * @param index  the function's index in {@code parent.p}
     * @return true when a {@code CLOSURE} of {@code parent} stores the function where the
     *     function itself reads it from
     */
    static boolean callsItself(Prototype parent, int index) {
        Prototype child = parent.p[index];
        int[] code = parent.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) != Lua.OP_CLOSURE || Lua.GETARG_Bx(i) != index) {
                continue;
            }
            int a = Lua.GETARG_A(i);
            Upvaldesc[] uv = child.upvalues;
            for (int u = 0; u < uv.length; u++) {
                if (uv[u].instack && uv[u].idx == a && reads(child, Lua.OP_GETUPVAL, u, null)) {
                    return true;
                }
            }
            if (pc + 1 < code.length) {
                int next = code[pc + 1];
                int key = Lua.GETARG_B(next);
                if (Lua.GET_OPCODE(next) == Lua.OP_SETTABUP
                        && Lua.GETARG_C(next) == a
                        && key > 0xff
                        && parent.k[key & 0xff].isstring()
                        && reads(child, Lua.OP_GETTABUP, -1, parent.k[key & 0xff])) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code p} has a {@code GETUPVAL} of upvalue {@code upvalue}, or a {@code GETTABUP}
     * with the string constant {@code name} as key.
     */
    private static boolean reads(Prototype p, int op, int upvalue, LuaValue name) {
        for (int i : p.code) {
            if (Lua.GET_OPCODE(i) != op) {
                continue;
            }
            if (op == Lua.OP_GETUPVAL && Lua.GETARG_B(i) == upvalue) {
                return true;
            }
            int key = Lua.GETARG_C(i);
            if (op == Lua.OP_GETTABUP && key > 0xff && name.raweq(p.k[key & 0xff])) {
                return true;
            }
        }
        return false;
    }
}

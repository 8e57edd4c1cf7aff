package dev.jeplua.engine.compile;

import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;

/**
 * Where each register of one prototype lives in its generated method: in the register array
 * ({@code stack[]}, the call-stack frame's, shared with upvalues and read by the debug library)
 * or in a JVM local of type {@code LuaValue} (docs/compiled-tier.md, "Registers in JVM locals").
 *
 * <p>A register stays in the array when a {@code CLOSURE} captures it (its open upvalue reads and
 * writes the array), or when it can be read as part of a range whose end is only known at run
 * time: the arguments of a {@code CALL}/{@code TAILCALL} with {@code B = 0}, the values of a
 * {@code RETURN} with {@code B = 0} and the table and values of a {@code SETLIST} with {@code B = 0}
 * (the registers from the range's start up, as those of the multiple results before {@code v}). Every other register
 * is a JVM local; fixed-size ranges ({@code CONCAT}, {@code SETLIST}, calls with a fixed count,
 * {@code TFORCALL}, numeric {@code for}) are generated register by register.
 *
 * <p>The named locals active at an instruction (the prototype's {@code locvars}, registers
 * {@code 0 .. n-1}) are what {@code debug.getlocal}/{@code debug.setlocal} read and write in the
 * frame's array: {@link #active} gives their number. Stateless after construction; build thread.
 */
final class RegisterPlan {
    /** The first JVM local slot of the registers (the slots below are {@link Emitter}'s). */
    static final int FIRST_SLOT = 16;

    private final boolean[] inArray;
    private final int[] active;

    RegisterPlan(Prototype p) {
        int size = p.maxstacksize;
        inArray = new boolean[size];
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            int b = Lua.GETARG_B(i);
            switch (op) {
                case Lua.OP_CALL, Lua.OP_TAILCALL -> {
                    if (b == 0) {
                        from(a + 1);
                    }
                }
                case Lua.OP_RETURN -> {
                    if (b == 0) {
                        from(a);
                    }
                }
                case Lua.OP_SETLIST -> {
                    if (b == 0) {
                        from(a);
                    }
                    if (Lua.GETARG_C(i) == 0) {
                        pc++; // the next word is the block number
                    }
                }
                case Lua.OP_CLOSURE -> {
                    for (Upvaldesc u : p.p[Lua.GETARG_Bx(i)].upvalues) {
                        if (u.instack && u.idx < size) {
                            inArray[u.idx] = true;
                        }
                    }
                }
                default -> {}
            }
        }
        active = new int[code.length];
        LocVars[] vars = p.locvars;
        for (int pc = 0; pc < code.length; pc++) {
            // as Prototype.getlocalname counts: in order, up to the first not yet started
            int n = 0;
            for (int v = 0; vars != null && v < vars.length && vars[v].startpc <= pc; v++) {
                if (pc < vars[v].endpc) {
                    n++;
                }
            }
            active[pc] = Math.min(n, size);
        }
    }

    private void from(int r) {
        for (int k = r; k < inArray.length; k++) {
            inArray[k] = true;
        }
    }

    /** Number of registers. */
    int size() {
        return inArray.length;
    }

    /** True when register {@code r} lives in the register array rather than a JVM local. */
    boolean inArray(int r) {
        return inArray[r];
    }

    /** The JVM local slot of register {@code r} (when not {@link #inArray}). */
    int slot(int r) {
        return FIRST_SLOT + r;
    }

    /** The first JVM local slot after the registers (two int slots follow: see {@code Emitter}). */
    int firstFreeSlot() {
        return FIRST_SLOT + inArray.length;
    }

    /** Number of named locals active at instruction {@code pc}: registers {@code 0 .. n-1}. */
    int active(int pc) {
        return active[pc];
    }
}

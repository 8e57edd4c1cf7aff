package dev.jeplua.engine.compile;

import static dev.jeplua.engine.compile.Emitter.UPVALUE;
import static dev.jeplua.engine.compile.Emitter.VALUE;
import static dev.jeplua.engine.compile.Emitter.VALUE_D;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Lua;

/**
 * The JVM code of LuaJ's data, arithmetic, comparison and jump instructions, each doing what
 * {@code LuaClosure.execute} does for it (the same {@code LuaValue} methods on the same registers,
 * so Lua 5.4's number semantics, coercions and metamethods are the patched interpreter's).
 * Calls, returns, closures and table constructors are in {@link CallEmitter}. Stateless.
 */
final class InstructionEmitter implements Opcodes {
    private InstructionEmitter() {}

    /** True for the opcodes that can neither raise an error nor call out (no current-instruction update needed). */
    /**
     * Whether instruction {@code i} records itself in the call-stack frame, only when it leaves
     * its fast path ({@code org.luaj.vm2.CompiledAt}), so the generator emits no store of the
     * current instruction before it: arithmetic other than {@code %}, comparisons, and table
     * access ({@code CompiledAt.getField}/{@code setField} for constant string keys,
     * {@code index}/{@code setIndex} for others).
     */
    static boolean ownsPc(Emitter e, int i) {
        return switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> true;
            case Lua.OP_GETTABUP, Lua.OP_GETTABLE, Lua.OP_SELF, Lua.OP_SETTABUP, Lua.OP_SETTABLE -> true;
            default -> false;
        };
    }

    static boolean quiet(int op) {
        return switch (op) {
            case Lua.OP_MOVE,
                    Lua.OP_LOADK,
                    Lua.OP_LOADBOOL,
                    Lua.OP_LOADNIL,
                    Lua.OP_GETUPVAL,
                    Lua.OP_SETUPVAL,
                    Lua.OP_JMP,
                    Lua.OP_NOT,
                    Lua.OP_TEST,
                    Lua.OP_TESTSET,
                    Lua.OP_VARARG,
                    Lua.OP_TFORLOOP,
                    // the frame is popped before anything can read its instruction (LuaJ's
                    // onReturn pops it before a return hook runs; <close> variables are closed by
                    // calls the chunk's code makes before its returns)
                    Lua.OP_RETURN -> true;
            default -> false;
        };
    }

    /**
     * Emits instruction {@code pc} when it is one of this class's.
     *
     * @return false when the opcode is not one of this class's
     */
    static boolean emit(Emitter e, int pc, int i) {
        MethodVisitor mv = e.mv;
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_MOVE -> {
                e.reg(b);
                e.store(a);
            }
            case Lua.OP_LOADK -> {
                e.constant(Lua.GETARG_Bx(i));
                e.store(a);
            }
            case Lua.OP_LOADBOOL -> {
                mv.visitFieldInsn(GETSTATIC, VALUE, b != 0 ? "TRUE" : "FALSE", "Lorg/luaj/vm2/LuaBoolean;");
                e.store(a);
                if (c != 0) {
                    mv.visitJumpInsn(GOTO, e.at(pc + 2));
                }
            }
            case Lua.OP_LOADNIL -> {
                for (int r = a; r <= a + b; r++) {
                    mv.visitFieldInsn(GETSTATIC, VALUE, "NIL", VALUE_D);
                    e.store(r);
                }
            }
            case Lua.OP_GETUPVAL -> {
                upvalue(e, b);
                e.store(a);
            }
            case Lua.OP_GETTABUP -> {
                upvalue(e, b);
                e.getField(c, pc);
                e.store(a);
            }
            case Lua.OP_GETTABLE -> {
                e.reg(b);
                e.getField(c, pc);
                e.store(a);
            }
            case Lua.OP_SETTABUP -> {
                upvalue(e, a);
                e.setField(b, c, pc);
            }
            case Lua.OP_SETUPVAL -> {
                mv.visitVarInsn(ALOAD, Emitter.UPVALUES);
                e.push(b);
                mv.visitInsn(AALOAD);
                e.reg(a);
                mv.visitMethodInsn(INVOKEVIRTUAL, UPVALUE, "setValue", "(" + VALUE_D + ")V", false);
            }
            case Lua.OP_SETTABLE -> {
                e.reg(a);
                e.setField(b, c, pc);
            }
            case Lua.OP_NEWTABLE -> {
                mv.visitTypeInsn(NEW, "org/luaj/vm2/LuaTable");
                mv.visitInsn(DUP);
                e.push(b);
                e.push(c);
                mv.visitMethodInsn(INVOKESPECIAL, "org/luaj/vm2/LuaTable", "<init>", "(II)V", false);
                e.store(a);
            }
            case Lua.OP_SELF -> {
                e.reg(b);
                mv.visitInsn(DUP);
                e.store(a + 1);
                e.getField(c, pc);
                e.store(a);
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV -> {
                e.rk(b);
                e.rk(c);
                e.framePc(pc);
                e.at(arithmetic(op), "(" + VALUE_D + VALUE_D + Emitter.FRAME_PC + ")" + VALUE_D);
                e.store(a);
            }
            case Lua.OP_MOD -> {
                // integer % 0 raises on the fast path: the instruction is recorded before (ownsPc)
                e.rk(b);
                e.rk(c);
                arith(e, "mod", "(" + VALUE_D + VALUE_D + ")" + VALUE_D);
                e.store(a);
            }
            case Lua.OP_POW -> {
                e.rk(b);
                e.rk(c);
                e.value("pow", "(" + VALUE_D + ")" + VALUE_D);
                e.store(a);
            }
            case Lua.OP_UNM -> {
                e.reg(b);
                arith(e, "neg", "(" + VALUE_D + ")" + VALUE_D);
                e.store(a);
            }
            case Lua.OP_NOT, Lua.OP_LEN -> {
                e.reg(b);
                e.value(op == Lua.OP_NOT ? "not" : "len", "()" + VALUE_D);
                e.store(a);
            }
            case Lua.OP_CONCAT -> {
                if (c == b + 1) {
                    // what CompiledSupport.concat does for two operands
                    e.reg(b);
                    e.reg(c);
                    e.value("concat", "(" + VALUE_D + ")" + VALUE_D);
                } else {
                    e.array(b, c - b + 1, 0);
                    e.push(0);
                    e.push(c - b);
                    e.support("concat", "([" + VALUE_D + "II)" + VALUE_D);
                }
                e.store(a);
            }
            case Lua.OP_JMP -> {
                if (e.spills.foldedJump(pc)) {
                    return true; // the comparison before it branches to its target
                }
                if (a > 0) {
                    mv.visitVarInsn(ALOAD, Emitter.OPENUPS);
                    e.push(a - 1);
                    e.support("close", "([L" + UPVALUE + ";I)V");
                }
                e.jump(pc, pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                e.rk(b);
                e.rk(c);
                e.framePc(pc);
                e.at(
                        op == Lua.OP_EQ ? "eq" : op == Lua.OP_LT ? "lt" : "le",
                        "(" + VALUE_D + VALUE_D + Emitter.FRAME_PC + ")Z");
                if (e.spills.foldedJump(pc + 1)) {
                    // the next instruction's jump, taken when the comparison equals A
                    mv.visitJumpInsn(a != 0 ? IFNE : IFEQ, e.at(jumpTarget(e, pc + 1)));
                } else {
                    // skip the next instruction when the comparison differs from A
                    mv.visitJumpInsn(a != 0 ? IFEQ : IFNE, e.at(pc + 2));
                }
            }
            case Lua.OP_TEST -> {
                e.reg(a);
                e.value("toboolean", "()Z");
                if (e.spills.foldedJump(pc + 1)) {
                    // the next instruction's jump, taken when the value's truth equals C
                    mv.visitJumpInsn(c != 0 ? IFNE : IFEQ, e.at(jumpTarget(e, pc + 1)));
                } else {
                    mv.visitJumpInsn(c != 0 ? IFEQ : IFNE, e.at(pc + 2));
                }
            }
            case Lua.OP_TESTSET -> {
                e.reg(b);
                mv.visitVarInsn(ASTORE, Emitter.TMP);
                mv.visitVarInsn(ALOAD, Emitter.TMP);
                e.value("toboolean", "()Z");
                mv.visitJumpInsn(c != 0 ? IFEQ : IFNE, e.at(pc + 2));
                mv.visitVarInsn(ALOAD, Emitter.TMP);
                e.store(a);
            }
            case Lua.OP_FORPREP -> {
                forStep(e, a, "forprep", "[" + VALUE_D);
                mv.visitVarInsn(ASTORE, Emitter.TMP2);
                for (int k = 0; k < 3; k++) {
                    mv.visitVarInsn(ALOAD, Emitter.TMP2);
                    e.push(k);
                    mv.visitInsn(AALOAD);
                    e.store(a + k);
                }
                e.spill(e.spills.at(pc));
                e.jump(pc, pc + 1 + Lua.GETARG_sBx(i));
            }
            case Lua.OP_FORLOOP -> {
                forStep(e, a, "forloop", VALUE_D);
                mv.visitVarInsn(ASTORE, Emitter.TMP);
                mv.visitVarInsn(ALOAD, Emitter.TMP);
                Label done = new Label();
                mv.visitJumpInsn(IFNULL, done);
                mv.visitVarInsn(ALOAD, Emitter.TMP);
                e.store(a);
                mv.visitVarInsn(ALOAD, Emitter.TMP);
                e.store(a + 3);
                e.jump(pc, pc + 1 + Lua.GETARG_sBx(i));
                mv.visitLabel(done);
            }
            case Lua.OP_TFORLOOP -> {
                e.reg(a + 1);
                e.value("isnil", "()Z");
                Label done = new Label();
                mv.visitJumpInsn(IFNE, done);
                e.reg(a + 1);
                e.store(a);
                e.jump(pc, pc + 1 + Lua.GETARG_sBx(i));
                mv.visitLabel(done);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The target of the {@code JMP} at {@code pc}. */
    private static int jumpTarget(Emitter e, int pc) {
        return pc + 1 + Lua.GETARG_sBx(e.p.code[pc]);
    }

    private static void upvalue(Emitter e, int index) {
        e.mv.visitVarInsn(ALOAD, Emitter.UPVALUES);
        e.push(index);
        e.mv.visitInsn(AALOAD);
        e.mv.visitMethodInsn(INVOKEVIRTUAL, UPVALUE, "getValue", "()" + VALUE_D, false);
    }

    /** Calls a static method of {@code CompiledArith} (fast paths for numbers, else LuaJ's method). */
    private static void arith(Emitter e, String name, String descriptor) {
        e.mv.visitMethodInsn(INVOKESTATIC, "org/luaj/vm2/CompiledArith", name, descriptor, false);
    }

    private static String arithmetic(int op) {
        return switch (op) {
            case Lua.OP_ADD -> "add";
            case Lua.OP_SUB -> "sub";
            case Lua.OP_MUL -> "mul";
            default -> "div";
        };
    }

    /**
     * The numeric {@code for}'s step on registers {@code a} to {@code a + 2} (index, limit, step):
     * pushes them and calls {@code RegisterOps.<name>}, which returns {@code result}.
     */
    private static void forStep(Emitter e, int a, String name, String result) {
        e.reg(a);
        e.reg(a + 1);
        e.reg(a + 2);
        e.mv.visitMethodInsn(
                INVOKESTATIC, RegisterOps.NAME, name, "(" + VALUE_D + VALUE_D + VALUE_D + ")" + result, false);
    }
}

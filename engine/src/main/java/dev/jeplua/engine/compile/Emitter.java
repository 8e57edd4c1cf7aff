package dev.jeplua.engine.compile;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Prototype;

/**
 * The method being generated for one prototype: the JVM local slots of the generated
 * {@code run} method, a label per Lua instruction, and the small instruction sequences every
 * opcode uses (registers, constants, the current-instruction slot, the interruption check).
 * One per generated method; build thread of the compiler.
 */
final class Emitter implements Opcodes {
    static final String VALUE = "org/luaj/vm2/LuaValue";
    static final String VARARGS = "org/luaj/vm2/Varargs";
    static final String UPVALUE = "org/luaj/vm2/UpValue";
    static final String SUPPORT = "org/luaj/vm2/CompiledSupport";
    static final String HOOKS = "org/luaj/vm2/lib/CallStackHooks";
    static final String DEBUG = "dev/jeplua/engine/debug/InterruptibleDebugLib";
    static final String VALUE_D = "L" + VALUE + ";";
    static final String VARARGS_D = "L" + VARARGS + ";";

    // local slots of run(CompiledClosure cl, LuaValue[] stack, Varargs varargs)
    static final int THIS = 0;
    static final int CL = 1;
    static final int STACK = 2;
    static final int VARARGS_SLOT = 3;
    // slot 4 is unused (it held the constants array; constants are dynamic constants now)
    static final int UPVALUES = 5;
    static final int OPENUPS = 6;
    static final int V = 7;
    static final int TOP = 8;
    static final int FRAME = 9;
    static final int DL = 10;
    static final int TMP = 11;
    static final int RET = 12;
    static final int GLOBALS = 13;
    static final int THROWN = 14;

    final MethodVisitor mv;
    final Prototype p;
    final Label[] labels;

    /** Where every return goes with its value in {@link #RET}. */
    final Label exit = new Label();

    Emitter(MethodVisitor mv, Prototype p) {
        this.mv = mv;
        this.p = p;
        this.labels = new Label[p.code.length + 1];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
    }

    /** The label of instruction {@code pc} (of the method's end for {@code code.length}). */
    Label at(int pc) {
        return labels[pc];
    }

    void push(int n) {
        if (n >= -1 && n <= 5) {
            mv.visitInsn(ICONST_0 + n);
        } else if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, n);
        } else if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, n);
        } else {
            mv.visitLdcInsn(n);
        }
    }

    /** Pushes register {@code r}. */
    void reg(int r) {
        mv.visitVarInsn(ALOAD, STACK);
        push(r);
        mv.visitInsn(AALOAD);
    }

    /** Pushes the register array and index {@code r}, for a store completed by {@link #store}. */
    void target(int r) {
        mv.visitVarInsn(ALOAD, STACK);
        push(r);
    }

    /** Completes a register store begun with {@link #target}. */
    void store() {
        mv.visitInsn(AASTORE);
    }

    /** Bootstrap of the constants: element {@code index} of the class data (the prototype's {@code k}). */
    private static final Handle CLASS_DATA_AT = new Handle(
            H_INVOKESTATIC,
            "java/lang/invoke/MethodHandles",
            "classDataAt",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);

    /**
     * Pushes constant {@code index}: a dynamic constant resolved once from the class data (the
     * prototype's constants, see {@code CompiledBody.define}), a constant to the JIT.
     */
    void constant(int index) {
        mv.visitLdcInsn(new ConstantDynamic("_", VALUE_D, CLASS_DATA_AT, index));
    }

    /** Pushes RK(x): a constant when {@code x > 0xff}, else a register. */
    void rk(int x) {
        if (x > 0xff) {
            constant(x & 0xff);
        } else {
            reg(x);
        }
    }

    /** Records {@code pc} as the current instruction in the call-stack frame (errors, tracebacks, callees). */
    void current(int pc) {
        mv.visitVarInsn(ALOAD, FRAME);
        push(pc);
        mv.visitMethodInsn(INVOKESTATIC, HOOKS, "setPc", "(Ljava/lang/Object;I)V", false);
    }

    /**
     * The interpreter's per-instruction check, at function entry and loop back-edges: when an
     * interruption, memory pressure or a debugger is pending, the debug library's
     * {@code onInstruction(pc)} runs (and may throw); otherwise one volatile read.
     */
    void interruptCheck(int pc) {
        Label none = new Label();
        mv.visitVarInsn(ALOAD, DL);
        mv.visitMethodInsn(INVOKEVIRTUAL, DEBUG, "pendingNow", "()Z", false);
        mv.visitJumpInsn(IFEQ, none);
        mv.visitVarInsn(ALOAD, DL);
        push(pc);
        mv.visitVarInsn(ALOAD, V);
        mv.visitVarInsn(ILOAD, TOP);
        mv.visitMethodInsn(INVOKEVIRTUAL, DEBUG, "onInstruction", "(I" + VARARGS_D + "I)V", false);
        mv.visitLabel(none);
    }

    /** Jumps to instruction {@code target}, checking for interruption first when it is a back-edge from {@code pc}. */
    void jump(int pc, int target) {
        if (target <= pc) {
            interruptCheck(target);
        }
        mv.visitJumpInsn(GOTO, at(target));
    }

    /** Returns the value on the operand stack (a {@code Varargs}) through the common exit. */
    void returnTop() {
        mv.visitVarInsn(ASTORE, RET);
        mv.visitJumpInsn(GOTO, exit);
    }

    /** Calls a static helper of {@code CompiledSupport}. */
    void support(String name, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, SUPPORT, name, descriptor, false);
    }

    /** Calls a method of {@code LuaValue}. */
    void value(String name, String descriptor) {
        mv.visitMethodInsn(INVOKEVIRTUAL, VALUE, name, descriptor, false);
    }
}

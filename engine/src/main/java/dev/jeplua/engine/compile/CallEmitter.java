package dev.jeplua.engine.compile;

import static dev.jeplua.engine.compile.Emitter.UPVALUE;
import static dev.jeplua.engine.compile.Emitter.VALUE;
import static dev.jeplua.engine.compile.Emitter.VALUE_D;
import static dev.jeplua.engine.compile.Emitter.VARARGS;
import static dev.jeplua.engine.compile.Emitter.VARARGS_D;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Lua;

/**
 * The JVM code of LuaJ's call, return, vararg, generic-{@code for} call, table-list and closure
 * instructions, as {@code LuaClosure.execute} runs them: the same call shapes
 * ({@code call()} .. {@code call(a, b, c)} for up to three arguments and one or no result,
 * {@code invoke} otherwise), the same multiple-results protocol ({@code v} and {@code top}), and
 * tail calls returned as LuaJ's {@code TailcallVarargs} to the caller's loop (so a chain of tail
 * calls does not grow the Java stack, as in the interpreter). Stateless.
 */
final class CallEmitter implements Opcodes {
    private CallEmitter() {}

    private static final String CALL0 = "()" + VALUE_D;
    private static final String CALL1 = "(" + VALUE_D + ")" + VALUE_D;
    private static final String CALL2 = "(" + VALUE_D + VALUE_D + ")" + VALUE_D;
    private static final String CALL3 = "(" + VALUE_D + VALUE_D + VALUE_D + ")" + VALUE_D;
    private static final String[] CALLS = {CALL0, CALL1, CALL2, CALL3};
    private static final String TAILCALL = "org/luaj/vm2/TailcallVarargs";
    private static final String CLOSURE = "org/luaj/vm2/CompiledClosure";
    private static final String BODY = "org/luaj/vm2/CompiledBody";

    /**
     * Emits instruction {@code pc} when it is one of this class's.
     *
     * @param code the prototype's code (SETLIST may take its count from the next word)
     * @return false when the opcode is not one of this class's
     */
    static boolean emit(Emitter e, int pc, int i, int[] code) {
        MethodVisitor mv = e.mv;
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_CALL -> call(e, pc, a, b, c);
            case Lua.OP_TAILCALL -> {
                // no spill: the frame is popped before the caller's loop makes the call
                mv.visitTypeInsn(NEW, TAILCALL);
                mv.visitInsn(DUP);
                e.reg(a);
                if (b >= 1 && b <= 4) {
                    fixedArgs(e, a, b - 1);
                } else {
                    args(e, a, b);
                }
                mv.visitMethodInsn(INVOKESPECIAL, TAILCALL, "<init>", "(" + VALUE_D + VARARGS_D + ")V", false);
                e.returnTop();
            }
            case Lua.OP_RETURN -> {
                switch (b) {
                    case 0 -> upToTop(e, a);
                    case 1 -> mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
                    case 2 -> e.reg(a);
                    default -> exact(e, a, b - 1);
                }
                e.returnTop();
            }
            case Lua.OP_VARARG -> {
                if (b == 0) {
                    mv.visitVarInsn(ALOAD, Emitter.VARARGS_SLOT);
                    mv.visitVarInsn(ASTORE, Emitter.V);
                    e.push(a);
                    mv.visitVarInsn(ALOAD, Emitter.V);
                    mv.visitMethodInsn(INVOKEVIRTUAL, VARARGS, "narg", "()I", false);
                    mv.visitInsn(IADD);
                    mv.visitVarInsn(ISTORE, Emitter.TOP);
                } else {
                    // what CompiledSupport.varargs does, register by register
                    for (int j = 1; j < b; j++) {
                        mv.visitVarInsn(ALOAD, Emitter.VARARGS_SLOT);
                        e.push(j);
                        mv.visitMethodInsn(INVOKEVIRTUAL, VARARGS, "arg", "(I)" + VALUE_D, false);
                        e.store(a + j - 1);
                    }
                }
            }
            case Lua.OP_TFORCALL -> {
                e.spillCall(pc, a);
                e.array(a, 3, c);
                mv.visitVarInsn(ASTORE, Emitter.TMP2);
                mv.visitVarInsn(ALOAD, Emitter.TMP2);
                e.push(0);
                e.push(c);
                e.support("tforcall", "([" + VALUE_D + "II)V");
                e.reload(pc);
                for (int j = 0; j < c; j++) {
                    mv.visitVarInsn(ALOAD, Emitter.TMP2);
                    e.push(3 + j);
                    mv.visitInsn(AALOAD);
                    e.store(a + 3 + j);
                }
                mv.visitInsn(ACONST_NULL); // the scratch array must not keep the iterator's values alive
                mv.visitVarInsn(ASTORE, Emitter.TMP2);
                none(e);
            }
            case Lua.OP_SETLIST -> {
                int block = c == 0 ? code[pc + 1] : c;
                int offset = (block - 1) * Lua.LFIELDS_PER_FLUSH;
                if (b == 0) {
                    // registers from a up are in the array (RegisterPlan)
                    mv.visitVarInsn(ALOAD, Emitter.STACK);
                    e.push(a);
                    e.push(offset);
                    mv.visitVarInsn(ILOAD, Emitter.TOP);
                    mv.visitVarInsn(ALOAD, Emitter.V);
                    e.support("setlist", "([" + VALUE_D + "III" + VARARGS_D + ")V");
                } else {
                    e.array(a, b + 1, 0);
                    e.push(0);
                    e.push(offset);
                    e.push(b);
                    e.support("setlist", "([" + VALUE_D + "III)V");
                }
                if (c == 0) {
                    mv.visitJumpInsn(GOTO, e.at(pc + 2));
                }
            }
            case Lua.OP_CLOSURE -> {
                mv.visitVarInsn(ALOAD, Emitter.THIS);
                e.push(Lua.GETARG_Bx(i));
                mv.visitVarInsn(ALOAD, Emitter.CL);
                mv.visitVarInsn(ALOAD, Emitter.STACK);
                mv.visitVarInsn(ALOAD, Emitter.OPENUPS);
                mv.visitMethodInsn(
                        INVOKEVIRTUAL,
                        "org/luaj/vm2/CompiledBody",
                        "closure",
                        "(ILorg/luaj/vm2/CompiledClosure;[" + VALUE_D + "[L" + UPVALUE + ";)Lorg/luaj/vm2/LuaClosure;",
                        false);
                e.store(a);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code CALL}: the named locals are spilled to the register array before (for
     * {@code debug.getlocal} from the callee) and read back after ({@code debug.setlocal}).
     */
    private static void call(Emitter e, int pc, int a, int b, int c) {
        MethodVisitor mv = e.mv;
        e.clear(e.spills.deadAt(pc));
        e.spillCall(pc, a);
        if (c == 0 && (b == 1 || b == 2)) {
            e.reg(a);
            if (b == 1) {
                mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
            } else {
                e.reg(a + 1);
            }
            invoke(e);
            e.reload(pc);
            multipleResults(e, a);
            return;
        }
        if ((c == 1 || c == 2) && b >= 1 && b <= 4) {
            directCall(e, a, b - 1);
            if (resultAfterReload(e, pc, e.p.code[pc])) {
                // the result goes to a named local the reload may read back: stored after it
                mv.visitVarInsn(ASTORE, Emitter.TMP);
                e.reload(pc);
                mv.visitVarInsn(ALOAD, Emitter.TMP);
                mv.visitInsn(ACONST_NULL); // the scratch slot must not keep the result alive
                mv.visitVarInsn(ASTORE, Emitter.TMP);
                e.store(a);
            } else if (c == 2) {
                e.store(a); // a register the reload (named locals below a) does not touch
                e.reload(pc);
            } else {
                mv.visitInsn(POP);
                e.reload(pc);
            }
            return;
        }
        e.reg(a);
        args(e, a, b);
        invoke(e);
        e.reload(pc);
        if (c > 0) {
            // what CompiledSupport.results does, register by register
            for (int j = 0; j < c - 1; j++) {
                mv.visitVarInsn(ALOAD, Emitter.V);
                e.push(j + 1);
                mv.visitMethodInsn(INVOKEVIRTUAL, VARARGS, "arg", "(I)" + VALUE_D, false);
                e.store(a + j);
            }
            none(e);
        } else {
            multipleResults(e, a);
        }
    }

    /**
     * Whether {@code CALL} instruction {@code i} at {@code pc} is a direct call whose result goes
     * to a named local the reload after it may read back: the result waits in {@link Emitter#TMP}
     * until after the reload (the prologue initialises that slot only when some call does this).
     */
    static boolean resultAfterReload(Emitter e, int pc, int i) {
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        return c == 2 && b >= 1 && b <= 4 && e.reloads(pc) && a < e.plan.active(pc);
    }

    /**
     * {@code R[a](R[a+1] .. R[a+n])} with one result on the operand stack: a compiled function's
     * body is called here ({@code CompiledBody.callN}, whose type profile is this call site's, so
     * the JIT inlines the callee's body for a site that always calls the same function), any
     * other value by {@code call(..)} as the interpreter does.
     */
    private static void directCall(Emitter e, int a, int n) {
        MethodVisitor mv = e.mv;
        Label other = new Label();
        Label done = new Label();
        e.reg(a);
        mv.visitInsn(DUP);
        mv.visitTypeInsn(INSTANCEOF, CLOSURE);
        mv.visitJumpInsn(IFEQ, other);
        mv.visitTypeInsn(CHECKCAST, CLOSURE);
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKEVIRTUAL, CLOSURE, "body", "()L" + BODY + ";", false);
        mv.visitInsn(SWAP);
        StringBuilder d = new StringBuilder("(L" + CLOSURE + ";");
        for (int j = 1; j <= n; j++) {
            e.reg(a + j);
            d.append(VALUE_D);
        }
        mv.visitMethodInsn(
                INVOKEVIRTUAL, BODY, "call" + n, d.append(")").append(VALUE_D).toString(), false);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(other);
        for (int j = 1; j <= n; j++) {
            e.reg(a + j);
        }
        e.value("call", CALLS[n]);
        mv.visitLabel(done);
    }

    /** {@code v = <function>.invoke(<args>)} with function and arguments on the operand stack. */
    private static void invoke(Emitter e) {
        e.value("invoke", "(" + VARARGS_D + ")" + VARARGS_D);
        e.mv.visitVarInsn(ASTORE, Emitter.V);
    }

    /** {@code top = a + v.narg()} after a call whose results stay in {@code v}. */
    private static void multipleResults(Emitter e, int a) {
        e.push(a);
        e.mv.visitVarInsn(ALOAD, Emitter.V);
        e.mv.visitMethodInsn(INVOKEVIRTUAL, VARARGS, "narg", "()I", false);
        e.mv.visitInsn(IADD);
        e.mv.visitVarInsn(ISTORE, Emitter.TOP);
    }

    private static void none(Emitter e) {
        e.mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
        e.mv.visitVarInsn(ASTORE, Emitter.V);
    }

    /** The arguments of a call at {@code a} with count field {@code b}: exact, or up to the top. */
    private static void args(Emitter e, int a, int b) {
        if (b > 0) {
            exact(e, a + 1, b - 1);
        } else {
            upToTop(e, a + 1);
        }
    }

    /** Registers {@code from .. from+n-1} as a {@code Varargs}, as {@code varargsOf(stack, from, n)} gives them. */
    private static void exact(Emitter e, int from, int n) {
        e.array(from, n, 0);
        e.push(0);
        e.push(n);
        e.mv.visitMethodInsn(INVOKESTATIC, VALUE, "varargsOf", "([" + VALUE_D + "II)" + VARARGS_D, false);
    }

    /** Tail-call arguments as the interpreter builds them for 0 to 3 arguments. */
    private static void fixedArgs(Emitter e, int a, int n) {
        MethodVisitor mv = e.mv;
        switch (n) {
            case 0 -> mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
            case 1 -> e.reg(a + 1);
            case 2 -> {
                e.reg(a + 1);
                e.reg(a + 2);
                mv.visitMethodInsn(
                        INVOKESTATIC, VALUE, "varargsOf", "(" + VALUE_D + VARARGS_D + ")" + VARARGS_D, false);
            }
            default -> {
                e.reg(a + 1);
                e.reg(a + 2);
                e.reg(a + 3);
                mv.visitMethodInsn(
                        INVOKESTATIC, VALUE, "varargsOf", "(" + VALUE_D + VALUE_D + VARARGS_D + ")" + VARARGS_D, false);
            }
        }
    }

    /** Registers {@code from} up to the top and then {@code v}. */
    private static void upToTop(Emitter e, int from) {
        e.mv.visitVarInsn(ALOAD, Emitter.STACK);
        e.push(from);
        e.mv.visitVarInsn(ILOAD, Emitter.TOP);
        e.mv.visitVarInsn(ALOAD, Emitter.V);
        e.support("upToTop", "([" + VALUE_D + "II" + VARARGS_D + ")" + VARARGS_D);
    }
}

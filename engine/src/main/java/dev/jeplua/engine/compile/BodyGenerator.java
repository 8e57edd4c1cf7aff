package dev.jeplua.engine.compile;

import static dev.jeplua.engine.compile.Emitter.DEBUG;
import static dev.jeplua.engine.compile.Emitter.UPVALUE;
import static dev.jeplua.engine.compile.Emitter.VALUE;
import static dev.jeplua.engine.compile.Emitter.VALUE_D;
import static dev.jeplua.engine.compile.Emitter.VARARGS_D;

import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Writes the class file of one prototype's compiled body: a subclass of
 * {@code org.luaj.vm2.CompiledBody} whose private {@code body} method is the prototype's
 * instructions as JVM code, framed as LuaJ's interpreter frames a call (the same {@code try}:
 * errors get the current instruction's position and the error handler's traceback;
 * {@code finally}: open upvalues closed, {@code onReturn}). Its frame is pushed on the debug call
 * stack before {@code body} runs: by {@code run} (LuaJ's calls, with the register array LuaJ
 * made) or by {@code call0}..{@code call3} (direct calls; a function whose register array nothing
 * refers to after the call takes the array its frame kept from the last call at that depth,
 * {@link Emitter#reusesRegisters}). Before each instruction that can raise
 * an error or call out, its index is stored in the call-stack frame, so error positions,
 * variable names in messages and tracebacks read the same instruction as with the interpreter.
 * Stateless; any thread.
 */
final class BodyGenerator implements Opcodes {
    private static final String BODY = "org/luaj/vm2/CompiledBody";
    private static final String CLOSURE = "org/luaj/vm2/CompiledClosure";
    private static final String GLOBALS = "org/luaj/vm2/Globals";
    private static final AtomicLong COUNT = new AtomicLong();
    private static final String RUN_D = "(L" + CLOSURE + ";[" + VALUE_D + VARARGS_D + ")" + VARARGS_D;
    /** {@code body(cl, stack, varargs, frame)}: the function's code, its frame pushed already. */
    private static final String BODY_D =
            "(L" + CLOSURE + ";[" + VALUE_D + VARARGS_D + "Ljava/lang/Object;)" + VARARGS_D;

    private BodyGenerator() {}

    /** Thrown when a prototype uses an instruction the generator does not translate. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param p the prototype
     * @return the class file (its class is in {@code org.luaj.vm2}, to be defined as a hidden class there)
     * @throws Unsupported when an instruction cannot be translated (the prototype stays interpreted)
     */
    static byte[] generate(Prototype p) throws Unsupported {
        return generate(p, false);
    }

    /**
     * @param p         the prototype
     * @param recursive whether the function calls itself (see {@link #NOT_INLINED}); its
     *     {@code body} is then made too large for C2 to inline into a call site
     * @return the class file (its class is in {@code org.luaj.vm2}, to be defined as a hidden class there)
     * @throws Unsupported when an instruction cannot be translated (the prototype stays interpreted)
     */
    static byte[] generate(Prototype p, boolean recursive) throws Unsupported {
        check(p);
        int[] runSize = new int[1];
        byte[] withFastPaths = generate(p, true, recursive, runSize);
        if (runSize[0] <= MAX_RUN_SIZE) {
            return withFastPaths;
        }
        return generate(p, false, recursive, runSize);
    }

    /**
     * The bytecode size from which C2 does not inline a method at a hot call site (one more than
     * HotSpot's {@code -XX:FreqInlineSize}, 325 on x86-64 and AArch64). A self-recursive
     * function's {@code body} is padded to it with unreachable bytes (they cost no compiled
     * code): C2 inlines one level of recursion when the body is smaller, three copies of the body
     * in one compilation, which took 4 to 5 times as long for fib (86 ms instead of 18 on this
     * machine, while its code ran at C1's speed) and ran no faster afterwards.
     */
    static final int NOT_INLINED = 326;

    /**
     * Bytecode size of {@code body} up to which the expression fast paths ({@link ArithmeticGroups})
     * are kept: the JIT does not compile methods over 8000 bytes ({@code -XX:HugeMethodLimit}), so
     * a method they would take over that size is generated without them.
     */
    private static final int MAX_RUN_SIZE = 7600;

    /**
     * @param recursive whether to pad {@code body} to {@link #NOT_INLINED} bytes
     * @param runSize receives the bytecode size of the generated {@code body} (the Lua code; {@code run} is its small entry)
     */
    private static byte[] generate(Prototype p, boolean fastPaths, boolean recursive, int[] runSize)
            throws Unsupported {
        String name = "org/luaj/vm2/LuaCompiled" + COUNT.incrementAndGet();
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, BODY, null);
        cw.visitSource(p.shortsource(), null);
        constructor(cw);
        MethodVisitor mv = cw.visitMethod(ACC_PRIVATE, "body", BODY_D, null, null);
        mv.visitCode();
        Emitter e = new Emitter(mv, p);
        Label end = body(e, fastPaths);
        int pad = recursive ? NOT_INLINED - end.getOffset() : 0;
        if (pad > 0) {
            // unreachable: ASM writes it as NOPs and an ATHROW
            for (int k = 0; k < pad - 2; k++) {
                mv.visitInsn(NOP);
            }
            mv.visitInsn(ACONST_NULL);
            mv.visitInsn(ATHROW);
            Label padded = new Label();
            mv.visitLabel(padded);
            end = padded;
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        runSize[0] = end.getOffset();
        run(cw, name);
        if (p.is_vararg == 0) {
            for (int n = 0; n <= 3; n++) {
                if (e.reusesRegisters()) {
                    directCallReusing(cw, name, p, n);
                } else {
                    directCall(cw, name, p, n);
                }
            }
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void check(Prototype p) throws Unsupported {
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0) {
                pc++; // the next word is the block number
            } else if (op == Lua.OP_LOADKX || op == Lua.OP_EXTRAARG || op > Lua.OP_EXTRAARG) {
                throw new Unsupported("opcode " + op + " at " + pc);
            }
        }
        if (code.length == 0 || Lua.GET_OPCODE(code[code.length - 1]) != Lua.OP_RETURN) {
            throw new Unsupported("code does not end with RETURN");
        }
    }

    /**
     * {@code callN(cl, a1..aN)} of a fixed-argument function: the registers {@code call(a1..aN)}
     * sets up (the parameters, every other register nil; extra arguments dropped), then
     * {@code run} on them and the first result, a pending tail call completed.
     */
    private static void directCall(ClassWriter cw, String name, Prototype p, int n) {
        StringBuilder d = new StringBuilder("(L" + CLOSURE + ";");
        for (int j = 0; j < n; j++) {
            d.append(VALUE_D);
        }
        d.append(")").append(VALUE_D);
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "call" + n, d.toString(), null, null);
        mv.visitCode();
        int stack = n + 2;
        int size = p.maxstacksize;
        int params = Math.min(n, p.numparams);
        pushInt(mv, size);
        mv.visitTypeInsn(ANEWARRAY, VALUE);
        mv.visitVarInsn(ASTORE, stack);
        if (size - params > 8) {
            mv.visitVarInsn(ALOAD, stack);
            mv.visitFieldInsn(GETSTATIC, VALUE, "NIL", VALUE_D);
            mv.visitMethodInsn(
                    INVOKESTATIC, "java/util/Arrays", "fill", "([Ljava/lang/Object;Ljava/lang/Object;)V", false);
        }
        for (int r = 0; r < size; r++) {
            if (r < params || size - params <= 8) {
                mv.visitVarInsn(ALOAD, stack);
                pushInt(mv, r);
                if (r < params) {
                    mv.visitVarInsn(ALOAD, 2 + r);
                } else {
                    mv.visitFieldInsn(GETSTATIC, VALUE, "NIL", VALUE_D);
                }
                mv.visitInsn(AASTORE);
            }
        }
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, stack);
        mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
        mv.visitMethodInsn(
                INVOKEVIRTUAL, name, "run", "(L" + CLOSURE + ";[" + VALUE_D + VARARGS_D + ")" + VARARGS_D, false);
        mv.visitMethodInsn(INVOKEVIRTUAL, "org/luaj/vm2/Varargs", "arg1", "()" + VALUE_D, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code callN(cl, a1..aN)} of a fixed-argument function whose register array is reused
     * ({@link Emitter#reusesRegisters}): the frame pushed with the array its depth kept
     * ({@code CompiledRuntime.enterReusing}, all registers {@code nil}), the parameters stored,
     * then {@code body} and the first result, a pending tail call completed. A call that must be
     * interpreted (hooks) or needs LuaJ's call stack set-up goes through {@code cl.call(a1..aN)}.
     */
    private static void directCallReusing(ClassWriter cw, String name, Prototype p, int n) {
        StringBuilder d = new StringBuilder("(L" + CLOSURE + ";");
        StringBuilder call = new StringBuilder("(");
        for (int j = 0; j < n; j++) {
            d.append(VALUE_D);
            call.append(VALUE_D);
        }
        d.append(")").append(VALUE_D);
        call.append(")").append(VALUE_D);
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "call" + n, d.toString(), null, null);
        mv.visitCode();
        int frame = n + 2;
        int stack = n + 3;
        Label compiled = new Label();
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(GETFIELD, "org/luaj/vm2/LuaClosure", "globals", "L" + GLOBALS + ";");
        mv.visitVarInsn(ALOAD, 1);
        pushInt(mv, p.maxstacksize);
        mv.visitMethodInsn(
                INVOKESTATIC,
                "dev/jeplua/engine/compile/CompiledRuntime",
                "enterReusing",
                "(L" + GLOBALS + ";Lorg/luaj/vm2/LuaClosure;I)Ljava/lang/Object;",
                false);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, frame);
        mv.visitJumpInsn(IFNONNULL, compiled);
        mv.visitVarInsn(ALOAD, 1);
        for (int j = 0; j < n; j++) {
            mv.visitVarInsn(ALOAD, 2 + j);
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, VALUE, "call", call.toString(), false);
        mv.visitInsn(ARETURN);
        mv.visitLabel(compiled);
        mv.visitVarInsn(ALOAD, frame);
        mv.visitMethodInsn(INVOKESTATIC, Emitter.HOOKS, "registers", "(Ljava/lang/Object;)[" + VALUE_D, false);
        mv.visitVarInsn(ASTORE, stack);
        for (int r = 0; r < Math.min(n, p.numparams); r++) {
            mv.visitVarInsn(ALOAD, stack);
            pushInt(mv, r);
            mv.visitVarInsn(ALOAD, 2 + r);
            mv.visitInsn(AASTORE);
        }
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, stack);
        mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
        mv.visitVarInsn(ALOAD, frame);
        mv.visitMethodInsn(INVOKEVIRTUAL, name, "body", BODY_D, false);
        mv.visitMethodInsn(INVOKEVIRTUAL, "org/luaj/vm2/Varargs", "arg1", "()" + VALUE_D, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code run(cl, stack, varargs)}: the call's entry ({@code CompiledRuntime.enter}: the frame
     * pushed, or the call run on the interpreter when it must be), then {@code body}.
     */
    private static void run(ClassWriter cw, String name) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", RUN_D, null, null);
        mv.visitCode();
        Label compiled = new Label();
        mv.visitVarInsn(ALOAD, Emitter.CL);
        mv.visitFieldInsn(GETFIELD, "org/luaj/vm2/LuaClosure", "globals", "L" + GLOBALS + ";");
        mv.visitVarInsn(ALOAD, Emitter.CL);
        mv.visitVarInsn(ALOAD, Emitter.STACK);
        mv.visitVarInsn(ALOAD, Emitter.VARARGS_SLOT);
        mv.visitMethodInsn(
                INVOKESTATIC,
                "dev/jeplua/engine/compile/CompiledRuntime",
                "enter",
                "(L" + GLOBALS + ";Lorg/luaj/vm2/LuaClosure;[" + VALUE_D + VARARGS_D + ")Ljava/lang/Object;",
                false);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, Emitter.FRAME);
        mv.visitJumpInsn(IFNONNULL, compiled);
        mv.visitVarInsn(ALOAD, Emitter.CL);
        mv.visitVarInsn(ALOAD, Emitter.STACK);
        mv.visitVarInsn(ALOAD, Emitter.VARARGS_SLOT);
        mv.visitMethodInsn(INVOKEVIRTUAL, CLOSURE, "interpret", "([" + VALUE_D + VARARGS_D + ")" + VARARGS_D, false);
        mv.visitInsn(ARETURN);
        mv.visitLabel(compiled);
        mv.visitVarInsn(ALOAD, Emitter.THIS);
        mv.visitVarInsn(ALOAD, Emitter.CL);
        mv.visitVarInsn(ALOAD, Emitter.STACK);
        mv.visitVarInsn(ALOAD, Emitter.VARARGS_SLOT);
        mv.visitVarInsn(ALOAD, Emitter.FRAME);
        mv.visitMethodInsn(INVOKEVIRTUAL, name, "body", BODY_D, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void pushInt(MethodVisitor mv, int n) {
        if (n <= 5) {
            mv.visitInsn(ICONST_0 + n);
        } else if (n <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, n);
        } else {
            mv.visitLdcInsn(n);
        }
    }

    private static void constructor(ClassWriter cw) {
        String descriptor = "(Lorg/luaj/vm2/Prototype;L" + BODY + "$Compiler;)V";
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", descriptor, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitMethodInsn(INVOKESPECIAL, BODY, "<init>", descriptor, false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** @return a label at the end of the method (its offset is the method's size once written) */
    private static Label body(Emitter e, boolean fastPaths) throws Unsupported {
        MethodVisitor mv = e.mv;
        Prototype p = e.p;
        prologue(e);
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label common = new Label();
        OperandHandlers operands = new OperandHandlers(e);
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, null);
        mv.visitLabel(tryStart);
        e.interruptCheck(0);
        ArithmeticGroups groups = fastPaths ? new ArithmeticGroups(p, e.spills, e.plan) : null;
        int[] code = p.code;
        int[] lines = p.lineinfo;
        for (int pc = 0; pc < code.length; pc++) {
            mv.visitLabel(e.at(pc));
            if (!e.spills.reachable(pc)) {
                // no code: nothing jumps or falls through to it (a SETLIST's data word is skipped below)
                continue;
            }
            if (lines != null && pc < lines.length) {
                mv.visitLineNumber(lines[pc], e.at(pc));
            }
            if (groups != null && groups.starts(pc)) {
                groups.emit(e, pc);
            }
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (!InstructionEmitter.quiet(op) && !InstructionEmitter.ownsPc(e, i)) {
                e.current(pc);
            }
            if (!InstructionEmitter.emit(e, pc, i) && !CallEmitter.emit(e, pc, i, code)) {
                throw new Unsupported("opcode " + op + " at " + pc);
            }
            boolean[] loopEntry = e.spills.beforeLoop(pc);
            if (loopEntry != null) {
                e.spill(loopEntry);
            }
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0) {
                pc++;
                mv.visitLabel(e.at(pc));
            }
        }
        mv.visitLabel(e.at(code.length));
        // never reached (the code ends with RETURN); ends the block before the finally code
        mv.visitInsn(ACONST_NULL);
        mv.visitInsn(ATHROW);
        mv.visitLabel(tryEnd);
        e.reloadBlock();
        // the interpreter's finally, on return ...
        mv.visitLabel(e.exit);
        exit(e);
        mv.visitVarInsn(ALOAD, Emitter.RET);
        mv.visitInsn(ARETURN);
        // ... and its catch, then finally, on an exception
        operands.emit(e, common);
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, Emitter.THROWN);
        mv.visitLabel(common);
        // the interpreter's catch, then its finally, in one call (CompiledSupport.fail, then exit)
        mv.visitVarInsn(ALOAD, Emitter.CL);
        mv.visitVarInsn(ALOAD, Emitter.THROWN);
        mv.visitVarInsn(ALOAD, Emitter.FRAME);
        if (e.reusesRegisters()) {
            mv.visitVarInsn(ALOAD, Emitter.DL);
            mv.visitVarInsn(ALOAD, Emitter.STACK);
            pushInt(mv, e.p.maxstacksize);
            mv.visitMethodInsn(
                    INVOKESTATIC,
                    "dev/jeplua/engine/compile/CompiledRuntime",
                    "failKeeping",
                    "(Lorg/luaj/vm2/LuaClosure;Ljava/lang/Throwable;Ljava/lang/Object;L" + DEBUG + ";[" + VALUE_D
                            + "I)Ljava/lang/Throwable;",
                    false);
        } else {
            mv.visitVarInsn(ALOAD, Emitter.OPENUPS);
            mv.visitVarInsn(ALOAD, Emitter.DL);
            e.support(
                    "failExit",
                    "(Lorg/luaj/vm2/LuaClosure;Ljava/lang/Throwable;Ljava/lang/Object;[L" + UPVALUE
                            + ";Lorg/luaj/vm2/lib/DebugLib;)Ljava/lang/Throwable;");
        }
        mv.visitInsn(ATHROW);
        Label end = new Label();
        mv.visitLabel(end);
        return end;
    }

    private static void prologue(Emitter e) {
        MethodVisitor mv = e.mv;
        mv.visitVarInsn(ALOAD, Emitter.CL);
        mv.visitFieldInsn(GETFIELD, "org/luaj/vm2/LuaClosure", "globals", "L" + GLOBALS + ";");
        mv.visitMethodInsn(
                INVOKESTATIC,
                "dev/jeplua/engine/compile/CompiledRuntime",
                "debugLib",
                "(L" + GLOBALS + ";)L" + DEBUG + ";",
                false);
        mv.visitVarInsn(ASTORE, Emitter.DL);
        Uses uses = new Uses(e);
        if (uses.upvalues) {
            mv.visitVarInsn(ALOAD, Emitter.CL);
            mv.visitFieldInsn(GETFIELD, "org/luaj/vm2/LuaClosure", "upValues", "[L" + UPVALUE + ";");
            mv.visitVarInsn(ASTORE, Emitter.UPVALUES);
        }
        if (e.p.p.length > 0 && !e.reusesRegisters()) {
            pushInt(mv, e.p.maxstacksize);
            mv.visitTypeInsn(ANEWARRAY, UPVALUE);
            mv.visitVarInsn(ASTORE, Emitter.OPENUPS);
        } else if (uses.openups) {
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, Emitter.OPENUPS);
        }
        if (!e.reusesRegisters()) {
            // v and top are read by ranges up to the top (B = 0), which only such functions have
            mv.visitFieldInsn(GETSTATIC, VALUE, "NONE", VALUE_D);
            mv.visitVarInsn(ASTORE, Emitter.V);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, Emitter.TOP);
        }
        // the scratch slots and the return value: written before every read at run time, but not
        // on every path the JVM's data flow sees; without these ASM's frame computation fails
        // (an AssertionError under -ea) on fibaro's desktop.lua main chunk
        // (only those the method's instructions may use: each costs bytes the JIT's inlining
        // budget counts)
        if (uses.tmp) {
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, Emitter.TMP);
        }
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, Emitter.RET);
        if (uses.tmp2) {
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, Emitter.TMP2);
        }
        e.loadRegisters();
    }

    /**
     * Which of the method's own slots its instructions may read (conservatively, by opcode), so
     * the prologue initialises only those.
     */
    private static final class Uses {
        boolean upvalues;
        boolean openups;
        boolean tmp;
        boolean tmp2;

        Uses(Emitter e) {
            Prototype p = e.p;
            openups = !e.reusesRegisters() || p.p.length > 0;
            int[] code = p.code;
            for (int pc = 0; pc < code.length; pc++) {
                int i = code[pc];
                switch (Lua.GET_OPCODE(i)) {
                    case Lua.OP_GETUPVAL, Lua.OP_SETUPVAL, Lua.OP_GETTABUP, Lua.OP_SETTABUP -> upvalues = true;
                    case Lua.OP_JMP -> openups |= Lua.GETARG_A(i) > 0;
                    case Lua.OP_CLOSURE -> openups = true;
                    case Lua.OP_TESTSET, Lua.OP_FORLOOP -> tmp = true;
                    case Lua.OP_CALL -> tmp |= CallEmitter.resultAfterReload(e, pc, i);
                    case Lua.OP_FORPREP, Lua.OP_TFORCALL -> tmp2 = true;
                    case Lua.OP_SETLIST -> {
                        if (Lua.GETARG_C(i) == 0) {
                            pc++; // the next word is the block number
                        }
                    }
                    default -> {}
                }
            }
        }
    }

    private static void exit(Emitter e) {
        if (e.reusesRegisters()) {
            // no open upvalue to close: no register is captured (RegisterPlan)
            e.mv.visitVarInsn(ALOAD, Emitter.DL);
            e.mv.visitVarInsn(ALOAD, Emitter.STACK);
            pushInt(e.mv, e.p.maxstacksize);
            e.mv.visitMethodInsn(INVOKEVIRTUAL, DEBUG, "onReturnKeeping", "([" + VALUE_D + "I)V", false);
            return;
        }
        e.mv.visitVarInsn(ALOAD, Emitter.OPENUPS);
        e.mv.visitVarInsn(ALOAD, Emitter.DL);
        e.support("exit", "([L" + UPVALUE + ";Lorg/luaj/vm2/lib/DebugLib;)V");
    }
}

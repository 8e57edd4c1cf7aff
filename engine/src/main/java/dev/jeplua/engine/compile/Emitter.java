package dev.jeplua.engine.compile;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
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

    // local slots of body(CompiledClosure cl, LuaValue[] stack, Varargs varargs, Object frame)
    // (and of run, whose first four are the same)
    static final int THIS = 0;
    static final int CL = 1;
    static final int STACK = 2;
    static final int VARARGS_SLOT = 3;
    /** The call's frame on the debug call stack ({@code CallStackHooks}), a parameter of {@code body}. */
    static final int FRAME = 4;

    static final int UPVALUES = 5;
    static final int OPENUPS = 6;
    static final int V = 7;
    static final int TOP = 8;
    // slot 9 is unused (it held the frame before the frame became a parameter)
    static final int DL = 10;
    static final int TMP = 11;
    static final int RET = 12;
    // slot 13 is unused (it held the globals, read by run only now)
    static final int THROWN = 14;
    static final int TMP2 = 15;
    // the registers kept in JVM locals: RegisterPlan.FIRST_SLOT + r

    final MethodVisitor mv;
    final Prototype p;
    final RegisterPlan plan;
    final SpillAnalysis spills;
    /** The first slot after the registers: {@code epoch + 1} holds the reload block's return index. */
    private final int epoch;

    private final java.util.List<Label> returns = new java.util.ArrayList<>();
    private Label[] reloadEntries;

    final Label[] labels;

    /** Where every return goes with its value in {@link #RET}. */
    final Label exit = new Label();

    Emitter(MethodVisitor mv, Prototype p) {
        this.mv = mv;
        this.p = p;
        this.plan = new RegisterPlan(p);
        this.spills = new SpillAnalysis(p, plan);
        this.epoch = plan.firstFreeSlot();
        this.labels = new Label[p.code.length + 1];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
    }

    /**
     * True when the function's register array may be reused by the next call at its depth once
     * it returns: no object refers to the array after the call, because no register lives in
     * the array for the whole function ({@link RegisterPlan}: none is captured by a closure's
     * open upvalue, none is part of a range read as a {@code Varargs} over the array). Its
     * direct calls take the frame's kept array instead of a new one, and its exit clears the
     * array ({@code InterruptibleDebugLib.onReturnKeeping}).
     */
    boolean reusesRegisters() {
        for (int r = 0; r < plan.size(); r++) {
            if (plan.inArray(r)) {
                return false;
            }
        }
        return true;
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

    /** Pushes register {@code r}: its JVM local, or its element of the register array. */
    void reg(int r) {
        if (plan.inArray(r)) {
            mv.visitVarInsn(ALOAD, STACK);
            push(r);
            mv.visitInsn(AALOAD);
        } else {
            mv.visitVarInsn(ALOAD, plan.slot(r));
        }
    }

    /** Stores the value on the operand stack into register {@code r}. */
    void store(int r) {
        if (plan.inArray(r)) {
            mv.visitVarInsn(ALOAD, STACK);
            mv.visitInsn(SWAP);
            push(r);
            mv.visitInsn(SWAP);
            mv.visitInsn(AASTORE);
        } else {
            mv.visitVarInsn(ASTORE, plan.slot(r));
        }
    }

    /**
     * Pushes a new array of {@code n + extra} values: registers {@code from .. from+n-1}, then
     * {@code extra} nulls (the register-array helpers of {@code CompiledSupport} work on it).
     */
    void array(int from, int n, int extra) {
        push(n + extra);
        mv.visitTypeInsn(ANEWARRAY, VALUE);
        for (int k = 0; k < n; k++) {
            mv.visitInsn(DUP);
            push(k);
            reg(from + k);
            mv.visitInsn(AASTORE);
        }
    }

    /**
     * Copies the named locals active at {@code pc} that live in JVM locals into the register
     * array, where {@code debug.getlocal} on this frame reads them (before a call).
     */
    /** Sets the registers of {@code s} (JVM locals) to {@code nil}. */
    void clear(boolean[] s) {
        boolean any = false;
        for (int r = 0; r < s.length; r++) {
            if (s[r]) {
                if (!any) {
                    mv.visitFieldInsn(GETSTATIC, VALUE, "NIL", VALUE_D);
                    any = true;
                }
                mv.visitInsn(DUP);
                mv.visitVarInsn(ASTORE, plan.slot(r));
            }
        }
        if (any) {
            mv.visitInsn(POP);
        }
    }

    /** Copies the registers of {@code s} (JVM locals) into the register array. */
    void spill(boolean[] s) {
        for (int r = 0; r < s.length; r++) {
            if (s[r]) {
                mv.visitVarInsn(ALOAD, STACK);
                push(r);
                mv.visitVarInsn(ALOAD, plan.slot(r));
                mv.visitInsn(AASTORE);
            }
        }
    }

    /**
     * Before the call at {@code pc} (a {@code CALL} or {@code TFORCALL} at register {@code a}):
     * copies the named locals changed since they were last copied ({@link SpillAnalysis}) into
     * the register array, where {@code debug.getlocal} from the callee reads them, and the called
     * function's register (tracebacks name a frame by the function its caller's call instruction
     * holds).
     */
    void spillCall(int pc, int a) {
        spill(spills.at(pc));
        if (Lua.GET_OPCODE(p.code[pc]) == Lua.OP_CALL && a >= plan.active(pc) && !plan.inArray(a)) {
            mv.visitVarInsn(ALOAD, STACK);
            push(a);
            mv.visitVarInsn(ALOAD, plan.slot(a));
            mv.visitInsn(AASTORE);
        }
    }

    /** True when the call at {@code pc} has named locals in JVM locals to read back ({@link #reload} writes code). */
    boolean reloads(int pc) {
        int a = Lua.GETARG_A(p.code[pc]);
        return reloads(pc, a, a - 1);
    }

    private boolean reloads(int pc, int from, int to) {
        for (int r = 0; r < plan.active(pc); r++) {
            if (!plan.inArray(r) && (r < from || r > to)) {
                return true;
            }
        }
        return false;
    }

    /**
     * After the call at {@code pc} (its results, if any, not yet stored and the operand stack
     * empty): once {@code debug.setlocal} has been called in this JVM ({@link LocalsWatch#used}),
     * reads the named locals back from the register array. That is exact whether or not this
     * call changed them: before the call every named local was copied to the array or equal to
     * its element already ({@link SpillAnalysis}), and only {@code setlocal} writes a running
     * frame's named locals there. Until then a call site costs one read of a static field and a
     * branch (a few bytes of the method: the JIT's inlining budget counts them). A single local
     * is read back in place; more go through one block shared by the method's calls
     * ({@link #reloadBlock}), entered at the count of named locals and left through a
     * {@code tableswitch} back to the call.
     */
    void reload(int pc) {
        if (!reloads(pc)) {
            return;
        }
        Label same = new Label();
        mv.visitFieldInsn(GETSTATIC, LocalsWatch.NAME, "used", "Z");
        mv.visitJumpInsn(IFEQ, same);
        int n = plan.active(pc);
        int inLocals = 0;
        for (int r = 0; r < n; r++) {
            if (!plan.inArray(r)) {
                inLocals++;
            }
        }
        if (inLocals == 1) {
            for (int r = 0; r < n; r++) {
                if (!plan.inArray(r)) {
                    mv.visitVarInsn(ALOAD, STACK);
                    push(r);
                    mv.visitInsn(AALOAD);
                    mv.visitVarInsn(ASTORE, plan.slot(r));
                }
            }
            mv.visitLabel(same);
            return;
        }
        push(returns.size());
        mv.visitVarInsn(ISTORE, epoch + 1);
        mv.visitJumpInsn(GOTO, reloadEntry(n));
        mv.visitLabel(same);
        returns.add(same);
    }

    private Label reloadEntry(int n) {
        if (reloadEntries == null) {
            reloadEntries = new Label[plan.size() + 1];
        }
        if (reloadEntries[n] == null) {
            reloadEntries[n] = new Label();
        }
        return reloadEntries[n];
    }

    /** The block {@link #reload} jumps to, at the end of the method (nothing when no call reloads). */
    void reloadBlock() {
        if (returns.isEmpty()) {
            return;
        }
        for (int n = plan.size(); n >= 1; n--) {
            if (reloadEntries[n] != null) {
                mv.visitLabel(reloadEntries[n]);
            }
            int r = n - 1;
            if (!plan.inArray(r) && hasEntryAbove(r)) {
                mv.visitVarInsn(ALOAD, STACK);
                push(r);
                mv.visitInsn(AALOAD);
                mv.visitVarInsn(ASTORE, plan.slot(r));
            }
        }
        if (reloadEntries[0] != null) {
            mv.visitLabel(reloadEntries[0]);
        }
        mv.visitVarInsn(ILOAD, epoch + 1);
        Label[] targets = returns.toArray(new Label[0]);
        mv.visitTableSwitchInsn(0, targets.length - 1, targets[0], targets);
    }

    private boolean hasEntryAbove(int r) {
        for (int n = r + 1; n < reloadEntries.length; n++) {
            if (reloadEntries[n] != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives every register kept in a JVM local its start value: the parameters from the register
     * array the caller filled, {@code nil} for the others (so every local is assigned on every path).
     */
    void loadRegisters() {
        for (int r = 0; r < plan.size() && r < p.numparams; r++) {
            if (!plan.inArray(r)) {
                mv.visitVarInsn(ALOAD, STACK);
                push(r);
                mv.visitInsn(AALOAD);
                mv.visitVarInsn(ASTORE, plan.slot(r));
            }
        }
        mv.visitFieldInsn(GETSTATIC, VALUE, "NIL", VALUE_D);
        for (int r = p.numparams; r < plan.size(); r++) {
            if (!plan.inArray(r)) {
                mv.visitInsn(DUP);
                mv.visitVarInsn(ASTORE, plan.slot(r));
            }
        }
        mv.visitInsn(POP);
        // the reload block's return index (epoch + 1) is written before it is read (reload)
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

    /** Descriptor of the frame and instruction arguments of {@code CompiledAt}'s methods. */
    static final String FRAME_PC = "Ljava/lang/Object;I";

    /** Pushes the call-stack frame and {@code pc}: the last two arguments of {@code CompiledAt}'s methods. */
    void framePc(int pc) {
        mv.visitVarInsn(ALOAD, FRAME);
        push(pc);
    }

    /** Calls a method of {@code org.luaj.vm2.CompiledAt} (records {@code pc} only off its fast path). */
    void at(String name, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, "org/luaj/vm2/CompiledAt", name, descriptor, false);
    }

    /** Whether RK(x) is a string constant (a field name: {@code t.k}, {@code t:k()}, a global). */
    boolean stringConstant(int x) {
        return x > 0xff && p.k[x & 0xff] instanceof LuaString;
    }

    /** Pushes string constant RK(x) typed as {@code LuaString} (see {@link #stringConstant}). */
    void stringKey(int x) {
        constant(x & 0xff);
        mv.visitTypeInsn(CHECKCAST, "org/luaj/vm2/LuaString");
    }

    /**
     * Reads field RK(key) of the value on the operand stack and pushes the result: a constant
     * string key through {@code CompiledAt.getField} (a plain table's hash part read directly,
     * the instruction recorded only off that path), any other key through {@code CompiledAt.index}
     * (an integer key in a plain table's array part read directly, else {@code LuaValue.get}).
     * Both give the interpreter's result, metamethods and errors.
     */
    void getField(int key, int pc) {
        if (stringConstant(key)) {
            stringKey(key);
            framePc(pc);
            at("getField", "(" + VALUE_D + "Lorg/luaj/vm2/LuaString;" + FRAME_PC + ")" + VALUE_D);
        } else {
            rk(key);
            framePc(pc);
            at("index", "(" + VALUE_D + VALUE_D + FRAME_PC + ")" + VALUE_D);
        }
    }

    /**
     * Stores RK(val) in field RK(key) of the value on the operand stack: a constant string key
     * through {@code CompiledAt.setField} (an existing field of a plain table written in place,
     * the instruction recorded only off that path), any other key through
     * {@code CompiledAt.setIndex} (an integer key in a plain table's array part written directly,
     * else {@code LuaValue.set}).
     */
    void setField(int key, int val, int pc) {
        if (stringConstant(key)) {
            stringKey(key);
            rk(val);
            framePc(pc);
            at("setField", "(" + VALUE_D + "Lorg/luaj/vm2/LuaString;" + VALUE_D + FRAME_PC + ")V");
        } else {
            rk(key);
            rk(val);
            framePc(pc);
            at("setIndex", "(" + VALUE_D + VALUE_D + VALUE_D + FRAME_PC + ")V");
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
     * {@code onInstruction(pc)} runs (and may throw); otherwise one volatile read
     * ({@code InterruptibleDebugLib.checkPending}, a small method the JIT inlines). The named locals
     * are not copied to the register array here (a hook called from here sees them as of the
     * frame's last call, docs/compiled-tier.md).
     */
    void interruptCheck(int pc) {
        mv.visitVarInsn(ALOAD, DL);
        push(pc);
        mv.visitMethodInsn(INVOKEVIRTUAL, DEBUG, "checkPending", "(I)V", false);
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

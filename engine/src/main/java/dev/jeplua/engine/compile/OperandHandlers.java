package dev.jeplua.engine.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Lua;

/**
 * Exception handlers of single instructions that copy the instruction's register operands from
 * their JVM locals into the register array before the body's common handler runs: the error
 * messages read them there ({@code errors.VariableNames}: which operand of an arithmetic or a
 * concatenation is not a number or string, a nil or NaN key, the arguments of a {@code bad
 * argument}). One handler per such instruction, reading only its own operands, so the JVM sees
 * every other register dead where it is dead (a handler for the whole body that read every
 * register would keep them all alive across every call, and the JIT would keep them in
 * registers or spill them around each call). Build thread.
 */
final class OperandHandlers implements Opcodes {
    private record Handler(Label label, int[] registers) {}

    private final List<Handler> handlers = new ArrayList<>();

    /**
     * Registers the handlers (before the body's own {@code try}, so that they come first in the
     * exception table and win inside their instruction). An instruction gets none when each of
     * its operands is in the array or already holds its value there ({@link SpillAnalysis#current}),
     * or when it is unreachable (it has no code); instructions with the same registers to copy
     * share one handler (exception table entries cost no bytecode).
     */
    OperandHandlers(Emitter e) {
        int[] code = e.p.code;
        Map<List<Integer>, Label> shared = new HashMap<>();
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0) {
                pc++;
                continue;
            }
            if (!e.spills.reachable(pc)) {
                continue;
            }
            int[] regs = operands(i);
            List<Integer> local = new ArrayList<>();
            for (int r : regs) {
                if (r >= 0 && r < e.plan.size() && !e.plan.inArray(r) && !e.spills.current(pc, r)) {
                    local.add(r);
                }
            }
            if (!local.isEmpty()) {
                Label h = shared.get(local);
                if (h == null) {
                    h = new Label();
                    shared.put(local, h);
                    handlers.add(new Handler(
                            h, local.stream().mapToInt(Integer::intValue).toArray()));
                }
                e.mv.visitTryCatchBlock(e.at(pc), e.at(pc + 1), h, null);
            }
        }
    }

    /** The registers whose values the error message of instruction {@code i} may read. */
    private static int[] operands(int i) {
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        return switch (op) {
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> new int[] {rk(b), rk(c)};
            case Lua.OP_UNM -> new int[] {b};
            case Lua.OP_SETTABLE, Lua.OP_SETTABUP -> new int[] {rk(b)};
            case Lua.OP_CONCAT -> range(b, c);
            case Lua.OP_CALL -> b > 1 ? range(a + 1, a + b - 1) : new int[0];
            default -> new int[0];
        };
    }

    private static int rk(int x) {
        return x > 0xff ? -1 : x;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from + 1)];
        for (int k = 0; k < r.length; k++) {
            r[k] = from + k;
        }
        return r;
    }

    /**
     * Writes the handlers: each stores the exception, copies its registers and goes to
     * {@code common} (the body's handler after its own store: a handler's code must not be
     * reached by a jump, or C1 does not compile the method).
     */
    void emit(Emitter e, Label common) {
        MethodVisitor mv = e.mv;
        for (Handler h : handlers) {
            mv.visitLabel(h.label());
            mv.visitVarInsn(ASTORE, Emitter.THROWN);
            for (int r : h.registers()) {
                mv.visitVarInsn(ALOAD, Emitter.STACK);
                e.push(r);
                mv.visitVarInsn(ALOAD, e.plan.slot(r));
                mv.visitInsn(AASTORE);
            }
            mv.visitJumpInsn(GOTO, common);
        }
    }
}

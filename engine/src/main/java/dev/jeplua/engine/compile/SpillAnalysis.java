package dev.jeplua.engine.compile;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Which named locals each spill point of a prototype must copy to the register array: those
 * written since the last copy on some path into it ("dirty"), a forward data-flow analysis over
 * the instructions. The spill points are the calls ({@code CALL}, {@code TFORCALL}), each
 * {@code FORPREP} (after its writes) and the fall-through entry of a loop (an instruction some
 * later instruction jumps back to), so that a loop's body only copies what it changes: a call in
 * a loop copies the loop's index and the locals the body assigns, not every local of the
 * function. Invariant: a register kept in a JVM local that is not dirty holds the value its
 * element of the register array holds (the reload after a {@code debug.setlocal} keeps it).
 * Stateless after construction; build thread.
 */
final class SpillAnalysis {
    private final Prototype p;
    private final RegisterPlan plan;
    private final BitSet[] in;
    private final BitSet[] used;
    private final boolean[] loopHead;
    /** Number of control edges into each instruction from reachable instructions. */
    private final int[] preds;

    SpillAnalysis(Prototype p, RegisterPlan plan) {
        this.p = p;
        this.plan = plan;
        int[] code = p.code;
        int n = code.length;
        in = new BitSet[n];
        used = new BitSet[n];
        loopHead = new boolean[n + 1];
        for (int pc = 0; pc < n; pc++) {
            for (int t : successors(pc)) {
                if (t <= pc && t >= 0) {
                    loopHead[t] = true;
                }
            }
        }
        BitSet entry = new BitSet();
        entry.set(Math.min(p.numparams, plan.size()), plan.size()); // parameters are in the array
        Deque<Integer> work = new ArrayDeque<>();
        in[0] = entry;
        work.add(0);
        while (!work.isEmpty()) {
            int pc = work.poll();
            BitSet out = transfer(pc, (BitSet) in[pc].clone());
            for (int t : successors(pc)) {
                if (t < 0 || t >= n) {
                    continue;
                }
                BitSet edge = out;
                if (t == pc + 1 && loopHead[t]) {
                    edge = (BitSet) out.clone();
                    edge.clear(0, plan.active(t)); // spilled on the fall-through entry of the loop
                }
                if (in[t] == null) {
                    in[t] = (BitSet) edge.clone();
                    work.add(t);
                } else {
                    BitSet merged = (BitSet) in[t].clone();
                    merged.or(edge);
                    if (!merged.equals(in[t])) {
                        in[t] = merged;
                        work.add(t);
                    }
                }
            }
        }
        usedAnalysis();
        preds = new int[n + 1];
        for (int pc = 0; pc < n; pc++) {
            if (in[pc] != null) {
                for (int t : successors(pc)) {
                    if (t >= 0 && t <= n) {
                        preds[t]++;
                    }
                }
            }
        }
    }

    /**
     * Registers that may hold something other than {@code nil} when instruction {@code pc}
     * starts: written on some path since the last call cleared them ({@link #deadAt}).
     */
    private void usedAnalysis() {
        int n = p.code.length;
        BitSet entry = new BitSet();
        entry.set(0, Math.min(p.numparams, plan.size())); // the others start nil
        Deque<Integer> work = new ArrayDeque<>();
        used[0] = entry;
        work.add(0);
        while (!work.isEmpty()) {
            int pc = work.poll();
            BitSet out = (BitSet) used[pc].clone();
            int i = p.code[pc];
            if (Lua.GET_OPCODE(i) == Lua.OP_CALL) {
                int from = callTop(i);
                if (from < plan.size()) {
                    out.clear(from, plan.size());
                }
            }
            BitSet w = transfer(pc, new BitSet());
            if (Lua.GET_OPCODE(i) == Lua.OP_FORPREP) {
                dirty(w, Lua.GETARG_A(i), Lua.GETARG_A(i) + 2);
            }
            out.or(w);
            for (int t : successors(pc)) {
                if (t < 0 || t >= n) {
                    continue;
                }
                if (used[t] == null) {
                    used[t] = (BitSet) out.clone();
                    work.add(t);
                } else {
                    BitSet merged = (BitSet) used[t].clone();
                    merged.or(out);
                    if (!merged.equals(used[t])) {
                        used[t] = merged;
                        work.add(t);
                    }
                }
            }
        }
    }

    /** The first register above a {@code CALL}'s function and arguments (all of them: B = 0). */
    private int callTop(int i) {
        int b = Lua.GETARG_B(i);
        return b == 0 ? plan.size() : Lua.GETARG_A(i) + b;
    }

    /**
     * Whether control can reach instruction {@code pc} from the function's entry (Lua's code
     * generator leaves unreachable instructions, such as the final {@code RETURN} after a
     * function's last {@code return}; they get no code).
     */
    boolean reachable(int pc) {
        return in[pc] != null;
    }

    /**
     * Whether the {@code JMP} at {@code pc} is folded into the comparison or test before it: a
     * forward jump closing no upvalue, reached only by falling through from an {@code EQ},
     * {@code LT}, {@code LE} or {@code TEST} (Lua's code for {@code if a < b then}). The
     * comparison then branches to the jump's target itself and the jump has no code.
     */
    boolean foldedJump(int pc) {
        int i = p.code[pc];
        if (pc == 0 || Lua.GET_OPCODE(i) != Lua.OP_JMP || Lua.GETARG_A(i) != 0 || in[pc] == null) {
            return false;
        }
        int target = pc + 1 + Lua.GETARG_sBx(i);
        int before = Lua.GET_OPCODE(p.code[pc - 1]);
        boolean test = before == Lua.OP_EQ || before == Lua.OP_LT || before == Lua.OP_LE || before == Lua.OP_TEST;
        return test && target > pc + 1 && preds[pc] == 1 && in[pc - 1] != null;
    }

    /**
     * Whether register {@code r}, kept in a JVM local, holds the value its element of the
     * register array holds when instruction {@code pc} starts (it is not dirty there: a
     * parameter not written since the entry, or a named local copied at a spill point and not
     * written since). Such a register need not be copied to the array for an error message.
     */
    boolean current(int pc, int r) {
        return in[pc] != null && !plan.inArray(r) && !in[pc].get(r);
    }

    /**
     * The registers kept in JVM locals that a {@code CALL} at {@code pc} sets to {@code nil}
     * before calling: those above its function and arguments that may hold a value. The
     * compiler never reads them before writing them again; the interpreter's array has the same
     * registers cleared when {@code collectgarbage} runs ({@code Finalizers}), so a table only a
     * stale temporary refers to is collected in both modes.
     */
    boolean[] deadAt(int pc) {
        boolean[] s = new boolean[plan.size()];
        BitSet u = used[pc] == null ? new BitSet() : used[pc];
        for (int r = callTop(p.code[pc]); r < plan.size(); r++) {
            s[r] = u.get(r) && !plan.inArray(r);
        }
        return s;
    }

    /**
     * The registers to copy to the array at spill point {@code pc} (a call or {@code FORPREP}):
     * the named locals active there that are dirty on entry (for {@code FORPREP}: also its own).
     */
    boolean[] at(int pc) {
        boolean[] s = new boolean[plan.size()];
        BitSet d = in[pc] == null ? new BitSet() : in[pc];
        if (Lua.GET_OPCODE(p.code[pc]) == Lua.OP_FORPREP) {
            d = (BitSet) d.clone();
            int a = Lua.GETARG_A(p.code[pc]);
            d.set(a, Math.min(a + 3, plan.size()));
        }
        for (int r = 0; r < plan.active(pc); r++) {
            s[r] = d.get(r) && !plan.inArray(r);
        }
        return s;
    }

    /**
     * The registers to copy to the array between instruction {@code pc} and the loop that
     * starts at {@code pc + 1} (on the fall-through path), or null when {@code pc + 1} does not
     * start a loop or {@code pc} does not fall through.
     */
    boolean[] beforeLoop(int pc) {
        int h = pc + 1;
        if (h >= p.code.length
                || !loopHead[h]
                || in[pc] == null
                || !successors(pc).contains(h)) {
            return null;
        }
        BitSet d = transfer(pc, (BitSet) in[pc].clone());
        boolean[] s = new boolean[plan.size()];
        for (int r = 0; r < plan.active(h); r++) {
            s[r] = d.get(r) && !plan.inArray(r);
        }
        return s;
    }

    /** The dirty registers after instruction {@code pc} (with {@code d} empty: the registers it writes, calls aside). */
    private BitSet transfer(int pc, BitSet d) {
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_CALL -> {
                d.clear(0, plan.active(pc));
                if (c >= 2) {
                    dirty(d, a, a + c - 2);
                }
            }
            case Lua.OP_TFORCALL -> {
                d.clear(0, plan.active(pc));
                dirty(d, a + 3, a + 2 + c);
            }
            case Lua.OP_FORPREP -> d.clear(0, plan.active(pc)); // written, then spilled
            case Lua.OP_FORLOOP -> {
                dirty(d, a, a);
                dirty(d, a + 3, a + 3);
            }
            case Lua.OP_LOADNIL -> dirty(d, a, a + b);
            case Lua.OP_SELF -> dirty(d, a, a + 1);
            case Lua.OP_VARARG -> dirty(d, a, a + b - 2);
            case Lua.OP_MOVE,
                    Lua.OP_LOADK,
                    Lua.OP_LOADBOOL,
                    Lua.OP_GETUPVAL,
                    Lua.OP_GETTABUP,
                    Lua.OP_GETTABLE,
                    Lua.OP_NEWTABLE,
                    Lua.OP_ADD,
                    Lua.OP_SUB,
                    Lua.OP_MUL,
                    Lua.OP_DIV,
                    Lua.OP_MOD,
                    Lua.OP_POW,
                    Lua.OP_UNM,
                    Lua.OP_NOT,
                    Lua.OP_LEN,
                    Lua.OP_CONCAT,
                    Lua.OP_CLOSURE,
                    Lua.OP_TESTSET,
                    Lua.OP_TFORLOOP -> dirty(d, a, a);
            default -> {}
        }
        return d;
    }

    private void dirty(BitSet d, int from, int to) {
        if (to >= from) {
            d.set(from, Math.min(to + 1, plan.size()));
        }
    }

    /** The instructions control can go to after {@code pc}. */
    private java.util.List<Integer> successors(int pc) {
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        return switch (op) {
            case Lua.OP_JMP, Lua.OP_FORPREP -> java.util.List.of(pc + 1 + Lua.GETARG_sBx(i));
            case Lua.OP_FORLOOP, Lua.OP_TFORLOOP -> java.util.List.of(pc + 1, pc + 1 + Lua.GETARG_sBx(i));
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE, Lua.OP_TEST, Lua.OP_TESTSET -> java.util.List.of(pc + 1, pc + 2);
            case Lua.OP_LOADBOOL -> java.util.List.of(Lua.GETARG_C(i) != 0 ? pc + 2 : pc + 1);
            case Lua.OP_SETLIST -> java.util.List.of(Lua.GETARG_C(i) == 0 ? pc + 2 : pc + 1);
            case Lua.OP_RETURN, Lua.OP_TAILCALL -> java.util.List.of();
            default -> java.util.List.of(pc + 1);
        };
    }
}

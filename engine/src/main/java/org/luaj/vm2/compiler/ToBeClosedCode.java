package org.luaj.vm2.compiler;

import dev.jeplua.engine.luaj.ToBeClosed;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The code {@link Lua54Parser} emits for to-be-closed variables ({@code local x <close>}, Lua 5.4
 * manual §3.3.8): the declaration ({@code tbc.push(x, "x", register)}) and, wherever control leaves
 * their scope, {@code tbc.close(r)}, which closes the running frame's variables held in
 * registers {@code r} and up: at a block's end (from the block's first register), before a
 * {@code break} (from the loop's), before a {@code return} (from 0) and before a {@code goto}
 * (from the register count at its label; for a label further on, a constant filled in when the
 * label is reached). One per parser.
 */
final class ToBeClosedCode {
    private final LexState ls;
    private final ToBeClosed toBeClosed;

    /** The number of {@code <close>} variables declared in each open block. */
    private final Map<FuncState.BlockCnt, Integer> counts = new IdentityHashMap<>();

    ToBeClosedCode(LexState ls, ToBeClosed toBeClosed) {
        this.ls = ls;
        this.toBeClosed = toBeClosed;
    }

    /** True when {@code <close>} variables were declared directly in {@code block}. */
    boolean declaredIn(FuncState.BlockCnt block) {
        return counts.containsKey(block);
    }

    /** At the normal end of {@code block}: closes the variables it declared, if any. */
    void endOf(FuncState.BlockCnt block) {
        if (counts.remove(block) != null) {
            emitClose(block.nactvar);
        }
    }

    /** Registers the label just parsed for the {@code goto}s waiting for it. */
    void atLabel(LuaString label) {
        // gotos waiting for this label close what is open beyond the variables active here; at a
        // block's end those of the block itself are closed by the block's own end
        int active = ls.fs.nactvar;
        for (Iterator<PendingGoto> it = pendingGotos.iterator(); it.hasNext(); ) {
            PendingGoto g = it.next();
            if (g.function() == ls.fs && g.label().eq_b(label) && inside(g.block(), ls.fs.bl)) {
                ls.fs.f.k[g.constant()] = LuaValue.valueOf(active);
                it.remove();
            }
        }
    }

    /** After {@code local x <close> = v}: {@code tbc.push(x, "x", register)}, noted in the current block. */
    void declare(int register) {
        int base = ls.fs.freereg;
        ls.fs.reserveregs(4);
        ls.fs.codeABx(Lua.OP_LOADK, base, ls.fs.addk(toBeClosed.push));
        ls.fs.codeABC(Lua.OP_MOVE, base + 1, register, 0);
        ls.fs.codeABx(Lua.OP_LOADK, base + 2, ls.fs.stringK(ls.fs.getlocvar(register).varname));
        ls.fs.codeABx(Lua.OP_LOADK, base + 3, ls.fs.numberK(LuaValue.valueOf(register)));
        ls.fs.codeABC(Lua.OP_CALL, base, 4, 1);
        ls.fs.freereg = (short) base;
        counts.merge(ls.fs.bl, 1, Integer::sum);
    }

    /** {@code tbc.close(r)}: closes the running frame's variables in registers {@code r} and up. */
    void emitClose(int firstRegister) {
        emitCloseConstant(ls.fs.numberK(LuaValue.valueOf(firstRegister)));
    }

    private void emitCloseConstant(int constant) {
        int base = ls.fs.freereg;
        ls.fs.reserveregs(2);
        ls.fs.codeABx(Lua.OP_LOADK, base, ls.fs.addk(toBeClosed.close));
        ls.fs.codeABx(Lua.OP_LOADK, base + 1, constant);
        ls.fs.codeABC(Lua.OP_CALL, base, 2, 1);
        ls.fs.freereg = (short) base;
    }

    /** To-be-closed variables open in the current function's blocks, up to the innermost loop when {@code toLoop}. */
    int open(boolean toLoop) {
        int n = 0;
        for (FuncState.BlockCnt b = ls.fs.bl; b != null; b = b.previous) {
            n += counts.getOrDefault(b, 0);
            if (toLoop && b.isloop) {
                break;
            }
        }
        return n;
    }

    /** The innermost loop block, or null. */
    FuncState.BlockCnt loopBlock() {
        FuncState.BlockCnt b = ls.fs.bl;
        while (b != null && !b.isloop) {
            b = b.previous;
        }
        return b;
    }

    /** A {@code goto} whose label comes later: the register it closes from is known at the label. */
    private record PendingGoto(FuncState function, FuncState.BlockCnt block, LuaString label, int constant) {}

    private final List<PendingGoto> pendingGotos = new ArrayList<>();

    /**
     * Before {@code goto name} in the scope of to-be-closed variables: closes those the jump
     * leaves. A label already seen gives its register count now; for a later one the count is a
     * constant filled in at the label ({@link #atLabel}).
     */
    void beforeGoto(LuaString label) {
        int first = functionFirstLabel();
        for (int i = ls.dyd.n_label - 1; i >= first; i--) {
            if (ls.dyd.label[i].name.eq_b(label)) {
                emitClose(ls.dyd.label[i].nactvar); // a backward jump
                return;
            }
        }
        int constant = ls.fs.addk(new LuaTable()); // a unique slot, replaced at the label
        pendingGotos.add(new PendingGoto(ls.fs, ls.fs.bl, label, constant));
        emitCloseConstant(constant);
    }

    /** Index of the current function's first label in the label list. */
    private int functionFirstLabel() {
        FuncState.BlockCnt b = ls.fs.bl;
        while (b.previous != null) {
            b = b.previous;
        }
        return b.firstlabel;
    }

    /** True when {@code block} is {@code outer} or nested in it. */
    private static boolean inside(FuncState.BlockCnt block, FuncState.BlockCnt outer) {
        for (FuncState.BlockCnt b = block; b != null; b = b.previous) {
            if (b == outer) {
                return true;
            }
        }
        return false;
    }
}

package dev.jeplua.engine.compile;

import org.luaj.vm2.CompiledSupport;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/**
 * The numeric {@code for} instructions of generated bodies whose registers live in JVM locals
 * (docs/compiled-tier.md): the same steps as {@code CompiledArith.forloop} and
 * {@code CompiledSupport.forprep}/{@code forloop}, on values instead of the register array. The
 * integer step is computed here exactly as {@code CompiledArith.forloop} computes it; every other
 * case runs {@code CompiledSupport}'s own method on a small array of the values, so its results
 * and errors are the interpreter's. Stateless; any thread.
 */
public final class RegisterOps {
    /** The internal name of this class, for generated code. */
    static final String NAME = "dev/jeplua/engine/compile/RegisterOps";

    private RegisterOps() {}

    /**
     * {@code FORPREP}: checks the loop's initial value, limit and step (errors
     * {@code 'for' initial value must be a number}...) and prepares them.
     *
     * @return the three registers' new values: index before the first step, limit, step
     */
    public static LuaValue[] forprep(LuaValue init, LuaValue limit, LuaValue step) {
        if (init instanceof LuaInteger i && limit instanceof LuaInteger && step instanceof LuaInteger s && s.v != 0) {
            // what CompiledSupport.forprep gives for 32-bit integers (NumericFor keeps them as they are)
            return new LuaValue[] {Lua54Numbers.integer((long) i.v - s.v), limit, step};
        }
        return forprepChecked(init, limit, step);
    }

    /** {@link #forprep} off its integer path (a method of its own: the JIT's inlining budget). */
    private static LuaValue[] forprepChecked(LuaValue init, LuaValue limit, LuaValue step) {
        LuaValue[] r = {init, limit, step};
        CompiledSupport.forprep(r, 0);
        return r;
    }

    /**
     * {@code FORLOOP}: steps the loop.
     *
     * @return the next index (the loop's index and its variable), or null when the loop ends
     */
    public static LuaValue forloop(LuaValue idx, LuaValue limit, LuaValue step) {
        if (idx instanceof LuaInteger i && limit instanceof LuaInteger l && step instanceof LuaInteger s) {
            // 32-bit index, limit and step: the next index is at most the limit (at least it,
            // counting down), so it fits an int
            long next = (long) i.v + s.v;
            return (s.v > 0 ? next <= l.v : next >= l.v) ? LuaInteger.valueOf((int) next) : null;
        }
        return forloopChecked(idx, limit, step);
    }

    /** {@link #forloop} off its integer path (a method of its own: the JIT's inlining budget). */
    private static LuaValue forloopChecked(LuaValue idx, LuaValue limit, LuaValue step) {
        LuaValue[] r = {idx, limit, step, null};
        return CompiledSupport.forloop(r, 0) ? r[0] : null;
    }
}

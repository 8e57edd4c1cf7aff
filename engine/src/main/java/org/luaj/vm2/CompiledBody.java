package org.luaj.vm2;

import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * The code of one Lua function prototype as a JVM method: the generated classes of the compiled
 * tier ({@code dev.jeplua.engine.compile}) extend this class and implement {@link #run}, which
 * does what LuaJ's {@code LuaClosure.execute} does for that prototype, instruction by
 * instruction, on the same register array. {@link #INTERPRETED} stands for a prototype that is
 * not compiled. Engine thread only (except {@link #define}).
 */
public abstract class CompiledBody {
    /** Gives the body of a prototype: compiled, or {@link #INTERPRETED}. Any thread. */
    public interface Compiler {
        /**
         * @param p a function prototype
         * @return its compiled body, or {@link #INTERPRETED} when it cannot be compiled (never null)
         */
        CompiledBody bodyFor(Prototype p);

        /**
         * The body of the function prototype {@code parent.p[index]}, created by a {@code CLOSURE}
         * instruction of {@code parent} (which tells, for instance, whether the function calls
         * itself through the local or global it is stored in).
         *
         * @param parent the prototype whose code creates the function
         * @param index  the function's index in {@code parent.p}
         * @return its body, as {@link #bodyFor(Prototype)}
         */
        default CompiledBody bodyFor(Prototype parent, int index) {
            return bodyFor(parent.p[index]);
        }
    }

    /** The body of a prototype that runs on LuaJ's interpreter. */
    public static final CompiledBody INTERPRETED = new CompiledBody(null, null) {
        @Override
        public Varargs run(CompiledClosure cl, LuaValue[] stack, Varargs varargs) {
            return cl.interpret(stack, varargs);
        }
    };

    /** The prototype this body runs (null for {@link #INTERPRETED}). */
    protected final Prototype p;

    private final Compiler compiler;

    /** Bodies of the functions this one creates ({@code p.p}), looked up on first use. */
    private final CompiledBody[] children;

    /**
     * @param p        the prototype this body runs
     * @param compiler gives the bodies of the functions it creates
     */
    protected CompiledBody(Prototype p, Compiler compiler) {
        this.p = p;
        this.compiler = compiler;
        this.children = p == null ? null : new CompiledBody[p.p.length];
    }

    /**
     * Runs one call of the function, as {@code LuaClosure.execute} does.
     *
     * @param cl      the closure called
     * @param stack   its registers, parameters filled in
     * @param varargs the extra arguments of a vararg function
     * @return the results, possibly a pending tail call ({@link TailcallVarargs})
     */
    public abstract Varargs run(CompiledClosure cl, LuaValue[] stack, Varargs varargs);

    /**
     * A call of {@code cl} (whose body this is) with no argument and one result, as
     * {@code cl.call()}. Generated bodies of fixed-argument functions override the four
     * {@code call} methods to set up the registers and run the function's code directly (with a
     * register array reused from the call-stack frame when nothing refers to it after the call,
     * docs/compiled-tier.md); the compiled call sites call them through their own (per-site) type
     * profile, so the JIT can inline them.
     *
     * @param cl the closure called (its body is this)
     * @return the first result (a pending tail call is completed), or {@code NIL}
     */
    public LuaValue call0(CompiledClosure cl) {
        return cl.call();
    }

    /** As {@link #call0} with one argument: {@code cl.call(a)}. */
    public LuaValue call1(CompiledClosure cl, LuaValue a) {
        return cl.call(a);
    }

    /** As {@link #call0} with two arguments: {@code cl.call(a, b)}. */
    public LuaValue call2(CompiledClosure cl, LuaValue a, LuaValue b) {
        return cl.call(a, b);
    }

    /** As {@link #call0} with three arguments: {@code cl.call(a, b, c)}. */
    public LuaValue call3(CompiledClosure cl, LuaValue a, LuaValue b, LuaValue c) {
        return cl.call(a, b, c);
    }

    /**
     * The {@code CLOSURE} instruction: a new closure of the prototype {@code p.p[index]} with its
     * upvalues taken from the running function's registers or upvalues, as the interpreter does.
     *
     * @param index   the nested prototype's index
     * @param cl      the running closure
     * @param stack   its registers
     * @param openups its open upvalues (one slot per register)
     * @return the new closure: compiled when its prototype compiles, else LuaJ's
     */
    protected final LuaClosure closure(int index, CompiledClosure cl, LuaValue[] stack, UpValue[] openups) {
        Prototype newp = p.p[index];
        CompiledBody body = children[index];
        if (body == null) {
            children[index] = body = compiler.bodyFor(p, index);
        }
        LuaClosure ncl = body == INTERPRETED
                ? new LuaClosure(newp, cl.globals)
                : new CompiledClosure(newp, cl.globals, body, compiler);
        Upvaldesc[] uv = newp.upvalues;
        for (int j = 0; j < uv.length; ++j) {
            ncl.upValues[j] =
                    uv[j].instack ? CompiledSupport.findupval(stack, uv[j].idx, openups) : cl.upValues[uv[j].idx];
        }
        return ncl;
    }

    /**
     * Defines a generated body class in this package (a hidden class, unloaded with its
     * instances). Any thread.
     *
     * @param classFile the class file; its name must be in {@code org/luaj/vm2/}
     * @param constants the class data: the prototype's constants, which the generated code loads
     *     as dynamic constants ({@code MethodHandles.classDataAt}), so the JIT sees them as constants
     * @return the class
     * @throws IllegalAccessException when the class file is not in this package
     */
    public static Class<?> define(byte[] classFile, List<LuaValue> constants) throws IllegalAccessException {
        return MethodHandles.lookup()
                .defineHiddenClassWithClassData(classFile, constants, true)
                .lookupClass();
    }
}

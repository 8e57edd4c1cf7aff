package org.luaj.vm2;

import java.lang.invoke.MethodHandles;

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
            children[index] = body = compiler.bodyFor(newp);
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
     * @return the class
     * @throws IllegalAccessException when the class file is not in this package
     */
    public static Class<?> define(byte[] classFile) throws IllegalAccessException {
        return MethodHandles.lookup().defineHiddenClass(classFile, true).lookupClass();
    }
}

package org.luaj.vm2;

/**
 * A Lua function whose prototype runs as JVM bytecode generated for it (the compiled tier,
 * docs/compiled-tier.md), or on LuaJ's interpreter when its prototype could not be compiled or
 * while a debug hook is active. It is a {@link LuaClosure} in every other respect: same prototype,
 * upvalues, environment and calling convention ({@code call}/{@code invoke} set up the registers,
 * then {@link #execute} runs the body), so error positions, tracebacks and the debug library see
 * it as the interpreter's closures.
 *
 * <p>The body is looked up on the first call (so that code rewritten after loading, as the REPL's
 * tail calls, is compiled as it will run). JEPLua's own class; it lives in LuaJ's package for the
 * package-private parts of {@link LuaClosure} the generated code uses. Engine thread only.
 */
public final class CompiledClosure extends LuaClosure {
    private final CompiledBody.Compiler compiler;
    private CompiledBody body;

    /**
     * @param p        the function's prototype
     * @param env      its environment (the engine's {@link Globals})
     * @param body     its compiled body, or null to look it up on the first call
     * @param compiler gives the body of a prototype (and of the functions it creates)
     */
    public CompiledClosure(Prototype p, LuaValue env, CompiledBody body, CompiledBody.Compiler compiler) {
        super(p, env);
        this.body = body;
        this.compiler = compiler;
    }

    /** The compiler this closure's bodies come from. */
    CompiledBody.Compiler compiler() {
        return compiler;
    }

    /** True when this function's calls run compiled (false before its first call or when it fell back). */
    public boolean isCompiled() {
        return body != null && body != CompiledBody.INTERPRETED;
    }

    /** The engine's globals this function was created with, or null. */
    public Globals globals() {
        return globals;
    }

    /**
     * This function's body, looked up now when it was not yet: a compiled call site calls its
     * {@code call0}..{@code call3}, which run the call as {@code call()}..{@code call(a, b, c)} do.
     *
     * @return the body (never null; {@link CompiledBody#INTERPRETED} when it is not compiled)
     */
    public CompiledBody body() {
        CompiledBody b = body;
        if (b == null) {
            body = b = compiler.bodyFor(p);
        }
        return b;
    }

    @Override
    protected Varargs execute(LuaValue[] stack, Varargs varargs) {
        CompiledBody b = body;
        if (b == null) {
            body = b = compiler.bodyFor(p);
        }
        return b.run(this, stack, varargs);
    }

    /**
     * Runs this call on LuaJ's interpreter (no compiled body, or a debug hook is active).
     *
     * @param stack   the registers {@code call}/{@code invoke} prepared
     * @param varargs the extra arguments of a vararg function
     * @return the results, possibly a pending tail call
     */
    public Varargs interpret(LuaValue[] stack, Varargs varargs) {
        return super.execute(stack, varargs);
    }
}

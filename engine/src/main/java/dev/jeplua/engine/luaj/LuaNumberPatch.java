package dev.jeplua.engine.luaj;

import dev.jeplua.engine.errors.ChunkNames;
import dev.jeplua.engine.stdlib.number.LuaNumberFormat;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redirects LuaJ's {@code LuaDouble.tojstring()} — the one method behind {@code tostring},
 * {@code ..} concatenation, {@code io.write} and string coercion of non-integer numbers — to
 * {@link LuaNumberFormat#g14}, so numbers print as the reference interpreter prints them
 * ({@code 0.33333333333333}, not LuaJ's float-precision {@code 0.33333334}); and LuaJ's
 * {@code LexState.lexerror(String, int)} to {@link SyntaxErrors#lexerror}, so compile errors end
 * in {@code near '<token>'} as the reference's do; and LuaJ's {@code TailcallVarargs} so that a
 * tail call to a Java function ({@code return s:rep(n)}, {@code return error(msg)}) runs at once,
 * inside the calling Lua frame, as the reference runs C functions called in tail position — so
 * errors they raise carry the caller's {@code chunk:line:} and argument names; tail calls to Lua
 * functions stay proper tail calls (unbounded tail recursion still works); and LuaJ's
 * {@code Prototype.shortsource()} to {@link ChunkNames#shortsource}, so chunk names read
 * {@code [string "first line..."]} as the reference's do. The patched class files are generated with
 * ByteBuddy at build time ({@link LuajPatchGenerator#main}) and shipped as resources; at run time they are only
 * read and swapped in with {@link Instrumentation#redefineClasses} (ByteBuddy generates them on
 * the spot only when the resources are missing); LuaJ itself is not forked.
 *
 * <p>The runnable jar needs none of this at run time: its build replaced LuaJ's class files by the
 * patched ones ({@link #BAKED_MARKER}), so nothing is redefined and the jar ships no ByteBuddy but
 * its shaded ASM. Elsewhere the {@link Instrumentation} comes from {@code -javaagent} ({@link
 * #premain}, {@link #agentmain}: the redefinition then runs on a background thread), or {@link
 * #ensureInstalled} attaches ByteBuddy's agent to the running JVM (tests, embedding; {@link
 * LuajPatchGenerator}, the one class here that uses ByteBuddy).
 * If neither works, numbers in {@code ..} keep LuaJ's format (logged once at warn); JEPLua's own
 * {@code tostring}, {@code print} and {@code string.format} do not depend on the patch.
 */
public final class LuaNumberPatch {
    // No static logger: this class runs as the jar's launcher agent before main(), and creating a
    // logger then would initialise SLF4J before the command line has set the log level.
    private static final CompletableFuture<Boolean> DONE = new CompletableFuture<>();
    /**
     * {@code -Djeplua.luajPatch=off} keeps LuaJ's classes unchanged (for measuring the patch's cost,
     * or embedding); it cannot undo the patch baked into the runnable jar ({@link #BAKED_MARKER}).
     */
    private static final boolean DISABLED = "off".equals(System.getProperty("jeplua.luajPatch"));

    private static volatile boolean started;

    private LuaNumberPatch() {}

    private static Logger log() {
        return LoggerFactory.getLogger(LuaNumberPatch.class);
    }

    /**
     * Agent entry point (the jar's {@code Launcher-Agent-Class}): starts the redefinition on a
     * daemon thread and returns at once. JVM launcher thread, before {@code main}.
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(inst);
    }

    /** Same as {@link #agentmain}, for {@code -javaagent:jeplua.jar}. */
    public static void premain(String args, Instrumentation inst) {
        start(inst);
    }

    private static synchronized void start(Instrumentation inst) {
        if (started || DISABLED) {
            return;
        }
        started = true;
        if (baked()) {
            DONE.complete(true);
            return;
        }
        Thread t = new Thread(() -> redefine(inst), "jeplua-number-patch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Makes sure the redefinition has happened before Lua code runs: waits (at most 5 s) for the
     * one the agent started, or performs it now by self-attaching. Any thread; cheap after the
     * first call.
     *
     * @return true when LuaJ's number formatting is redirected
     */
    public static boolean ensureInstalled() {
        if (DISABLED) {
            return baked();
        }
        if (!started) {
            synchronized (LuaNumberPatch.class) {
                if (!started) {
                    started = true;
                    if (baked()) {
                        DONE.complete(true);
                        return true;
                    }
                    Instrumentation inst;
                    try {
                        inst = LuajPatchGenerator.attachAgent();
                    } catch (RuntimeException | LinkageError e) {
                        log().warn(
                                        "cannot attach an agent to redirect number formatting in '..' ({}); "
                                                + "concatenated numbers keep LuaJ's format",
                                        e.toString());
                        DONE.complete(false);
                        return false;
                    }
                    redefine(inst);
                }
            }
        }
        try {
            return DONE.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log().warn("number formatting patch did not finish: {}", e.toString());
            return false;
        }
    }

    /** The LuaJ classes this patch redefines ({@link LuajPatchGenerator#patched} makes their class files). */
    static Class<?>[] targets() throws ClassNotFoundException {
        return new Class<?>[] {
            LuaDouble.class,
            Class.forName("org.luaj.vm2.compiler.LexState"),
            TailcallVarargs.class,
            Prototype.class,
            LuaInteger.class,
            LuaString.class,
            LuaValue.class,
            LuaNumber.class,
            LuaTable.class,
            Class.forName("org.luaj.vm2.LuaTable$NumberValueEntry"),
            Class.forName("org.luaj.vm2.compiler.FuncState")
        };
    }

    private static void redefine(Instrumentation inst) {
        try {
            Class<?>[] targets = targets();
            ClassDefinition[] defs = new ClassDefinition[targets.length];
            boolean prebuilt = true;
            for (int i = 0; i < targets.length; i++) {
                byte[] b = prebuilt(targets[i]);
                if (b == null) {
                    prebuilt = false;
                    break;
                }
                defs[i] = new ClassDefinition(targets[i], b);
            }
            if (!prebuilt) {
                for (int i = 0; i < targets.length; i++) {
                    defs[i] = new ClassDefinition(targets[i], LuajPatchGenerator.patched(targets[i]));
                }
            }
            inst.redefineClasses(defs);
            DONE.complete(true);
        } catch (Exception | LinkageError e) {
            log().warn("cannot patch LuaJ's classes ({}); numbers keep LuaJ's 5.2 behaviour", e.toString());
            DONE.complete(false);
        }
    }

    /** Resource holding the patched class file the build wrote for {@code c} ({@link LuajPatchGenerator#main}). */
    static String resourceName(Class<?> c) {
        return "/" + PATCHES + c.getName().replace('.', '/') + ".class.bin";
    }

    /**
     * Folder of the patched class files among the resources: {@code PATCHES + "org/luaj/vm2/LuaDouble.class.bin"}
     * is the patched {@code org/luaj/vm2/LuaDouble.class}. The runnable jar's build step
     * ({@code dev.jeplua.cli.BakeLuajPatches}) copies each over LuaJ's own class file and adds
     * {@link #BAKED_MARKER}.
     */
    public static final String PATCHES = "dev/jeplua/engine/luaj/patches/";

    /**
     * Resource present when the patched class files replaced LuaJ's own in the class path (the
     * runnable jar): then nothing is redefined at run time, no agent runs, and the JDK's AOT cache
     * can keep every LuaJ class (a redefined class, and every subclass of one, is left out of it).
     */
    public static final String BAKED_MARKER = PATCHES + "BAKED";

    private static boolean baked() {
        return LuaNumberPatch.class.getClassLoader().getResource(BAKED_MARKER) != null;
    }

    private static byte[] prebuilt(Class<?> c) throws java.io.IOException {
        try (java.io.InputStream in = LuaNumberPatch.class.getResourceAsStream(resourceName(c))) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * Inlined at the end of {@code new TailcallVarargs(func, args)}, which LuaJ's interpreter
     * executes for {@code return f(...)} while the calling frame is still on the call stack:
     * when {@code func} is a Java function it is called right there and the instance only
     * carries its results ({@code eval()} then returns them); a value that cannot be called at
     * all raises {@code attempt to call ...} right there too. Lua functions and tables with
     * {@code __call} are left to {@code eval()}. Public only for the inlining.
     */
    public static final class TailcallAdvice {
        /**
         * Returns its arguments: an instance that already ran its call carries
         * {@code func = RESULTS, args = results}, so that LuaJ's {@code eval()} loop, which copies
         * {@code func} and {@code args} out of any tail call it is handed, gets the results again.
         */
        public static final LuaValue RESULTS = new org.luaj.vm2.lib.VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return args;
            }
        };

        private TailcallAdvice() {}

        /**
         * @param func   the function called in tail position
         * @param args   its arguments
         * @param result the instance's {@code result} field (set when the call ran here)
         * @param target the instance's {@code func} field
         * @param rest   the instance's {@code args} field
         */
        @Advice.OnMethodExit
        public static void runJavaFunctionNow(
                @Advice.Argument(0) LuaValue func,
                @Advice.Argument(1) Varargs args,
                @Advice.FieldValue(value = "result", readOnly = false) Varargs result,
                @Advice.FieldValue(value = "func", readOnly = false) LuaValue target,
                @Advice.FieldValue(value = "args", readOnly = false) Varargs rest) {
            if (func instanceof LuaFunction
                    ? !(func instanceof LuaClosure)
                    : func.metatag(LuaValue.CALL).isnil()) {
                Varargs r = func.invoke(args).eval();
                result = r;
                target = RESULTS;
                rest = r;
            }
        }
    }

    /** True once the redefinition succeeded (false while pending or after a failure). Any thread. */
    public static boolean isInstalled() {
        return DONE.getNow(false);
    }
}

package dev.jeplua.engine.luaj;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.jeplua.engine.errors.ChunkNames;
import dev.jeplua.engine.stdlib.number.LuaNumberFormat;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.MethodCall;
import org.luaj.vm2.Lua54Numbers;
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
 * ByteBuddy at build time ({@link #main}) and shipped as resources; at run time they are only
 * read and swapped in with {@link Instrumentation#redefineClasses} (ByteBuddy generates them on
 * the spot only when the resources are missing); LuaJ itself is not forked.
 *
 * <p>Where the {@link Instrumentation} comes from: the runnable jar names this class as its
 * {@code Launcher-Agent-Class}, so the JVM calls {@link #agentmain} before {@code main}, and the
 * redefinition then runs on a background thread while the rest of the process starts. Elsewhere
 * (tests, embedding) {@link #ensureInstalled} attaches ByteBuddy's agent to the running JVM.
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
                        inst = ByteBuddyAgent.install();
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

    /** The LuaJ classes this patch redefines, in the order of {@link #patched}. */
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

    /** The patched class file of {@code c} (one of {@link #targets}), generated now. */
    static byte[] patched(Class<?> c) throws ReflectiveOperationException {
        return switch (c.getSimpleName()) {
            case "LuaDouble" -> patchedLuaDouble();
            case "LexState" -> patchedLexState();
            case "TailcallVarargs" -> patchedTailcallVarargs();
            case "Prototype" -> patchedPrototype();
            case "LuaInteger" -> Lua54Patches.luaInteger();
            case "LuaString" -> Lua54Patches.luaString();
            case "LuaValue" -> Lua54Patches.luaValue();
            case "LuaNumber" -> Lua54Patches.luaNumber();
            case "LuaTable" -> Lua54Patches.luaTable();
            case "NumberValueEntry" -> Lua54Patches.numberValueEntry();
            case "FuncState" -> Lua54Patches.funcState();
            default -> throw new IllegalArgumentException(c.getName());
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
                    defs[i] = new ClassDefinition(targets[i], patched(targets[i]));
                }
            }
            inst.redefineClasses(defs);
            DONE.complete(true);
        } catch (Exception | LinkageError e) {
            log().warn("cannot patch LuaJ's classes ({}); numbers keep LuaJ's 5.2 behaviour", e.toString());
            DONE.complete(false);
        }
    }

    /** Resource holding the patched class file the build wrote for {@code c} (see {@link #main}). */
    private static String resourceName(Class<?> c) {
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
     * LuaJ's {@code LuaDouble} as 5.4's float: {@code tojstring()} calling
     * {@link LuaNumberFormat#float14}, {@code valueOf(double)} always a float (LuaJ turned
     * integral values into {@code LuaInteger}), division and modulo by {@link Lua54Numbers}.
     */
    static byte[] patchedLuaDouble() throws NoSuchMethodException {
        return new ByteBuddy()
                .redefine(LuaDouble.class, ClassFileLocator.ForClassLoader.of(LuaDouble.class.getClassLoader()))
                .method(named("tojstring").and(takesNoArguments()))
                .intercept(MethodCall.invoke(LuaNumberFormat.class.getMethod("float14", double.class))
                        .withField("v"))
                .method(named("valueOf").and(takesArguments(double.class)))
                .intercept(MethodCall.construct(LuaDouble.class.getDeclaredConstructor(double.class))
                        .withAllArguments())
                .method(named("ddiv").and(takesArguments(double.class, double.class)))
                .intercept(MethodCall.invoke(Lua54Numbers.class.getMethod("ddiv", double.class, double.class))
                        .withAllArguments())
                .method(named("ddiv_d").and(takesArguments(double.class, double.class)))
                .intercept(MethodCall.invoke(Lua54Numbers.class.getMethod("ddivD", double.class, double.class))
                        .withAllArguments())
                .method(named("dmod").and(takesArguments(double.class, double.class)))
                .intercept(MethodCall.invoke(Lua54Numbers.class.getMethod("fmod", double.class, double.class))
                        .withAllArguments())
                .method(named("dmod_d").and(takesArguments(double.class, double.class)))
                .intercept(MethodCall.invoke(Lua54Numbers.class.getMethod("fmodD", double.class, double.class))
                        .withAllArguments())
                .make()
                .getBytes();
    }

    /** LuaJ's {@code LexState} with {@code lexerror(String, int)} calling {@link SyntaxErrors#lexerror}. */
    static byte[] patchedLexState() throws ReflectiveOperationException {
        Class<?> lexState = Class.forName("org.luaj.vm2.compiler.LexState");
        return new ByteBuddy()
                .redefine(lexState, ClassFileLocator.ForClassLoader.of(lexState.getClassLoader()))
                .method(named("lexerror").and(takesArguments(String.class, int.class)))
                .intercept(MethodCall.invoke(
                                SyntaxErrors.class.getMethod("lexerror", Object.class, String.class, int.class))
                        .withThis()
                        .withAllArguments())
                .method(named("str2d").and(takesArguments(2)))
                .intercept(MethodCall.invoke(Class.forName("org.luaj.vm2.compiler.Lua54Constants")
                                .getMethod("str2d", lexState, String.class, Object.class))
                        .withThis()
                        .withAllArguments())
                .make()
                .getBytes();
    }

    /** LuaJ's {@code Prototype} with {@code shortsource()} calling {@link ChunkNames#shortsource}. */
    static byte[] patchedPrototype() throws NoSuchMethodException {
        return new ByteBuddy()
                .redefine(Prototype.class, ClassFileLocator.ForClassLoader.of(Prototype.class.getClassLoader()))
                .method(named("shortsource").and(takesNoArguments()))
                .intercept(MethodCall.invoke(ChunkNames.class.getMethod("shortsource", LuaString.class))
                        .withField("source"))
                .make()
                .getBytes();
    }

    /** LuaJ's {@code TailcallVarargs} whose {@code (LuaValue, Varargs)} constructor ends with {@link TailcallAdvice}. */
    static byte[] patchedTailcallVarargs() {
        return new ByteBuddy()
                .redefine(
                        TailcallVarargs.class,
                        ClassFileLocator.ForClassLoader.of(TailcallVarargs.class.getClassLoader()))
                .visit(Advice.to(TailcallAdvice.class)
                        .on(isConstructor().and(takesArguments(LuaValue.class, Varargs.class))))
                .make()
                .getBytes();
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

    /**
     * Build step (run by the engine's pom in the {@code process-classes} phase): writes the
     * patched class files into {@code args[0]} (the classes directory), so that at run time the
     * redefinition only reads two resources and ByteBuddy is never loaded; starting ByteBuddy in
     * every process cost about 0.5 s of start-up on this machine.
     *
     * @param args {@code args[0]}: output directory (e.g. {@code target/classes})
     * @throws Exception when the classes cannot be generated or written (fails the build)
     */
    public static void main(String[] args) throws Exception {
        for (Class<?> c : targets()) {
            java.nio.file.Path file =
                    java.nio.file.Path.of(args[0], resourceName(c).substring(1));
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, patched(c));
        }
    }

    /** True once the redefinition succeeded (false while pending or after a failure). Any thread. */
    public static boolean isInstalled() {
        return DONE.getNow(false);
    }
}

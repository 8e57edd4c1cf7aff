package dev.jeplua.engine.luaj;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.jeplua.engine.errors.ChunkNames;
import dev.jeplua.engine.stdlib.number.LuaNumberFormat;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.MethodCall;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.Varargs;

/**
 * Everything of {@link LuaNumberPatch} that needs ByteBuddy: generating the patched LuaJ class
 * files (at build time, {@link #main}; at run time only when the prebuilt ones are missing) and
 * attaching ByteBuddy's agent for the redefinition outside the runnable jar (tests, embedding).
 * Kept apart so that {@link LuaNumberPatch}, which every engine loads, names no ByteBuddy type:
 * the runnable jar, whose LuaJ classes come patched already, ships only ByteBuddy's shaded ASM
 * (for the compiled tier), and verifying {@link LuaNumberPatch} loads no ByteBuddy class.
 * Build thread, or the thread of {@link LuaNumberPatch#ensureInstalled}.
 */
public final class LuajPatchGenerator {
    private LuajPatchGenerator() {}

    /**
     * ByteBuddy's agent attached to this JVM.
     *
     * @throws IllegalStateException when the JVM refuses the attachment
     */
    static Instrumentation attachAgent() {
        return ByteBuddyAgent.install();
    }

    /** The patched class file of {@code c} (one of {@link LuaNumberPatch#targets}), generated now. */
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
                .visit(Advice.to(LuaNumberPatch.TailcallAdvice.class)
                        .on(isConstructor().and(takesArguments(LuaValue.class, Varargs.class))))
                .make()
                .getBytes();
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
        for (Class<?> c : LuaNumberPatch.targets()) {
            java.nio.file.Path file = java.nio.file.Path.of(
                    args[0], LuaNumberPatch.resourceName(c).substring(1));
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, patched(c));
        }
    }
}

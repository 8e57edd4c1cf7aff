package dev.jeplua.engine.luaj;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.lang.reflect.Method;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.MethodCall;
import org.luaj.vm2.Lua54Numbers;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.NumericFor;
import org.luaj.vm2.TableAccess;

/**
 * The class-file patches that give LuaJ Lua 5.4's numbers (two subtypes, integer arithmetic,
 * subtype-keeping string coercion, integer table keys for integral floats, 5.4's numeric
 * {@code for}): each replaces the body of one LuaJ method with a call of a static method of
 * {@link Lua54Numbers}, {@link NumericFor} or {@code org.luaj.vm2.compiler.Lua54Constants}
 * (method bodies only: no field or method is added to LuaJ's classes). Used by
 * {@link LuaNumberPatch}, which generates the class files at build time and swaps them in at start.
 * Build thread.
 */
final class Lua54Patches {
    private Lua54Patches() {}

    private static DynamicType.Builder<?> builder(Class<?> c) {
        return new ByteBuddy().redefine(c, ClassFileLocator.ForClassLoader.of(c.getClassLoader()));
    }

    private static Method m(Class<?> c, String name, Class<?>... params) throws NoSuchMethodException {
        return c.getMethod(name, params);
    }

    /** {@code LuaInteger}: {@code valueOf(long)} gives a {@code LuaLong} beyond 32 bits; integer {@code %}. */
    static byte[] luaInteger() throws NoSuchMethodException {
        return builder(LuaInteger.class)
                .method(named("valueOf").and(takesArguments(long.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "integer", long.class))
                        .withAllArguments())
                .method(named("mod").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "mod", LuaInteger.class, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("mod").and(takesArguments(int.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "modInt", LuaInteger.class, int.class))
                        .withThis()
                        .withAllArguments())
                .make()
                .getBytes();
    }

    /** {@code LuaString}: conversion to numbers and string arithmetic keep the subtype. */
    static byte[] luaString() throws NoSuchMethodException {
        Class<?> s = LuaString.class;
        return builder(s)
                .method(named("tonumber").and(takesNoArguments()))
                .intercept(
                        MethodCall.invoke(m(Lua54Numbers.class, "tonumber", s)).withThis())
                .method(named("tonumber").and(takesArguments(int.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "tonumber", s, int.class))
                        .withThis()
                        .withAllArguments())
                .method(named("checknumber").and(takesNoArguments()))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strCheckNumber", s))
                        .withThis())
                .method(named("checknumber").and(takesArguments(String.class)))
                .intercept(MethodCall.invoke(m(NumericFor.class, "checkString", s, String.class))
                        .withThis()
                        .withAllArguments())
                .method(named("add").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strAdd", s, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("sub").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strSub", s, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("mul").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strMul", s, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("mod").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strMod", s, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("neg").and(takesNoArguments()))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strNeg", s)).withThis())
                .method(named("add").and(takesArguments(int.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strAddInt", s, int.class))
                        .withThis()
                        .withAllArguments())
                .method(named("mul").and(takesArguments(int.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "strMulInt", s, int.class))
                        .withThis()
                        .withAllArguments())
                .make()
                .getBytes();
    }

    /**
     * {@code LuaValue}: {@code subFrom(int)} keeps a string operand's subtype; 5.4's {@code for} errors;
     * comparisons with a number on either side try {@code __lt}/{@code __le} ({@link NumberFirstComparisons}).
     */
    static byte[] luaValue() throws NoSuchMethodException {
        return builder(LuaValue.class)
                .method(named("subFrom").and(takesArguments(int.class)))
                .intercept(MethodCall.invoke(m(Lua54Numbers.class, "subFromInt", LuaValue.class, int.class))
                        .withThis()
                        .withAllArguments())
                .method(named("checknumber").and(takesArguments(String.class)))
                .intercept(MethodCall.invoke(m(NumericFor.class, "checkOther", LuaValue.class, String.class))
                        .withThis()
                        .withAllArguments())
                .method(named("gt_b").and(takesArguments(int.class)))
                .intercept(numberFirst("numberLess", int.class))
                .method(named("gt_b").and(takesArguments(double.class)))
                .intercept(numberFirst("numberLess", double.class))
                .method(named("gteq_b").and(takesArguments(int.class)))
                .intercept(numberFirst("numberLessEqual", int.class))
                .method(named("gteq_b").and(takesArguments(double.class)))
                .intercept(numberFirst("numberLessEqual", double.class))
                .method(named("lt_b").and(takesArguments(int.class)))
                .intercept(numberFirst("lessThanNumber", int.class))
                .method(named("lt_b").and(takesArguments(double.class)))
                .intercept(numberFirst("lessThanNumber", double.class))
                .method(named("lteq_b").and(takesArguments(int.class)))
                .intercept(numberFirst("lessEqualNumber", int.class))
                .method(named("lteq_b").and(takesArguments(double.class)))
                .intercept(numberFirst("lessEqualNumber", double.class))
                .make()
                .getBytes();
    }

    /** A call of {@link NumberFirstComparisons}{@code .name(this, n)}, for a comparison of LuaValue with a number. */
    private static MethodCall numberFirst(String name, Class<?> number) throws NoSuchMethodException {
        return MethodCall.invoke(m(NumberFirstComparisons.class, name, LuaValue.class, number))
                .withThis()
                .withAllArguments();
    }

    /** {@code LuaNumber}: {@code checknumber(String)}, which LuaJ's {@code FORPREP} calls, checks loops as 5.4. */
    static byte[] luaNumber() throws NoSuchMethodException {
        return builder(LuaNumber.class)
                .method(named("checknumber").and(takesArguments(String.class)))
                .intercept(MethodCall.invoke(m(NumericFor.class, "checkNumber", LuaNumber.class, String.class))
                        .withThis()
                        .withAllArguments())
                .make()
                .getBytes();
    }

    /**
     * {@code LuaTable}: a float key with an integral value is the integer key ({@code t[1.0]} is
     * {@code t[1]}); {@code hashget}, {@code hashset} (an existing string key) and {@code get} take
     * {@link TableAccess}'s faster paths.
     */
    static byte[] luaTable() throws NoSuchMethodException {
        return builder(LuaTable.class)
                .method(named("hashget").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(TableAccess.class, "hashget", LuaTable.class, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("get").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(TableAccess.class, "get", LuaTable.class, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .visit(Advice.to(HashsetAdvice.class)
                        .on(named("hashset").and(takesArguments(LuaValue.class, LuaValue.class))))
                .visit(Advice.to(TableKeyAdvice.class)
                        .on(named("rawget")
                                .and(takesArguments(LuaValue.class))
                                .or(named("rawset").and(takesArguments(LuaValue.class, LuaValue.class)))))
                // every value under a non-integer key in a plain entry (see Lua54Numbers.entryType)
                .visit(MemberSubstitution.relaxed()
                        .method(named("type").and(takesNoArguments()))
                        .replaceWith(m(Lua54Numbers.class, "entryType", LuaValue.class))
                        .on(named("defaultEntry")))
                .make()
                .getBytes();
    }

    /** {@code LuaTable.NumberValueEntry}: assigning a non-float value leaves the double-only entry. */
    static byte[] numberValueEntry() throws ReflectiveOperationException {
        return builder(Class.forName("org.luaj.vm2.LuaTable$NumberValueEntry"))
                .visit(MemberSubstitution.relaxed()
                        .method(named("tonumber").and(takesNoArguments()))
                        .replaceWith(m(Lua54Numbers.class, "floatOrNil", LuaValue.class))
                        .on(named("set")))
                .make()
                .getBytes();
    }

    /** {@code FuncState}: numeric constants and constant folding keep integers and floats apart. */
    static byte[] funcState() throws ReflectiveOperationException {
        Class<?> fs = Class.forName("org.luaj.vm2.compiler.FuncState");
        Class<?> constants = Class.forName("org.luaj.vm2.compiler.Lua54Constants");
        Class<?> expdesc = Class.forName("org.luaj.vm2.compiler.LexState$expdesc");
        return builder(fs)
                .method(named("numberK").and(takesArguments(LuaValue.class)))
                .intercept(MethodCall.invoke(m(constants, "numberK", fs, LuaValue.class))
                        .withThis()
                        .withAllArguments())
                .method(named("constfolding").and(takesArguments(int.class, expdesc, expdesc)))
                .intercept(MethodCall.invoke(m(constants, "fold", fs, int.class, expdesc, expdesc))
                        .withThis()
                        .withAllArguments())
                .make()
                .getBytes();
    }

    /** Inlined at the start of {@code LuaTable.hashset(LuaValue, LuaValue)}. Public only for the inlining. */
    public static final class HashsetAdvice {
        private HashsetAdvice() {}

        /**
         * @return true when {@link TableAccess#setExisting} stored the value (the method's own body is skipped)
         */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static boolean setExisting(
                @Advice.This LuaTable table, @Advice.Argument(0) LuaValue key, @Advice.Argument(1) LuaValue value) {
            return TableAccess.setExisting(table, key, value);
        }
    }

    /** Inlined at the start of {@code LuaTable.rawget(LuaValue)} and {@code rawset(LuaValue, LuaValue)}. Public only for the inlining. */
    public static final class TableKeyAdvice {
        private TableKeyAdvice() {}

        /** @param key the key argument, replaced by its integer when it is an integral float */
        @Advice.OnMethodEnter
        public static void normalize(@Advice.Argument(value = 0, readOnly = false) LuaValue key) {
            if (key instanceof LuaDouble) {
                key = Lua54Numbers.normalizeKey(key);
            }
        }
    }
}

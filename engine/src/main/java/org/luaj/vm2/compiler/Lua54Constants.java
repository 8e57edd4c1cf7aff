package org.luaj.vm2.compiler;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaValue;

/**
 * Numeric constants of compiled chunks as Lua 5.4 keeps them: the bodies of LuaJ's
 * {@code FuncState.numberK} and {@code FuncState.constfolding}, which
 * {@code dev.jeplua.engine.luaj.LuaNumberPatch} redirects here. LuaJ stored a float constant
 * with an integral value as an integer ({@code 1.0} became {@code 1}); here {@code 1} and
 * {@code 1.0} stay two constants. Constant folding follows 5.4's {@code lcode.c}: no folding of a
 * division or modulo by zero (the error or NaN happens at run time) and no folded float result
 * that is NaN or zero (so {@code -0.0} is not merged with {@code 0.0}). Compiler thread.
 *
 * <p>JEPLua's own class, in LuaJ's package because {@link FuncState} and its expression
 * descriptors are package-private.
 */
public final class Lua54Constants {
    private static final java.lang.invoke.VarHandle SEMINFO_NUMBER; // LexState.SemInfo.r

    static {
        try {
            Class<?> seminfo = Class.forName("org.luaj.vm2.compiler.LexState$SemInfo");
            SEMINFO_NUMBER = java.lang.invoke.MethodHandles.privateLookupIn(
                            seminfo, java.lang.invoke.MethodHandles.lookup())
                    .findVarHandle(seminfo, "r", LuaValue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Lua54Constants() {}

    /**
     * Body of {@code LexState.str2d(String, SemInfo)} (LuaJ's own compiler, {@code LuaC}, reads
     * numerals with it): the numeral as 5.4 reads it, an integer or a float; malformed numerals
     * raise {@code malformed number near '...'}.
     */
    public static boolean str2d(LexState ls, String str, Object seminfo) {
        String text = str.endsWith("\0") ? str.substring(0, str.length() - 1) : str;
        LuaValue n = org.luaj.vm2.Lua54Numbers.stringToNumber(org.luaj.vm2.LuaString.valueOf(text));
        if (n == null) {
            ls.lexerror("malformed number", LexState.TK_NUMBER);
            return false;
        }
        SEMINFO_NUMBER.set(seminfo, n);
        return true;
    }

    /** Body of {@code FuncState.numberK(LuaValue)}: the constant's index, subtype kept. */
    public static int numberK(FuncState fs, LuaValue r) {
        if (r instanceof LuaDouble
                && (Double.doubleToRawLongBits(r.todouble()) == Long.MIN_VALUE || r.todouble() != r.todouble())) {
            // -0.0 (and NaN) would be merged with 0.0 by the constant table's equality: own slot
            org.luaj.vm2.Prototype f = fs.f;
            if (f.k == null || fs.nk + 1 >= f.k.length) {
                f.k = java.util.Arrays.copyOf(f.k == null ? new LuaValue[0] : f.k, fs.nk * 2 + 1);
            }
            f.k[fs.nk] = r;
            return fs.nk++;
        }
        return fs.addk(r);
    }

    /** Body of {@code FuncState.constfolding(int, expdesc, expdesc)}: true when {@code e1} now holds the folded constant. */
    public static boolean fold(FuncState fs, int op, LexState.expdesc e1, LexState.expdesc e2) {
        if (!e1.isnumeral() || !e2.isnumeral()) {
            return false;
        }
        LuaValue v1 = e1.u.nval();
        LuaValue v2 = e2.u.nval();
        if ((op == Lua.OP_DIV || op == Lua.OP_MOD) && v2.todouble() == 0) {
            return false;
        }
        LuaValue r;
        switch (op) {
            case Lua.OP_ADD -> r = v1.add(v2);
            case Lua.OP_SUB -> r = v1.sub(v2);
            case Lua.OP_MUL -> r = v1.mul(v2);
            case Lua.OP_DIV -> r = v1.div(v2);
            case Lua.OP_MOD -> r = v1.mod(v2);
            case Lua.OP_POW -> r = v1.pow(v2);
            case Lua.OP_UNM -> r = v1.neg();
            default -> {
                return false;
            }
        }
        if (r instanceof LuaDouble) {
            double d = r.todouble();
            if (d != d || d == 0) {
                return false;
            }
        }
        e1.u.setNval(r);
        return true;
    }
}

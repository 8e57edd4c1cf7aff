package dev.jeplua.engine.errors;

import static dev.jeplua.engine.errors.ErrorWording.CALL;
import static dev.jeplua.engine.errors.ErrorWording.replace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Names the variable an error message is about ({@code attempt to call a nil value (global
 * 'x')}, {@code local 't'}, {@code field 'f'}, {@code upvalue 'u'}, {@code method 'm'}) from
 * the failing instruction and the prototype's debug information (Lua 5.4 manual §4.7, the debug
 * interface), found by the symbolic execution the reference's {@code ldebug.c} describes
 * ({@code getobjname}, {@code findsetreg}; re-implemented here). The failing frame is read from
 * LuaJ's debug call stack ({@link LuaFrames}), so this works for interpreted code only. Engine
 * thread.
 */
final class VariableNames {
    private static final Pattern INDEX =
            Pattern.compile("(?:attempt to index \\? \\(a (\\w+) value\\)|(?:^|(?<=: ))index expected, got (\\w+)$)");
    private static final Pattern TABLE_INDEX = Pattern.compile("table index expected, got \\w+");
    private static final Pattern ARITH =
            Pattern.compile("attempt to perform arithmetic (?:\\S+ )?on (\\w+)(?: and (\\w+))?");
    /** The event names of OP_ADD .. OP_UNM, in opcode order (the metamethods without "__"). */
    private static final String[] ARITH_EVENTS = {"add", "sub", "mul", "div", "mod", "pow", "unm"};

    private static final Pattern CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
    private static final Pattern LENGTH = Pattern.compile("attempt to get length of (\\w+)");
    /**
     * The host bridge table's names: calling a missing function of it says so
     * ({@code _PY.x is not provided by JEPLua}), since EPLua scripts call {@code _PY} functions
     * JEPLua may not have.
     */
    private static final java.util.Set<String> HOST_TABLES = java.util.Set.of("_PY", "jeplua");

    private VariableNames() {}

    /**
     * Words a {@code bad argument} error raised by the Java function the frame is calling like
     * {@code luaL_argerror}: argument number and function name, counting {@code self} out of
     * method calls ({@code ("x"):rep()} is {@code bad argument #1 to 'rep'}).
     */
    private static String badArgument(LuaFrames.Frame f, int i, String m) {
        Prototype p = f.closure().p;
        int a = Lua.GETARG_A(i);
        String[] nw = objectName(p, f.pc(), a);
        String fname = nw == null || nw[1] == null ? "?" : nw[1];
        boolean method = nw != null && "method".equals(nw[0]);
        int b = Lua.GETARG_B(i);
        LuaValue[] stack = f.stack();
        int nargs = b == 0 ? Math.max(0, Math.min(stack.length - a - 1, 250)) : b - 1;
        return ErrorWording.argumentError(
                m, fname, false, k -> a + k < stack.length ? stack[a + k] : null, nargs, method);
    }

    /**
     * Names the variable a LuaJ runtime error is about, as {@code luaG_typeerror} and
     * {@code varinfo} in the reference's {@code ldebug.c} do: {@code attempt to index ? (a nil
     * value)} becomes {@code attempt to index a nil value (local 't')} (or {@code global 'x'},
     * {@code upvalue 'u'}, {@code field 'f'}, {@code method 'm'}, {@code constant 'c'}, or
     * {@code a nil value} when no name is known); the same for {@code call}, {@code perform
     * arithmetic on}, {@code concatenate} and {@code get length of}. A call of a missing field of
     * the host bridge table adds why: {@code attempt to call a nil value (field 'x'): _PY.x is
     * not provided by JEPLua} (when the table is named {@code _PY} or {@code jeplua} in the
     * code). Also {@code table index is
     * nil}/{@code NaN} for a bad key in an assignment, and the argument number and function name
     * of a {@code bad argument} error raised by the Java function the frame is calling.
     * Reads the frame's registers: engine thread, while the frame is still on the stack.
     *
     * @param f the innermost Lua frame, executing the failing instruction
     * @param m the error message, its position already normalized
     * @return {@code m} with the variable named; unchanged when the instruction does not match
     *     the message
     */
    static String name(LuaFrames.Frame f, String m) {
        Prototype p = f.closure().p;
        if (f.pc() < 0 || f.pc() >= p.code.length) {
            return m;
        }
        int i = p.code[f.pc()];
        int op = Lua.GET_OPCODE(i);
        if (m.contains("bad argument")) {
            return op == Lua.OP_CALL || op == Lua.OP_TAILCALL ? badArgument(f, i, m) : m;
        }
        Matcher idx = TABLE_INDEX.matcher(m);
        if (idx.find() && (op == Lua.OP_SETTABLE || op == Lua.OP_SETTABUP)) {
            LuaValue key = rk(f, p, Lua.GETARG_B(i));
            if (key.isnil()) {
                return replace(m, idx, "table index is nil");
            }
            if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
                return replace(m, idx, "table index is NaN");
            }
        }
        Matcher x = INDEX.matcher(m);
        if (x.find()) {
            String[] nw =
                    switch (op) {
                        case Lua.OP_GETTABUP -> new String[] {"upvalue", upvalueName(p, Lua.GETARG_B(i))};
                        case Lua.OP_SETTABUP -> new String[] {"upvalue", upvalueName(p, Lua.GETARG_A(i))};
                        case Lua.OP_GETTABLE, Lua.OP_SELF -> objectName(p, f.pc(), Lua.GETARG_B(i));
                        case Lua.OP_SETTABLE -> objectName(p, f.pc(), Lua.GETARG_A(i));
                        default -> null;
                    };
            return replace(m, x, "attempt to index " + varinfo(nw, x.group(1) != null ? x.group(1) : x.group(2)));
        }
        x = CALL.matcher(m);
        if (x.find() && (op == Lua.OP_CALL || op == Lua.OP_TAILCALL) && x.end() == m.length()) {
            int a = Lua.GETARG_A(i);
            String[] nw = objectName(p, f.pc(), a);
            String hint = "";
            if (nw != null && "field".equals(nw[0]) && "nil".equals(x.group(1))) {
                String table = fieldTableName(p, f.pc(), a);
                if (table != null && HOST_TABLES.contains(table)) {
                    hint = ": " + table + "." + nw[1] + " is not provided by JEPLua";
                }
            }
            return replace(m, x, "attempt to call " + varinfo(nw, x.group(1)) + hint);
        }
        x = ARITH.matcher(m);
        if (x.find() && op >= Lua.OP_ADD && op <= Lua.OP_UNM) {
            int b = Lua.GETARG_B(i);
            int c = op == Lua.OP_UNM ? b : Lua.GETARG_C(i);
            LuaValue vb = rk(f, p, b);
            LuaValue vc = rk(f, p, c);
            if (vb.type() == LuaValue.TSTRING || vc.type() == LuaValue.TSTRING) {
                // Lua 5.4 converts strings in arithmetic through the string metatable's __add
                // etc., whose failure names the operation and both types (lstrlib.c's trymt)
                return replace(
                        m,
                        x,
                        "attempt to " + ARITH_EVENTS[op - Lua.OP_ADD] + " a '" + vb.typename() + "' with a '"
                                + vc.typename() + "'");
            }
            int culprit = op == Lua.OP_UNM || !isNumber(vb) ? b : c;
            LuaValue v = rk(f, p, culprit);
            String[] nw = Lua.ISK(culprit) ? null : objectName(p, f.pc(), culprit);
            return replace(m, x, "attempt to perform arithmetic on " + varinfo(nw, typeName(v)));
        }
        x = CONCAT.matcher(m);
        if (x.find() && op == Lua.OP_CONCAT) {
            int b = Lua.GETARG_B(i);
            int c = Lua.GETARG_C(i);
            int r = c;
            while (r > b && isStringy(f.stack()[r])) {
                r--;
            }
            if (r == c && r > b && !isStringy(f.stack()[r - 1])) {
                r = c - 1;
            }
            return replace(
                    m, x, "attempt to concatenate " + varinfo(objectName(p, f.pc(), r), f.stack()[r].typename()));
        }
        x = LENGTH.matcher(m);
        if (x.find() && op == Lua.OP_LEN) {
            return replace(
                    m, x, "attempt to get length of " + varinfo(objectName(p, f.pc(), Lua.GETARG_B(i)), x.group(1)));
        }
        return m;
    }

    /**
     * The name of the table a field read into {@code reg} came from ({@code _PY} for
     * {@code _PY.x}: a global, local or upvalue of that name), or null.
     */
    private static String fieldTableName(Prototype p, int lastpc, int reg) {
        int pc = findSetReg(p, lastpc, reg);
        if (pc == -1) {
            return null;
        }
        int i = p.code[pc];
        switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_GETTABLE: {
                String[] table = objectName(p, pc, Lua.GETARG_B(i));
                return table == null ? null : table[1];
            }
            case Lua.OP_GETTABUP: {
                String up = upvalueName(p, Lua.GETARG_B(i));
                return "_ENV".equals(up) ? null : up;
            }
            default:
                return null;
        }
    }

    private static String varinfo(String[] nameWhat, String type) {
        if (nameWhat == null || nameWhat[1] == null) {
            return "a " + type + " value";
        }
        return "a " + type + " value (" + nameWhat[0] + " '" + nameWhat[1] + "')";
    }

    /** 5.4's {@code luaT_objtypename}: the metatable's string {@code __name}, else the type. */
    private static String typeName(LuaValue v) {
        LuaValue mt = v.getmetatable();
        LuaValue name = mt != null && mt.istable() ? mt.rawget("__name") : LuaValue.NIL;
        return name.type() == LuaValue.TSTRING ? name.tojstring() : v.typename();
    }

    private static boolean isNumber(LuaValue v) {
        return v != null && v.tonumber().isnumber();
    }

    private static boolean isStringy(LuaValue v) {
        return v != null && (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER);
    }

    private static LuaValue rk(LuaFrames.Frame f, Prototype p, int x) {
        return Lua.ISK(x) ? p.k[Lua.INDEXK(x)] : f.stack()[x];
    }

    private static String upvalueName(Prototype p, int idx) {
        if (p.upvalues != null && idx < p.upvalues.length && p.upvalues[idx].name != null) {
            return p.upvalues[idx].name.tojstring();
        }
        return "?";
    }

    /** {kind, name} of the value in register {@code reg} at {@code lastpc}, or null (ldebug.c's getobjname). */
    static String[] objectName(Prototype p, int lastpc, int reg) {
        LuaString local = p.getlocalname(reg + 1, lastpc);
        if (local != null) {
            return new String[] {"local", local.tojstring()};
        }
        int pc = findSetReg(p, lastpc, reg);
        if (pc == -1) {
            return null;
        }
        int i = p.code[pc];
        switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_MOVE: {
                int b = Lua.GETARG_B(i);
                return b < Lua.GETARG_A(i) ? objectName(p, pc, b) : null;
            }
            case Lua.OP_GETTABUP: {
                String key = constantName(p, pc, Lua.GETARG_C(i));
                return new String[] {"_ENV".equals(upvalueName(p, Lua.GETARG_B(i))) ? "global" : "field", key};
            }
            case Lua.OP_GETTABLE: {
                String key = constantName(p, pc, Lua.GETARG_C(i));
                LuaString t = p.getlocalname(Lua.GETARG_B(i) + 1, pc);
                return new String[] {t != null && "_ENV".equals(t.tojstring()) ? "global" : "field", key};
            }
            case Lua.OP_GETUPVAL:
                return new String[] {"upvalue", upvalueName(p, Lua.GETARG_B(i))};
            case Lua.OP_LOADK:
            case Lua.OP_LOADKX: {
                int b = Lua.GET_OPCODE(i) == Lua.OP_LOADK ? Lua.GETARG_Bx(i) : Lua.GETARG_Ax(p.code[pc + 1]);
                if (p.k[b].type() == LuaValue.TSTRING) {
                    return new String[] {"constant", p.k[b].tojstring()};
                }
                return null;
            }
            case Lua.OP_SELF:
                return new String[] {"method", constantName(p, pc, Lua.GETARG_C(i))};
            default:
                return null;
        }
    }

    private static String constantName(Prototype p, int pc, int c) {
        if (Lua.ISK(c)) {
            LuaValue k = p.k[Lua.INDEXK(c)];
            if (k.type() == LuaValue.TSTRING) {
                return k.tojstring();
            }
        } else {
            String[] nw = objectName(p, pc, c);
            if (nw != null && "constant".equals(nw[0])) {
                return nw[1];
            }
        }
        return "?";
    }

    /** The last instruction before {@code lastpc} that sets register {@code reg}, or -1. */
    private static int findSetReg(Prototype p, int lastpc, int reg) {
        int setreg = -1;
        int jmptarget = 0;
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            boolean change;
            switch (op) {
                case Lua.OP_LOADNIL -> change = a <= reg && reg <= a + Lua.GETARG_B(i);
                case Lua.OP_TFORCALL -> change = reg >= a + 2;
                case Lua.OP_CALL, Lua.OP_TAILCALL -> change = reg >= a;
                case Lua.OP_JMP -> {
                    int dest = pc + 1 + Lua.GETARG_sBx(i);
                    if (pc < dest && dest <= lastpc && dest > jmptarget) {
                        jmptarget = dest;
                    }
                    change = false;
                }
                case Lua.OP_TEST -> change = false;
                default -> change = Lua.testAMode(op) && reg == a;
            }
            if (change) {
                setreg = pc < jmptarget ? -1 : pc;
            }
        }
        return setreg;
    }
}

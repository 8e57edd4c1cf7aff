package dev.jeplua.engine.errors;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CallStackHooks;

/**
 * Stack tracebacks as Lua 5.4's {@code luaL_traceback} writes them (Lua 5.4 manual §4.7 and
 * §6.10, {@code debug.traceback}):
 *
 * <pre>
 * msg
 * stack traceback:
 * 	[C]: in function 'error'
 * 	s.lua:1: in upvalue 'lf'
 * 	s.lua:6: in function 'glob'
 * 	(...tail calls...)
 * 	s.lua:8: in main chunk
 * 	[C]: in ?
 * </pre>
 *
 * Each level is named as the reference does: the function's name in a loaded module first
 * ({@code 'print'}, {@code 'string.rep'}), else how the calling instruction reached it
 * ({@code local 'f'}, {@code upvalue}, {@code method}, {@code field}, {@code global}; {@code
 * metamethod 'index'} and the like when an operator or a table access called it, {@code for
 * iterator 'for iterator'}), else
 * {@code main chunk}, {@code function <s.lua:12>} or {@code ?}. Java functions show as
 * {@code [C]}. LuaJ records no frame for most Java functions; a Lua frame stopped at a call of
 * a Java function gets that function as a {@code [C]} level above it (so {@code error} and
 * {@code coroutine.yield} appear as in the reference). A Lua function reached by a tail call
 * (the calling instruction called another function) is followed by {@code (...tail calls...)}.
 * More than 22 levels are cut to the first 10 and the last 11, with {@code ...\t(skipping n
 * levels)} between. Engine thread (reads the coroutine's call stack).
 */
public final class Tracebacks {
    private static final int LEVELS1 = 10;
    private static final int LEVELS2 = 11;

    private Tracebacks() {}

    /** One level of the traceback: a Lua frame or a Java function. */
    private record Level(LuaFunction function, int pc, LuaValue[] stack, String nameFromCaller, boolean tail) {}

    /**
     * The traceback of coroutine {@code thread}.
     *
     * @param globals the engine's globals (the loaded modules name the functions)
     * @param thread the coroutine whose stack is shown
     * @param message the first line(s), or null for none
     * @param level the first level shown: for the running coroutine 1 is the function that called
     *     {@code self} (or, in an error handler, the function that raised the error); for another
     *     coroutine 0 is where it waits
     * @param self the Java function asking for the traceback (left out of the running coroutine's
     *     levels), or null
     * @param outerJava whether the outermost Java levels are shown (the main chunk's {@code [C]:
     *     in ?}); false for coroutines created by {@code coroutine.create}
     * @return {@code message\nstack traceback:\n\t...}
     */
    public static String traceback(
            Globals globals, LuaThread thread, String message, int level, LuaFunction self, boolean outerJava) {
        List<Level> levels = levels(thread, outerJava);
        int start = level;
        if (thread == globals.running
                && (levels.isEmpty() || self == null || levels.get(0).function() != self)) {
            start = level - 1; // level 0, the function asking, is not on LuaJ's stack
        }
        StringBuilder sb = new StringBuilder();
        if (message != null) {
            sb.append(message).append('\n');
        }
        sb.append("stack traceback:");
        if (start < 0) {
            start = 0;
        }
        int last = levels.size() - 1;
        int limit = last - start > LEVELS1 + LEVELS2 ? LEVELS1 : -1;
        for (int k = start; k <= last; k++) {
            if (limit-- == 0) {
                int n = last - k - LEVELS2;
                sb.append("\n\t...\t(skipping ").append(n).append(" levels)");
                k += n;
                continue;
            }
            Level l = levels.get(k);
            sb.append("\n\t").append(where(l)).append(": in ").append(describe(globals, l));
            if (l.tail()) {
                sb.append("\n\t(...tail calls...)");
            }
        }
        return sb.toString();
    }

    /** The levels of {@code thread}, innermost first. */
    private static List<Level> levels(LuaThread thread, boolean outerJava) {
        List<Level> out = new ArrayList<>();
        int depth = CallStackHooks.depth(thread);
        for (int k = depth - 1; k >= 0; k--) {
            LuaFunction fn = CallStackHooks.function(thread, k);
            if (fn == null) {
                continue;
            }
            int pc = CallStackHooks.pc(thread, k);
            LuaValue[] stack = CallStackHooks.registers(thread, k);
            LuaFunction inner = k + 1 < depth ? CallStackHooks.function(thread, k + 1) : null;
            if (fn instanceof LuaClosure c && stack != null) {
                LuaFunction callee = callee(c.p, pc, stack);
                if (callee != null && !(callee instanceof LuaClosure) && callee != inner) {
                    out.add(new Level(callee, -1, null, calledAs(c.p, pc), false));
                }
            }
            String name = null;
            boolean tail = false;
            if (k > 0
                    && CallStackHooks.function(thread, k - 1) instanceof LuaClosure caller
                    && CallStackHooks.registers(thread, k - 1) != null) {
                int cpc = CallStackHooks.pc(thread, k - 1);
                LuaFunction called = callee(caller.p, cpc, CallStackHooks.registers(thread, k - 1));
                if (called == fn) {
                    name = calledAs(caller.p, cpc);
                } else if (called instanceof LuaClosure && fn instanceof LuaClosure) {
                    tail = true;
                } else if (called == null) {
                    name = reachedBy(caller.p, cpc);
                }
            }
            out.add(new Level(fn, pc, stack, name, tail));
        }
        while (!out.isEmpty() && !(out.get(out.size() - 1).function() instanceof LuaClosure)) {
            out.remove(out.size() - 1);
        }
        if (outerJava) {
            out.add(new Level(null, -1, null, null, false)); // what started the chunk: lua.c's C code
        }
        return out;
    }

    /** The function a frame stopped at a call instruction is calling, or null. */
    private static LuaFunction callee(Prototype p, int pc, LuaValue[] stack) {
        if (pc < 0 || pc >= p.code.length) {
            return null;
        }
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) {
            return null;
        }
        int a = Lua.GETARG_A(i);
        return a < stack.length && stack[a] instanceof LuaFunction f ? f : null;
    }

    /**
     * How an instruction other than a call reached the function it runs, as 5.4's
     * {@code funcnamefromcode} names it: {@code metamethod 'index'} (table access), {@code
     * metamethod 'add'} and the other operators' events without their {@code __}, {@code for
     * iterator 'for iterator'} (a generic {@code for}'s iterator); null for any other instruction.
     */
    private static String reachedBy(Prototype p, int pc) {
        if (pc < 0 || pc >= p.code.length) {
            return null;
        }
        String event =
                switch (Lua.GET_OPCODE(p.code[pc])) {
                    case Lua.OP_GETTABUP, Lua.OP_GETTABLE, Lua.OP_SELF -> "index";
                    case Lua.OP_SETTABUP, Lua.OP_SETTABLE -> "newindex";
                    case Lua.OP_ADD -> "add";
                    case Lua.OP_SUB -> "sub";
                    case Lua.OP_MUL -> "mul";
                    case Lua.OP_DIV -> "div";
                    case Lua.OP_MOD -> "mod";
                    case Lua.OP_POW -> "pow";
                    case Lua.OP_UNM -> "unm";
                    case Lua.OP_LEN -> "len";
                    case Lua.OP_CONCAT -> "concat";
                    case Lua.OP_EQ -> "eq";
                    case Lua.OP_LT -> "lt";
                    case Lua.OP_LE -> "le";
                    case Lua.OP_TFORCALL -> "";
                    default -> null;
                };
        if (event == null) {
            return null;
        }
        return event.isEmpty() ? "for iterator 'for iterator'" : "metamethod '" + event + "'";
    }

    /** {@code "local 'f'"} and the like: how the call instruction at {@code pc} names its function. */
    private static String calledAs(Prototype p, int pc) {
        String[] nw = VariableNames.objectName(p, pc, Lua.GETARG_A(p.code[pc]));
        return nw == null || nw[1] == null ? null : nw[0] + " '" + nw[1] + "'";
    }

    private static String where(Level l) {
        if (!(l.function() instanceof LuaClosure c)) {
            return "[C]";
        }
        String src = ChunkNames.shortsource(c.p.source);
        int[] lines = c.p.lineinfo;
        int pc = l.pc();
        return lines != null && pc >= 0 && pc < lines.length && lines[pc] > 0 ? src + ":" + lines[pc] : src;
    }

    private static String describe(Globals globals, Level l) {
        String global = globalName(globals, l.function());
        if (global != null) {
            return "function '" + global + "'";
        }
        if (l.nameFromCaller() != null) {
            return l.nameFromCaller();
        }
        if (l.function() instanceof LuaClosure c) {
            return c.p.linedefined == 0
                    ? "main chunk"
                    : "function <" + ChunkNames.shortsource(c.p.source) + ":" + c.p.linedefined + ">";
        }
        return "?";
    }

    /**
     * The function's name among the loaded modules ({@code package.loaded}), as 5.4's
     * {@code pushglobalfuncname}: {@code "print"} for a global, {@code "string.rep"}; null if none.
     */
    static String globalName(Globals globals, LuaValue fn) {
        LuaValue loaded = globals.get("package").isnil()
                ? LuaValue.NIL
                : globals.get("package").get("loaded");
        if (!loaded.istable()) {
            return null;
        }
        LuaValue g = loaded.get("_G").istable() ? loaded.get("_G") : globals;
        {
            String n = keyOf(g, fn);
            if (n != null) {
                return n;
            }
        }
        for (Varargs e = loaded.next(LuaValue.NIL); !e.arg1().isnil(); e = loaded.next(e.arg1())) {
            if (e.arg1().isstring() && e.arg(2).istable() && e.arg(2) != g) {
                String n = keyOf(e.arg(2), fn);
                if (n != null) {
                    return e.arg1().tojstring() + "." + n;
                }
            }
        }
        return null;
    }

    private static String keyOf(LuaValue table, LuaValue fn) {
        for (Varargs e = table.next(LuaValue.NIL); !e.arg1().isnil(); e = table.next(e.arg1())) {
            if (e.arg(2) == fn && e.arg1().isstring()) {
                return e.arg1().tojstring();
            }
        }
        return null;
    }
}

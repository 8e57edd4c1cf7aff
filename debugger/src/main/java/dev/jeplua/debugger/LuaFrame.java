package dev.jeplua.debugger;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.CallStackHooks;

/**
 * One active call of a coroutine as the debugger sees it: frame {@code level} of the
 * coroutine's call stack (0 = outermost), read through {@link CallStackHooks}. Valid while the
 * engine stays stopped. Engine thread only.
 */
final class LuaFrame {
    /** A named value of the frame: a local (register {@code index}) or an upvalue (slot {@code index}). */
    record Slot(String name, int index, LuaValue value) {}

    final LuaThread thread;
    final int level;

    LuaFrame(LuaThread thread, int level) {
        this.thread = thread;
        this.level = level;
    }

    /** The frame's function when it is a Lua function, else null (a Java function such as {@code pcall}). */
    LuaClosure closure() {
        return CallStackHooks.function(thread, level) instanceof LuaClosure c ? c : null;
    }

    /** Current instruction index, or -1. */
    int pc() {
        return CallStackHooks.pc(thread, level);
    }

    /** Current line (1-based), or 0 when unknown. */
    int line() {
        LuaClosure c = closure();
        return c == null ? 0 : lineOf(c.p, pc());
    }

    /** The line of instruction {@code pc} of {@code p}, or 0 when unknown. */
    static int lineOf(Prototype p, int pc) {
        int[] li = p.lineinfo;
        return li != null && pc >= 0 && pc < li.length ? li[pc] : 0;
    }

    /** A name for the stack view: how it was called, else where it was defined. */
    String name() {
        LuaFunction f = CallStackHooks.function(thread, level);
        LuaClosure c = closure();
        if (c == null) {
            return f == null ? "?" : f.name();
        }
        String called = CallStackHooks.functionName(thread, level);
        if (called != null) {
            return called.substring(called.indexOf(' ') + 1);
        }
        if (c.p.linedefined == 0) {
            return "main chunk";
        }
        return "function <" + c.p.shortsource() + ":" + c.p.linedefined + ">";
    }

    /** The active locals at the current instruction, in declaration order (temporaries left out). */
    List<Slot> locals() {
        List<Slot> out = new ArrayList<>();
        LuaClosure c = closure();
        LuaValue[] regs = CallStackHooks.registers(thread, level);
        if (c == null || regs == null) {
            return out;
        }
        int pc = pc();
        for (int i = 1; ; i++) {
            LuaString name = c.p.getlocalname(i, pc);
            if (name == null) {
                break;
            }
            String n = name.tojstring();
            if (n.startsWith("(") || i > regs.length) {
                continue;
            }
            LuaValue v = regs[i - 1];
            out.add(new Slot(n, i - 1, v == null ? LuaValue.NIL : v));
        }
        return out;
    }

    /** The function's upvalues ({@code _ENV} left out). */
    List<Slot> upvalues() {
        List<Slot> out = new ArrayList<>();
        LuaClosure c = closure();
        if (c == null || c.upValues == null) {
            return out;
        }
        for (int i = 0; i < c.upValues.length && i < c.p.upvalues.length; i++) {
            LuaString name = c.p.upvalues[i].name;
            String n = name == null ? "?" : name.tojstring();
            if (n.equals("_ENV") || c.upValues[i] == null) {
                continue;
            }
            out.add(new Slot(n, i, c.upValues[i].getValue()));
        }
        return out;
    }

    /** Sets register {@code index} of this frame. */
    void setLocal(int index, LuaValue v) {
        LuaValue[] regs = CallStackHooks.registers(thread, level);
        if (regs != null && index >= 0 && index < regs.length) {
            regs[index] = v;
        }
    }

    /** Sets upvalue {@code index} of this frame's function. */
    void setUpvalue(int index, LuaValue v) {
        LuaClosure c = closure();
        if (c != null && c.upValues != null && index >= 0 && index < c.upValues.length) {
            c.upValues[index].setValue(v);
        }
    }

    /** The environment the function sees ({@code _ENV} upvalue), or null when it has none. */
    LuaValue environment() {
        LuaClosure c = closure();
        if (c == null || c.upValues == null) {
            return null;
        }
        for (int i = 0; i < c.upValues.length && i < c.p.upvalues.length; i++) {
            LuaString name = c.p.upvalues[i].name;
            if (name != null && name.tojstring().equals("_ENV") && c.upValues[i] != null) {
                return c.upValues[i].getValue();
            }
        }
        return null;
    }
}

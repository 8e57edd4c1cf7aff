package dev.jeplua.debugger;

import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Evaluates Lua text in a stopped frame (the debug console, hover, conditions and log points of
 * breakpoints): names resolve to the frame's locals first, then its upvalues, then its globals,
 * and assignments write back to them, as in the frame's own code. The text is tried as an
 * expression ({@code return <text>}) and then as a statement. Runs on the engine thread while
 * the debugger holds it (the hook ignores the instructions it runs).
 */
final class Evaluator {
    private final Globals globals;

    Evaluator(Globals globals) {
        this.globals = globals;
    }

    /** The engine's globals table (the Globals scope when a frame has no {@code _ENV}). */
    LuaValue globalsTable() {
        return globals;
    }

    /**
     * Runs {@code code} in {@code frame} (null: at the top level, globals only).
     *
     * @return the values it returned (none for a statement)
     * @throws LuaError for a compile error (the statement form's message) or a runtime error
     */
    Varargs evaluate(String code, LuaFrame frame) {
        LuaTable env = environment(frame);
        LuaValue fn;
        try {
            fn = globals.load("return " + code, "=(debug)", env);
        } catch (LuaError expressionFailed) {
            fn = globals.load(code, "=(debug)", env);
        }
        return fn.invoke(LuaValue.NONE);
    }

    /** True when {@code condition} evaluates to a true value in the frame; a failing condition counts as true (it stops, as VS Code expects). */
    boolean holds(String condition, LuaFrame frame) {
        try {
            return evaluate(condition, frame).arg1().toboolean();
        } catch (LuaError | StackOverflowError e) {
            return true;
        }
    }

    /** A log point's text with each {@code {expr}} replaced by its value (an error shows as {@code {error: msg}}). */
    String interpolate(String template, LuaFrame frame) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                sb.append(template, i, template.length());
                break;
            }
            sb.append(template, i, open);
            String expr = template.substring(open + 1, close);
            try {
                sb.append(Values.plain(evaluate(expr, frame).arg1()));
            } catch (LuaError e) {
                sb.append("{error: ").append(e.getMessage()).append('}');
            }
            i = close + 1;
        }
        return sb.toString();
    }

    private LuaTable environment(LuaFrame frame) {
        LuaTable env = new LuaTable();
        LuaValue frameEnv = frame == null ? null : frame.environment();
        LuaValue globalsTable = frameEnv != null ? frameEnv : globals;
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                LuaFrame.Slot s = find(frame, key);
                return s != null ? s.value() : globalsTable.get(key);
            }
        });
        meta.set(LuaValue.NEWINDEX, new ThreeArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key, LuaValue value) {
                if (frame != null && key.isstring()) {
                    String name = key.tojstring();
                    LuaFrame.Slot local = last(frame.locals(), name);
                    if (local != null) {
                        frame.setLocal(local.index(), value);
                        return NONE;
                    }
                    LuaFrame.Slot up = last(frame.upvalues(), name);
                    if (up != null) {
                        frame.setUpvalue(up.index(), value);
                        return NONE;
                    }
                }
                globalsTable.set(key, value);
                return NONE;
            }
        });
        env.setmetatable(meta);
        return env;
    }

    private static LuaFrame.Slot find(LuaFrame frame, LuaValue key) {
        if (frame == null || !key.isstring()) {
            return null;
        }
        String name = key.tojstring();
        LuaFrame.Slot local = last(frame.locals(), name);
        return local != null ? local : last(frame.upvalues(), name);
    }

    /** The innermost (last declared) slot called {@code name}. */
    private static LuaFrame.Slot last(List<LuaFrame.Slot> slots, String name) {
        for (int i = slots.size() - 1; i >= 0; i--) {
            if (slots.get(i).name().equals(name)) {
                return slots.get(i);
            }
        }
        return null;
    }
}

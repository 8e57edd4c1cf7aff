package dev.jeplua.engine.compile;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Tells compiled frames that {@code debug.setlocal} may have changed one of their locals: the
 * engine's {@code debug.setlocal} is wrapped so that its first call sets {@link #used}. A
 * compiled function keeps its registers in JVM locals and copies its named locals to the
 * call-stack frame's register array before each call (docs/compiled-tier.md); after the call it
 * reads them back only once {@code setlocal} has been used, so until then a call costs one read
 * of a static field instead of a read per local. The flag is shared by the engines of the JVM,
 * without synchronization: the engine thread that calls {@code setlocal} sees its own write (the
 * frames it can reach are its own), and another engine's write only makes frames read back
 * values that did not change. Any thread.
 */
public final class LocalsWatch {
    /** Internal name of this class, for generated code. */
    static final String NAME = "dev/jeplua/engine/compile/LocalsWatch";

    /**
     * True once {@code debug.setlocal} has been called in this JVM (never reset): compiled call
     * sites then read their named locals back from the register array after each call.
     */
    public static boolean used;

    private LocalsWatch() {}

    /**
     * Wraps {@code debug.setlocal} of {@code globals} (when the debug library is loaded) so that
     * it counts its calls. Engine set-up thread.
     */
    static void install(Globals globals) {
        LuaValue debug = globals.get("debug");
        if (!debug.istable()) {
            return;
        }
        LuaValue setlocal = debug.get("setlocal");
        if (setlocal.isfunction()) {
            debug.set("setlocal", new Counting(setlocal));
        }
    }

    /** {@code debug.setlocal} as the debug library gives it, counted. */
    private static final class Counting extends VarArgFunction {
        private final LuaValue setlocal;

        Counting(LuaValue setlocal) {
            this.setlocal = setlocal;
            this.name = "setlocal";
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                return setlocal.invoke(args);
            } finally {
                used = true;
            }
        }
    }
}

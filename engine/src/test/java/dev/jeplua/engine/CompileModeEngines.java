package dev.jeplua.engine;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.compile.CompileMode;

/** Test engines started with the compiled tier switched on or off, whatever the suite's mode. */
final class CompileModeEngines {
    private CompileModeEngines() {}

    /**
     * A started engine (stdout off) whose mode is {@code compile}: the switch's system property
     * is set while the engine is created (the mode is read then) and restored after.
     */
    static LuaEngine engine(boolean compile) {
        String before = System.getProperty(CompileMode.PROPERTY);
        System.setProperty(CompileMode.PROPERTY, compile ? "on" : "off");
        try {
            LuaEngine e = new LuaEngine(new EngineConfig().stdout(false));
            e.start();
            return e;
        } finally {
            if (before == null) {
                System.clearProperty(CompileMode.PROPERTY);
            } else {
                System.setProperty(CompileMode.PROPERTY, before);
            }
        }
    }
}

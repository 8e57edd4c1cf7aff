package dev.jeplua.engine.coroutine;

import org.luaj.vm2.LuaValue;

/** Reports an error raised by a callback that nobody else receives. Engine thread only. */
@FunctionalInterface
public interface ErrorReporter {
    /**
     * @param kind      callback kind ("timer", "interval", ...)
     * @param error     the Lua error value
     * @param traceback traceback text ("stack traceback:\n\t..."), or null
     */
    void report(String kind, LuaValue error, String traceback);
}

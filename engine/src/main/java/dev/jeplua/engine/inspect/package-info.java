/**
 * The live inspector: {@link dev.jeplua.engine.inspect.Inspector} lists what is pending or open
 * in an engine (timers, suspended coroutines, and the sections libraries register as
 * {@link dev.jeplua.engine.inspect.InspectSection}), for the web page's inspector tab.
 */
package dev.jeplua.engine.inspect;

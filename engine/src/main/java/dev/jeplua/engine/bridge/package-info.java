/**
 * The {@code _PY} host table (named after the plua/EPLua bridge it stands in for): its one owner
 * {@link dev.jeplua.engine.bridge.PyBridgeLib} creates it and other libraries add functions by
 * name; {@link dev.jeplua.engine.bridge.WebControlLib} adds {@code start_web_server}/
 * {@code stop_web_server} on the {@link dev.jeplua.engine.bridge.WebServerControl} the web module
 * implements.
 */
package dev.jeplua.engine.bridge;

/**
 * The {@code _PY} host table (named after the plua/EPLua bridge it stands in for; what EPLua
 * scripts find there and how it differs: docs/eplua-bridge.md). Its one owner
 * {@link dev.jeplua.engine.bridge.PyBridgeLib} creates it and installs the parts of this package:
 * the configuration ({@code PyConfig}), platform facts ({@code PlatformInfo}), files
 * ({@code PyFiles}), small helpers ({@code PyHelpers}), the callback registry
 * ({@link dev.jeplua.engine.bridge.CallbackRegistry}), the event queue ({@code EventQueue}),
 * refresh-states polling ({@code RefreshStatesPoller}) and view updates
 * ({@link dev.jeplua.engine.bridge.ViewUpdates}). Other libraries add functions by name;
 * {@link dev.jeplua.engine.bridge.WebControlLib} adds {@code start_web_server}/
 * {@code stop_web_server} on the {@link dev.jeplua.engine.bridge.WebServerControl} the web module
 * implements. Host libraries in other modules call scripts back by id through
 * {@link dev.jeplua.engine.bridge.CallbackRegistry#of}.
 */
package dev.jeplua.engine.bridge;

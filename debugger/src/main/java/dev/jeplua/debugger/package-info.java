/**
 * The Debug Adapter Protocol server of {@code --debug}: breakpoints, stepping, pause, stack,
 * variables and evaluate for VS Code and other DAP clients (docs/debugging.md).
 */
package dev.jeplua.debugger;

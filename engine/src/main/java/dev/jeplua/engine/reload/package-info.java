/**
 * Running a script again in the same engine ({@code --watch}): {@link dev.jeplua.engine.reload.RunScope}
 * keeps what a run has open (servers, windows) so it can be closed,
 * {@link dev.jeplua.engine.reload.ScriptReset} puts timers, globals and modules back to where
 * they were before the run.
 */
package dev.jeplua.engine.reload;

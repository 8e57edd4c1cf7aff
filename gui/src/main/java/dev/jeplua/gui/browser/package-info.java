/**
 * Opening URLs in the system's web browser ({@link dev.jeplua.gui.browser.BrowserOpener},
 * {@link dev.jeplua.gui.browser.SystemBrowser}); depends on nothing else in the gui module.
 */
package dev.jeplua.gui.browser;

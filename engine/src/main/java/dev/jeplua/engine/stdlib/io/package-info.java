/**
 * The {@code io} library as Lua 5.2 behaves (manual §6.8): file objects on
 * {@code RandomAccessFile}, read formats, {@code lines}, open modes; and the errno texts and
 * numbers ({@link dev.jeplua.engine.stdlib.io.Errno}) that {@code io}, {@code os} and {@code lfs}
 * return on failure.
 */
package dev.jeplua.engine.stdlib.io;

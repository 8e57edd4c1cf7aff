/** The {@code table} library with Lua 5.2 semantics plus {@code table.move} (manual §6.5). */
package dev.jeplua.engine.stdlib.table;

/** The {@code os} library as Lua 5.2 behaves (manual §6.9): {@code date}, {@code time}, {@code execute}, {@code remove}, {@code rename}, {@code tmpname}. */
package dev.jeplua.engine.stdlib.os;

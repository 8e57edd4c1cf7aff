/**
 * The {@code string} library (Lua 5.2 manual §6.4: patterns, {@code format}, {@code rep},
 * {@code pack}/{@code unpack}) and {@code utf8}, as the reference interpreter behaves, installed
 * over LuaJ's {@code StringLib}.
 */
package dev.jeplua.engine.stdlib.string;

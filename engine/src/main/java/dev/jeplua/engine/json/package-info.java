/** The {@code json} library ({@code json.encode}, {@code json.decode}, formatting options) and its codec: encoder, decoder and the Lua/JSON value mapping. */
package dev.jeplua.engine.json;

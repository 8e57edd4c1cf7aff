package dev.jeplua.telnet;

import dev.jeplua.engine.LuaEngine;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * The pipeline of one telnet connection: {@link TelnetDecoder} (IAC handling, line framing
 * with the 64 KiB limit; it stops decoding while the handler has paused reading) then
 * {@link TelnetSessionHandler} (the REPL, the token check and the HTTP guard). Output is written as
 * byte buffers already encoded for the client, so no encoder is needed.
 */
public final class TelnetInitializer extends ChannelInitializer<SocketChannel> {
    /** Longest accepted line, in bytes (README.md#telnet-repl-and-repl-client). */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final LuaEngine engine;
    private final OutputBroadcaster broadcaster;
    private final TelnetServer.Options options;
    private final byte[] tokenDigest;

    TelnetInitializer(LuaEngine engine, OutputBroadcaster broadcaster, TelnetServer.Options options) {
        this.engine = engine;
        this.broadcaster = broadcaster;
        this.options = options;
        this.tokenDigest = options.token() == null ? null : TokenCheck.digest(options.token());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast("telnet-decoder", new TelnetDecoder(MAX_LINE_BYTES));
        ch.pipeline()
                .addLast(
                        "repl",
                        new TelnetSessionHandler(engine, broadcaster, options.executionTimeoutMs(), tokenDigest));
    }
}

package dev.jeplua.telnet;

import dev.jeplua.engine.LuaEngine;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link WireFormat} of a telnet terminal: texts are lines ({@code \n} sent as {@code \r\n},
 * byte 255 doubled, {@link TelnetText}), the prompt is {@code > }, or {@code >> } while a chunk
 * is incomplete; errors look like results. Stateless; any thread.
 */
final class TelnetWireFormat implements WireFormat {
    TelnetWireFormat() {}

    @Override
    public void greet(Consumer<byte[]> out, boolean chunkPending) {
        send(out, LuaEngine.VERSION_LINE + " telnet REPL (:help for commands; exit or Ctrl-D to leave)\n");
        prompt(out, chunkPending);
    }

    @Override
    public void reply(Consumer<byte[]> out, String visible) {
        send(out, visible + "\n");
    }

    @Override
    public void fail(Consumer<byte[]> out, String visible) {
        send(out, visible + "\n");
    }

    @Override
    public void ready(Consumer<byte[]> out, boolean chunkPending) {
        prompt(out, chunkPending);
    }

    @Override
    public void more(Consumer<byte[]> out) {
        send(out, ">> ");
    }

    @Override
    public void interruptedIdle(Consumer<byte[]> out, boolean chunkPending) {
        send(out, "\n");
        prompt(out, chunkPending);
    }

    @Override
    public void nothingToInterrupt(Consumer<byte[]> out, boolean chunkPending) {
        reply(out, "nothing to interrupt");
        ready(out, chunkPending);
    }

    @Override
    public void leave(Consumer<byte[]> out) {
        send(out, "bye\n");
    }

    @Override
    public void candidates(Consumer<byte[]> out, List<String> visible, boolean chunkPending) {
        StringBuilder sb = new StringBuilder();
        visible.forEach(c -> sb.append(c).append('\n'));
        send(out, sb.append('\n').toString());
        prompt(out, chunkPending);
    }

    @Override
    public byte[] overflowNotice(String notice) {
        return TelnetText.encode(notice);
    }

    @Override
    public byte[] output(byte[] printed, int length) {
        return TelnetText.encode(printed, length);
    }

    private static void prompt(Consumer<byte[]> out, boolean chunkPending) {
        send(out, chunkPending ? ">> " : "> ");
    }

    private static void send(Consumer<byte[]> out, String text) {
        out.accept(TelnetText.encode(text));
    }
}

package dev.jeplua.repl;

import dev.jeplua.repl.protocol.ChunkCompleteness;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's view of Lua input: when Enter is pressed on an incomplete chunk
 * ({@link ChunkCompleteness#isIncomplete}) it asks for a continuation line (JLine shows the secondary
 * prompt {@code >> } and keeps the whole chunk editable); for completion the word at the
 * cursor is the Lua name path before it ({@code string.fo}, {@code obj:ge}, {@code a.b.}).
 */
public final class LuaParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && ChunkCompleteness.isIncomplete(line)) {
            throw new EOFError(-1, cursor, "incomplete chunk", "chunk");
        }
        int start = cursor;
        while (start > 0 && isNamePathChar(line.charAt(start - 1))) {
            start--;
        }
        return new NamePath(line, cursor, line.substring(start, cursor));
    }

    private static boolean isNamePathChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':';
    }

    /** The parsed line: one word, the name path ending at the cursor; candidates replace it as they are. */
    private record NamePath(String line, int cursor, String word) implements CompletingParsedLine {
        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return word.length();
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }
    }
}

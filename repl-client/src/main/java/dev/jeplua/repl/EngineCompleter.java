package dev.jeplua.repl;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion from the live engine: asks the server ({@code :complete <name path>}) for the
 * globals, keywords, fields after {@code .} and methods after {@code :} that the running engine
 * has now. Candidates are full name paths ({@code string.format}) and add no space, so an
 * opening parenthesis can follow. Called by JLine on the thread reading the line.
 */
final class EngineCompleter implements Completer {
    private final ReplClient client;

    EngineCompleter(ReplClient client) {
        this.client = client;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String c : client.completions(line.word())) {
            candidates.add(new Candidate(c, c, null, null, null, null, false));
        }
    }
}

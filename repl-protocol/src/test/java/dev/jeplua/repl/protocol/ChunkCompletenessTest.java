package dev.jeplua.repl.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkCompletenessTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "for i=1,2 do",
                "for i=1,2 do\nprint(i)",
                "x = {",
                "f(",
                "if x then",
                "local s = [[abc",
                "function f()",
                "=1 +",
                "repeat",
                "t = {1,\n2,"
            })
    void chunks_that_stop_at_the_end_of_input_are_incomplete(String chunk) {
        assertThat(ChunkCompleteness.isIncomplete(chunk)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1+1",
                "x = 4",
                "for i=1,2 do print(i) end",
                "for i=1,2 do\nprint(i)\nend",
                "=x",
                "f(1 2)",
                "end",
                ":help",
                ":complete string.",
                "local = 3"
            })
    void complete_chunks_and_plain_errors_are_complete(String chunk) {
        assertThat(ChunkCompleteness.isIncomplete(chunk)).isFalse();
    }
}

package dev.jeplua.repl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LuaSyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {"for i=1,2 do", "for i=1,2 do\nprint(i)", "x = {", "f(", "if x then", "local s = [[abc",
            "function f()", "=1 +", "repeat", "t = {1,\n2,"})
    void chunks_that_stop_at_the_end_of_input_are_incomplete(String chunk) {
        assertThat(LuaSyntax.isIncomplete(chunk)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1+1", "x = 4", "for i=1,2 do print(i) end", "for i=1,2 do\nprint(i)\nend", "=x",
            "f(1 2)", "end", ":help", ":complete string.", "local = 3"})
    void complete_chunks_and_plain_errors_are_complete(String chunk) {
        assertThat(LuaSyntax.isIncomplete(chunk)).isFalse();
    }

    @Test
    void the_word_for_completion_is_the_name_path_before_the_cursor() {
        LuaParser parser = new LuaParser();
        assertThat(parser.parse("print(string.fo", 15, org.jline.reader.Parser.ParseContext.COMPLETE).word()).isEqualTo("string.fo");
        assertThat(parser.parse("x = obj:ge", 10, org.jline.reader.Parser.ParseContext.COMPLETE).word()).isEqualTo("obj:ge");
        assertThat(parser.parse("x = ", 4, org.jline.reader.Parser.ParseContext.COMPLETE).word()).isEmpty();
    }

    @Test
    void highlighting_colours_keywords_strings_numbers_and_comments_and_keeps_the_text() {
        String line = "local s = 'x' .. [[y]] -- note\nif n > 10 then end";
        var highlighted = LuaHighlighter.highlight(line);
        assertThat(highlighted.toString()).isEqualTo(line);
        assertThat(highlighted.styleAt(0)).isEqualTo(LuaHighlighter.KEYWORD);
        assertThat(highlighted.styleAt(line.indexOf("'x'"))).isEqualTo(LuaHighlighter.STRING);
        assertThat(highlighted.styleAt(line.indexOf("[[y]]") + 2)).isEqualTo(LuaHighlighter.STRING);
        assertThat(highlighted.styleAt(line.indexOf("note"))).isEqualTo(LuaHighlighter.COMMENT);
        assertThat(highlighted.styleAt(line.indexOf("10"))).isEqualTo(LuaHighlighter.NUMBER);
        assertThat(highlighted.styleAt(line.indexOf("s ="))).isEqualTo(org.jline.utils.AttributedStyle.DEFAULT);
    }
}

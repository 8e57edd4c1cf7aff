package dev.jeplua.repl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The JLine side of Lua input: completion words and highlighting (completeness: repl-protocol's ChunkCompletenessTest). */
class LuaParserTest {
    @Test
    void the_word_for_completion_is_the_name_path_before_the_cursor() {
        LuaParser parser = new LuaParser();
        assertThat(parser.parse("print(string.fo", 15, org.jline.reader.Parser.ParseContext.COMPLETE)
                        .word())
                .isEqualTo("string.fo");
        assertThat(parser.parse("x = obj:ge", 10, org.jline.reader.Parser.ParseContext.COMPLETE)
                        .word())
                .isEqualTo("obj:ge");
        assertThat(parser.parse("x = ", 4, org.jline.reader.Parser.ParseContext.COMPLETE)
                        .word())
                .isEmpty();
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

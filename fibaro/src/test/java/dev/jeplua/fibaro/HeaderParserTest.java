package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderParserTest {
    @Test
    void readsTheColonForm() {
        QaHeaders h = HeaderParser.parse(String.join(
                "\n",
                "--%%name:My Lamp",
                "--%%type:com.fibaro.multilevelSwitch",
                "--%%var:city=\"London\"",
                "--%%var:count=42 -- a comment",
                "--%%u:{label='l1',text='hi'}",
                "--%%u:{{button='b1',text='On',onReleased='turnOn'},{button='b2',text='Off',onReleased='turnOff'}}",
                "--%%file:lib/util.lua,util;",
                "--%%offline:true",
                "--%%proxy:false",
                "--%%desktop:TRUE",
                "--%%debug:false",
                "--%%description:\"A lamp\"",
                "--%%interfaces:{'power'}",
                "print('code')"));
        assertThat(h.name()).isEqualTo("My Lamp");
        assertThat(h.type()).isEqualTo("com.fibaro.multilevelSwitch");
        assertThat(h.vars()).containsExactly(new QaHeaders.Var("city", "\"London\""), new QaHeaders.Var("count", "42"));
        assertThat(h.ui()).hasSize(2);
        assertThat(h.ui().get(0)).isEqualTo("{label='l1',text='hi'}");
        assertThat(h.files()).containsExactly(new QaHeaders.Include("lib/util.lua", "util"));
        assertThat(h.offline()).isTrue();
        assertThat(h.proxy()).isFalse();
        assertThat(h.desktop()).isTrue();
        assertThat(h.debug()).isFalse();
        assertThat(h.description()).isEqualTo("A lamp");
        assertThat(h.interfaces()).isEqualTo("{'power'}");
        assertThat(h.warnings()).isEmpty();
    }

    @Test
    void readsTheOlderEqualsForm() {
        QaHeaders h = HeaderParser.parse(
                "--%%name=Old\n--%%var=url:\"http://x:80/\"\n--%%file=lib/a.lua:liba\n--%%debug=sdk:true\n");
        assertThat(h.name()).isEqualTo("Old");
        assertThat(h.vars()).containsExactly(new QaHeaders.Var("url", "\"http://x:80/\""));
        assertThat(h.files()).containsExactly(new QaHeaders.Include("lib/a.lua", "liba"));
        assertThat(h.debug()).isTrue();
        assertThat(h.warnings()).isEmpty();
    }

    @Test
    void aFileWithoutANameIsNamedAfterItsBaseName() {
        QaHeaders h = HeaderParser.parse("--%%file:src/helpers.lua\n--%%file:C:/qa/x.lua\n--%%file:$fibaro.lib.qwik\n");
        assertThat(h.files())
                .containsExactly(
                        new QaHeaders.Include("src/helpers.lua", "helpers"),
                        new QaHeaders.Include("C:/qa/x.lua", "x"),
                        new QaHeaders.Include("$fibaro.lib.qwik", "qwik"));
    }

    @Test
    void unknownKeysAndBadValuesAreWarningsNotErrors() {
        QaHeaders h = HeaderParser.parse("--%%colour:red\n--%%conceal:x\n--%%offline:maybe\n--%%var:nonsense\n"
                + "--%%file:a.lua,a\n--%%file:b.lua,a\n--%%name:Still read\n");
        assertThat(h.name()).isEqualTo("Still read");
        assertThat(h.offline()).isNull();
        assertThat(h.files()).containsExactly(new QaHeaders.Include("a.lua", "a"));
        assertThat(h.warnings())
                .containsExactly(
                        "--%%colour: unknown header key - ignoring",
                        "--%%conceal is not emulated by JEPLua - ignoring",
                        "--%%offline maybe: expected true or false - ignoring",
                        "--%%var nonsense: expected name=value - ignoring",
                        "--%%file b.lua,a: a file named 'a' is already included - ignoring");
    }

    @Test
    void commentedOutDirectivesAndTextAfterTheEndMarkerAreNotRead() {
        QaHeaders h = HeaderParser.parse(
                "--%% name:Hidden\n  --%%name:Indented\n--%%name:Real\n" + "----------ENDOFHEADERS\n--%%name:Late\n");
        assertThat(h.name()).isEqualTo("Real");
    }

    @Test
    void laterKeysWinAndRepeatableKeysAccumulate() {
        QaHeaders h = HeaderParser.parse("--%%name:A\r\n--%%name:B\r\n--%%var:x=1\r\n--%%var:x=2\r\n");
        assertThat(h.name()).isEqualTo("B");
        assertThat(h.vars()).hasSize(2);
    }
}

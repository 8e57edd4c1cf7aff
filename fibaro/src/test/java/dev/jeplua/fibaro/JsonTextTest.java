package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** JsonText: the same trees and text as Jackson databind's ObjectMapper, without building one. */
class JsonTextTest {
    private static final String SAMPLE =
            "{\"id\":5555,\"big\":9007199254740993,\"huge\":123456789012345678901234567890,"
                    + "\"f\":0.5,\"e\":1.0E300,\"s\":\"a\\\"b\\u00e9\\n\",\"t\":true,\"n\":null,"
                    + "\"a\":[1,[],{},\"x\",false],\"z\":{\"b\":1,\"a\":2}}";

    @Test
    void parsesTheTreesObjectMapperReads() throws Exception {
        JsonNode ours = JsonText.parse(SAMPLE);
        JsonNode theirs = new ObjectMapper().readTree(SAMPLE);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.get("id").isInt()).isTrue();
        assertThat(ours.get("big").isLong()).isTrue();
        assertThat(ours.get("huge").isBigInteger()).isTrue();
        assertThat(ours.get("f").isDouble()).isTrue();
        assertThat(ours.get("z").fieldNames()).toIterable().containsExactly("b", "a");
    }

    @Test
    void writesWhatJsonNodeToStringWrites() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(SAMPLE);
        assertThat(JsonText.write(tree)).isEqualTo(tree.toString());
        assertThat(JsonText.pretty(tree))
                .isEqualTo(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        assertThat(JsonText.write(null)).isEqualTo("null");
    }

    @Test
    void rejectsWhatIsNotOneJsonValue() {
        assertThatThrownBy(() -> JsonText.parse("")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonText.parse("{\"a\":")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonText.parse("{} {}"))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> JsonText.parse("nope")).isInstanceOf(JsonProcessingException.class);
    }
}

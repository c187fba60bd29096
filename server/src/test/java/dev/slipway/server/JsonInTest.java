package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.Value;
import org.junit.jupiter.api.Test;

class JsonInTest {
    @Test
    void parse_fields_keepTheirExactSourceText() {
        JsonIn json = JsonIn.parse(
                " { \"path\" : \"a:b\" , \"args\" : [ {\"n\": 1e2, \"s\": \"x,}\"} ] ,\"x\":null}", "the body");
        assertThat(json.string("path")).isEqualTo("a:b");
        assertThat(json.raw("args")).hasValue("[ {\"n\": 1e2, \"s\": \"x,}\"} ]");
        assertThat(json.has("x")).isFalse();
        assertThat(json.names()).containsExactly("path", "args", "x");
    }

    @Test
    void array_elements_areRawTexts() {
        JsonIn json = JsonIn.parse("{\"queries\":[{\"a\":1}, \"s\" ,[2]]}", "the body");
        assertThat(json.array("queries")).containsExactly("{\"a\":1}", "\"s\"", "[2]");
    }

    @Test
    void convexValue_decodesConvexJson() {
        JsonIn json = JsonIn.parse("{\"v\":{\"$integer\":\"BwAAAAAAAAA=\"}}", "the body");
        assertThat(json.convexValue("v")).hasValue(new Value.Int64(7));
    }

    @Test
    void string_ofANumber_namesTheField() {
        JsonIn json = JsonIn.parse("{\"path\":5}", "the body");
        assertThatThrownBy(() -> json.string("path"))
                .isInstanceOf(ApiException.class)
                .hasMessage("`path` in the body must be a string, got 5");
    }

    @Test
    void parse_trailingGarbage_isRefused() {
        assertThatThrownBy(() -> JsonIn.parse("{} x", "the body"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("the body");
    }
}

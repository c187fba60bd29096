package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "_id", "a b", "~", "x$", "0", "-", "\"quoted\""})
    void isValidFieldName_allowed_true(String name) {
        assertThat(FieldNames.isValidFieldName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$a", "$", "tab\there", "\u007f", "é", "😀"})
    void isValidFieldName_forbidden_false(String name) {
        assertThat(FieldNames.isValidFieldName(name)).isFalse();
    }

    @Test
    void checkFieldName_tooLong_namesLength() {
        assertThat(FieldNames.isValidFieldName("a".repeat(1024))).isTrue();
        assertThatThrownBy(() -> FieldNames.checkFieldName("a".repeat(1025)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("1025 characters > maximum 1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "messages", "_storage", "A1_b", "_a", "a_"})
    void isValidIdentifier_allowed_true(String name) {
        assertThat(FieldNames.isValidIdentifier(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1a", "a-b", "a b", "___", "_", "é"})
    void isValidIdentifier_forbidden_false(String name) {
        assertThat(FieldNames.isValidIdentifier(name)).isFalse();
    }

    @Test
    void checkIdentifier_lengthLimitIs64() {
        assertThat(FieldNames.isValidIdentifier("a".repeat(64))).isTrue();
        assertThatThrownBy(() -> FieldNames.checkIdentifier("table name", "a".repeat(65)))
                .hasMessageContaining("at most 64 characters, this one has 65");
    }

    @Test
    void checkUserIdentifier_underscorePrefix_isReserved() {
        assertThatCode(() -> FieldNames.checkUserIdentifier("table name", "messages"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> FieldNames.checkUserIdentifier("table name", "_storage"))
                .hasMessage("Invalid value: table name \"_storage\" is invalid: names starting with '_' are reserved"
                        + " for the system");
        assertThatThrownBy(() -> FieldNames.checkIdentifier("index name", "by-author"))
                .hasMessage("Invalid value: index name \"by-author\" is invalid: identifiers can only contain letters,"
                        + " digits and underscores, found U+002D at index 2");
    }

    @Test
    void objConstructor_invalidKey_isRejected() {
        assertThatThrownBy(() -> Value.Obj.of(Map.of("$x", Value.Null.INSTANCE)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("starts with '$'");
    }

    @Test
    void strConstructor_unpairedSurrogate_isRejected() {
        assertThatThrownBy(() -> new Value.Str("ok\udc00"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("unpaired surrogate U+DC00 at index 2");
        assertThat(new Value.Str("😀").value()).hasSize(2);
    }
}

package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentsTest {

    @Test
    void check_systemFields_areAllowed() {
        Value.Obj doc = Value.Obj.of(Map.of(
                "_id", new Value.Str("j57020g30g2gc1r81450p30d1r7h0swg"),
                "_creationTime", new Value.Float64(1.7e12),
                "body", new Value.Str("hi"),
                "nested", Value.Obj.of(Map.of("_private", Value.Null.INSTANCE))));
        assertThatCode(() -> Documents.check(doc)).doesNotThrowAnyException();
    }

    @Test
    void checkTopLevelFields_underscoreField_isRejected() {
        assertThatThrownBy(() -> Documents.checkTopLevelFields(Value.Obj.of(Map.of("_secret", Value.Null.INSTANCE))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.path()).isEqualTo("._secret");
                    assertThat(e.reason()).contains("starts with an underscore");
                });
    }

    @Test
    void checkTopLevelFields_systemFieldsOfWrongType_areRejected() {
        assertThatThrownBy(() -> Documents.checkTopLevelFields(Value.Obj.of(Map.of("_id", new Value.Int64(1)))))
                .hasMessage("Invalid value at ._id: the '_id' field must be an ID string, is an Int64");
        assertThatThrownBy(
                        () -> Documents.checkTopLevelFields(Value.Obj.of(Map.of("_creationTime", new Value.Int64(1)))))
                .hasMessage(
                        "Invalid value at ._creationTime: the '_creationTime' field must be a Float64, is an Int64");
    }

    @Test
    void check_nesting_limitIs16() {
        Value inner = Value.Null.INSTANCE;
        for (int i = 0; i < 15; i++) {
            inner = Value.Array.of(inner);
        }
        Value.Obj ok = Value.Obj.of(Map.of("a", inner));
        assertThatCode(() -> Documents.check(ok)).doesNotThrowAnyException();
        Value.Obj tooDeep = Value.Obj.of(Map.of("a", Value.Array.of(inner)));
        assertThatThrownBy(() -> Documents.check(tooDeep))
                .hasMessageContaining("document is nested more than 16 levels deep");
    }

    @Test
    void check_size_limitIs1MiB() {
        // {"s": "..."}: 2 + (1 + 1 + (2 + n)) = 6 + n bytes.
        int n = (1 << 20) - 6;
        assertThatCode(() -> Documents.check(Value.Obj.of(Map.of("s", new Value.Str("x".repeat(n))))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Documents.check(Value.Obj.of(Map.of("s", new Value.Str("x".repeat(n + 1))))))
                .hasMessage("Invalid value: document is too large (1048577 bytes > maximum size 1048576)");
    }
}

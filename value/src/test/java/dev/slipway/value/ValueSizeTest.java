package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ValueSizeTest {

    @Test
    void of_scalars_matchGetConvexSize() {
        assertThat(Value.Null.INSTANCE.size()).isEqualTo(1);
        assertThat(new Value.Bool(true).size()).isEqualTo(1);
        assertThat(new Value.Int64(5).size()).isEqualTo(9);
        assertThat(new Value.Float64(5).size()).isEqualTo(9);
        assertThat(new Value.Str("").size()).isEqualTo(2);
        assertThat(new Value.Str("aé€😀").size()).isEqualTo(2 + 1 + 2 + 3 + 4);
        assertThat(new Value.Bytes(new byte[7]).size()).isEqualTo(9);
    }

    @Test
    void of_containers_sumTheirParts() {
        assertThat(Value.Array.of().size()).isEqualTo(2);
        assertThat(Value.Array.of(Value.Null.INSTANCE, new Value.Int64(1)).size())
                .isEqualTo(2 + 1 + 9);
        // 2 + ("ab" 2 + 1 + 1) + ("c" 1 + 1 + 9)
        assertThat(Value.Obj.of(Map.of("ab", Value.Null.INSTANCE, "c", new Value.Float64(0)))
                        .size())
                .isEqualTo(2 + 4 + 11);
    }

    @Test
    void nesting_countsContainers() {
        assertThat(ValueSize.nesting(new Value.Int64(1))).isZero();
        assertThat(ValueSize.nesting(Value.Array.of())).isEqualTo(1);
        assertThat(ValueSize.nesting(Value.Array.of(Value.Obj.of(Map.of("a", Value.Array.of())))))
                .isEqualTo(3);
    }

    @Test
    void check_limits_reportPath() {
        List<Value> tooLong = new ArrayList<>();
        for (int i = 0; i < 8193; i++) {
            tooLong.add(Value.Null.INSTANCE);
        }
        assertThatThrownBy(() -> ValueSize.check(Value.Obj.of(Map.of("list", new Value.Array(tooLong)))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.path()).isEqualTo(".list");
                    assertThat(e.reason()).isEqualTo("array has 8193 elements (maximum 8192)");
                });
        TreeMap<String, Value> fields = new TreeMap<>();
        for (int i = 0; i < 1025; i++) {
            fields.put("f" + i, Value.Null.INSTANCE);
        }
        assertThatThrownBy(() -> ValueSize.check(Value.Array.of(new Value.Obj(fields))))
                .hasMessage("Invalid value at [0]: object has 1025 fields (maximum 1024)");
        Value deep = Value.Null.INSTANCE;
        for (int i = 0; i < 65; i++) {
            deep = Value.Array.of(deep);
        }
        Value tooDeep = deep;
        assertThatThrownBy(() -> ValueSize.check(tooDeep)).hasMessageContaining("nested more than 64 levels deep");
        ValueSize.check(((Value.Array) deep).elements().getFirst());
    }
}

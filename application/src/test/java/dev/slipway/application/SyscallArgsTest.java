package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.isolate.SyscallException;
import dev.slipway.value.Value;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyscallArgsTest {
    @Test
    void parse_scalarsValuesPatchesAndQueries_areReadByTheirAccessors() {
        SyscallArgs args = SyscallArgs.parse(
                "1.0/test",
                "{\"table\":\"t\",\"isSystem\":false,\"pageSize\":10,\"cursor\":null,"
                        + "\"value\":{\"n\":{\"$integer\":\"AQAAAAAAAAA=\"}},"
                        + "\"patch\":{\"gone\":{\"$undefined\":null},\"x\":1},"
                        + "\"query\":{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"t\",\"order\":null},"
                        + "\"operators\":[]}}");
        assertThat(args.string("table")).isEqualTo("t");
        assertThat(args.bool("isSystem")).isFalse();
        assertThat(args.number("pageSize")).isEqualTo(10.0);
        assertThat(args.optionalString("cursor")).isEmpty();
        assertThat(args.object("value")).isEqualTo(Value.Obj.of(Map.of("n", new Value.Int64(1))));
        assertThat(args.patch("patch"))
                .containsEntry("gone", Optional.empty())
                .containsEntry("x", Optional.of(new Value.Float64(1)));
        assertThat(args.query().operators()).isEmpty();
    }

    @Test
    void accessors_missingOrMistypedFields_failNamingSyscallAndField() {
        SyscallArgs args = SyscallArgs.parse("1.0/get", "{\"id\":5}");
        assertThatThrownBy(() -> args.string("id"))
                .isInstanceOf(SyscallException.class)
                .hasMessageContaining("1.0/get")
                .hasMessageContaining("id must be a string");
        assertThatThrownBy(() -> args.string("table"))
                .isInstanceOf(SyscallException.class)
                .hasMessageContaining("missing table");
        assertThatThrownBy(() -> SyscallArgs.parse("1.0/get", "[1]"))
                .isInstanceOf(SyscallException.class)
                .hasMessageContaining("expected a JSON object");
    }
}

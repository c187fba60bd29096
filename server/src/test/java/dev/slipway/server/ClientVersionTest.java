package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.ValueFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientVersionTest {
    @Test
    void defaultFormat_byClient_followsTheBackend() {
        assertThat(ClientVersion.defaultFormat(Optional.of("npm-1.48.0"))).isEqualTo(ValueFormat.JSON);
        assertThat(ClientVersion.defaultFormat(Optional.of("npm-1.4.2"))).isEqualTo(ValueFormat.JSON);
        assertThat(ClientVersion.defaultFormat(Optional.of("npm-1.4.1"))).isEqualTo(ValueFormat.CONVEX_ENCODED_JSON);
        assertThat(ClientVersion.defaultFormat(Optional.of("npm-cli-0.9.0")))
                .isEqualTo(ValueFormat.CONVEX_ENCODED_JSON);
        assertThat(ClientVersion.defaultFormat(Optional.of("python-0.5.0"))).isEqualTo(ValueFormat.CONVEX_ENCODED_JSON);
        assertThat(ClientVersion.defaultFormat(Optional.of("python-0.6.0"))).isEqualTo(ValueFormat.JSON);
        assertThat(ClientVersion.defaultFormat(Optional.of("rust-0.1.0"))).isEqualTo(ValueFormat.JSON);
        assertThat(ClientVersion.defaultFormat(Optional.empty())).isEqualTo(ValueFormat.JSON);
    }
}

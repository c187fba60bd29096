package dev.slipway.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresOptionsTest {

    private static PostgresOptions.Builder valid() {
        return PostgresOptions.builder()
                .jdbcUrl("jdbc:postgresql://db:5432/app")
                .user("slipway")
                .schema("dep_happy_otter");
    }

    @Test
    void build_defaults_areDocumentedValues() {
        PostgresOptions options = valid().build();

        assertThat(options.poolSize()).isEqualTo(PostgresOptions.DEFAULT_POOL_SIZE);
        assertThat(options.connectTimeout()).isEqualTo(PostgresOptions.DEFAULT_CONNECT_TIMEOUT);
        assertThat(options.password()).isEmpty();
        assertThat(options.describe()).isEqualTo("jdbc:postgresql://db:5432/app schema dep_happy_otter");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Dep",
                "1abc",
                "dep-x",
                "dep x",
                "dep\"x",
                "public",
                "pg_temp",
                "information_schema",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void build_badSchema_failsNamingIt(String schema) {
        assertThatThrownBy(() -> valid().schema(schema).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + schema + "\"");
    }

    @Test
    void deploymentSchema_validName_prefixesDep() {
        assertThat(PostgresOptions.deploymentSchema("happy_otter_123")).isEqualTo("dep_happy_otter_123");
        assertThatThrownBy(() -> PostgresOptions.deploymentSchema("happy-otter_1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("happy-otter_1");
        assertThatThrownBy(() -> PostgresOptions.deploymentSchema("Happy")).hasMessageContaining("\"Happy\"");
    }

    @Test
    void deploymentSchema_hyphenatedName_getsItsOwnPrefix_soNoTwoNamesShareASchema() {
        assertThat(PostgresOptions.deploymentSchema("brave-otter-123")).isEqualTo("dph_brave_otter_123");
        assertThat(PostgresOptions.deploymentSchema("brave_otter_123")).isEqualTo("dep_brave_otter_123");
        String longest = "a-" + "b".repeat(57);
        assertThat(PostgresOptions.builder()
                        .jdbcUrl("jdbc:postgresql://db/app")
                        .user("app")
                        .schema(PostgresOptions.deploymentSchema(longest))
                        .build()
                        .schema())
                .hasSize(63);
        java.util.Set<String> schemas = new java.util.HashSet<>();
        for (String name : java.util.List.of("a-b", "a_b", "ab", "a--b", "a__b", "-a", "_a", "a", "dep-a", "dep_a")) {
            assertThat(schemas.add(PostgresOptions.deploymentSchema(name)))
                    .as(name)
                    .isTrue();
        }
    }

    @Test
    void build_badPoolSizeOrTimeout_failsInsteadOfAdjusting() {
        assertThatThrownBy(() -> valid().poolSize(0).build()).hasMessageContaining("got 0");
        assertThatThrownBy(() -> valid().poolSize(201).build()).hasMessageContaining("got 201");
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ofMillis(100)).build())
                .hasMessageContaining("PT0.1S");
    }

    @Test
    void build_notAPostgresUrl_failsWithoutShowingThePassword() {
        assertThatThrownBy(() ->
                        valid().jdbcUrl("jdbc:mysql://db/app?password=secret").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/app?password=***")
                .hasMessageNotContaining("secret");
    }

    @Test
    void toStringAndDescribe_passwordInUrlOrOption_neverShowIt() {
        PostgresOptions options = valid().jdbcUrl("jdbc:postgresql://db/app?user=x&PASSWORD=s3cret&ssl=true")
                .password("hunter2")
                .build();

        assertThat(options.describe())
                .isEqualTo("jdbc:postgresql://db/app?user=x&PASSWORD=***&ssl=true schema dep_happy_otter");
        assertThat(options.toString()).doesNotContain("s3cret", "hunter2");
    }
}

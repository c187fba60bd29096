package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
    @Test
    void parse_uriForm_splitsCredentials() {
        PostgresUrl url = PostgresUrl.parse("postgres://bob:s%40cret@db.example:5433/app?sslmode=require");
        assertThat(url)
                .isEqualTo(new PostgresUrl(
                        "jdbc:postgresql://db.example:5433/app?sslmode=require", "bob", Optional.of("s@cret")));
        assertThat(url.display()).doesNotContain("s@cret");
    }

    @Test
    void parse_uriWithoutUser_isPostgres() {
        assertThat(PostgresUrl.parse("postgresql://127.0.0.1/test"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://127.0.0.1/test", "postgres", Optional.empty()));
    }

    @Test
    void parse_jdbcForm_takesUserAndPasswordFromTheQuery() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://h:5432/d?user=u&password=p&ssl=true"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h:5432/d?ssl=true", "u", Optional.of("p")));
    }

    @Test
    void parse_otherScheme_isRefusedWithoutThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter2@db/x"))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("mysql://root:***@db/x")
                .hasMessageNotContaining("hunter2");
    }
}

package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the control-plane flows share: people (each with a config directory of their own, so logins
 * never mix) running {@code slipway} against one running server, the secrets the commands print, and
 * a clock the tests move instead of waiting.
 */
final class ControlPlaneKit {
    private static final Pattern SECRET = Pattern.compile("sw_(?:owner|member|prod|preview|dep)_[a-z2-7]{52}");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ControlPlaneKit() {}

    /** A person at {@code home}: {@code SLIPWAY_CONFIG_DIR} is {@code home/.slipway}, and they work in {@code dir}. */
    static CliRunner person(Path home, Path dir) {
        return CliRunner.in(dir)
                .env(MemberConfig.DIR_VAR, home.resolve(".slipway").toString());
    }

    /** The command must succeed; answers what it printed. */
    static CliRunner.Result ok(CliRunner.Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result;
    }

    /** The command must fail with {@code exit}, its stderr containing {@code parts}. */
    static CliRunner.Result fails(CliRunner.Result result, int exit, String... parts) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
        assertThat(result.err()).as(result.toString()).contains(parts);
        return result;
    }

    /** The one secret a command printed (a token or key, shown once). */
    static String secret(CliRunner.Result result) {
        Matcher m = SECRET.matcher(result.out());
        assertThat(m.find()).as("a secret in %s", result).isTrue();
        return m.group();
    }

    /** The owner token the server wrote at its first start. */
    static String ownerToken(Path data) {
        try {
            return Files.readString(data.resolve("owner.token"), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer. */
    record Reply(int status, String body) {}

    /** {@code method url} with {@code Authorization: Convex <credential>} and a JSON body (or none). */
    static Reply http(String method, String url, String credential, String body) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Convex " + credential)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clock that stands still until a test moves it: the server's control-plane time. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

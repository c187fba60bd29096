package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin client against a real server: answers, streams, and each kind of failure and its exit code. */
class AdminClientTest {
    @TempDir
    static Path tmp;

    private static TestServer server;
    private static DeploymentTarget target;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        target = DeploymentTarget.resolve(
                new DeploymentTarget.Options(Optional.of(server.url()), Optional.of(server.adminKey())), Map.of(), tmp);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void get_answersTheJsonBody() {
        try (AdminClient admin = AdminClient.connect(target)) {
            Json page = admin.get("logs", Map.of("tail", "0"));

            assertThat(page.array("entries")).isEmpty();
            assertThat(page.string("cursor")).isPresent();
        }
    }

    @Test
    void download_streamsTheBody_andThrowsTheServersError() throws IOException {
        try (AdminClient admin = AdminClient.connect(target)) {
            try (InputStream in = admin.download("logs", Map.of("tail", "0"))) {
                assertThat(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                                .string("cursor"))
                        .isPresent();
            }
            assertThatThrownBy(() -> admin.download("no-such-endpoint", Map.of()))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exit()).isEqualTo(CliException.Exit.FAILED);
                        assertThat(e.errorCode()).hasValue("NotFound");
                    })
                    .hasMessageContaining("GET admin/no-such-endpoint failed: No admin endpoint");
        }
    }

    @Test
    void upload_sendsTheBody_andARefusalKeepsTheServersCode() {
        try (AdminClient admin = AdminClient.connect(target)) {
            assertThatThrownBy(() -> admin.upload(
                            "push",
                            Map.of(),
                            HttpRequest.BodyPublishers.ofString("{\"modules\": {}}"),
                            "application/json"))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exit()).isEqualTo(CliException.Exit.FAILED);
                        assertThat(e.errorCode()).hasValue("InvalidModules");
                        assertThat(e.body()).isPresent();
                    })
                    .hasMessageContaining("POST admin/push failed: the push has no modules (InvalidModules)");
        }
    }

    @Test
    void aWrongKey_isUnauthorized() {
        DeploymentTarget wrong =
                new DeploymentTarget(target.deploymentUrl(), target.deploymentName(), "00ff", target.source());
        try (AdminClient admin = AdminClient.connect(wrong)) {
            assertThatThrownBy(() -> admin.get("logs", Map.of()))
                    .isInstanceOfSatisfying(
                            CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.UNAUTHORIZED))
                    .hasMessageContaining("BadAdminKey")
                    .hasMessageContaining("check the credential for deployment default");
        }
    }

    @Test
    void aSlowAnswer_isATimeoutNamingTheRequest() {
        try (AdminClient admin = AdminClient.connect(target)) {
            String cursor =
                    admin.get("logs", Map.of("tail", "0")).string("cursor").orElseThrow();
            AdminClient impatient = admin.withTimeout(Duration.ofSeconds(1));

            assertThatThrownBy(() -> impatient.get("logs", Map.of("after", cursor, "wait", "20000")))
                    .isInstanceOfSatisfying(
                            CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.UNREACHABLE))
                    .hasMessageContaining("did not answer GET admin/logs within 1 s");
        }
    }

    @Test
    void noServer_isUnreachable() {
        DeploymentTarget dead = DeploymentTarget.resolve(
                new DeploymentTarget.Options(Optional.of(TestServer.deadUrl()), Optional.of("k")), Map.of(), tmp);
        try (AdminClient admin = AdminClient.connect(dead)) {
            assertThatThrownBy(() -> admin.post("push", Json.object()))
                    .isInstanceOfSatisfying(
                            CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.UNREACHABLE))
                    .hasMessage("no Slipway server at " + dead.serverUrl() + " — is `slipway serve` running?");
        }
    }
}

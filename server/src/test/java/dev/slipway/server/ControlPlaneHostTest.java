package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.control.Action;
import dev.slipway.isolate.HttpHeader;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane as the server runs it: the periodic sweeper, the admin actions, the start's checks. */
class ControlPlaneHostTest {
    @TempDir
    Path data;

    private final ControlApiContract.MovableClock clock = new ControlApiContract.MovableClock(ControlApiContract.START);
    private final ControlApiContract.RecordingHost host = new ControlApiContract.RecordingHost();

    private ControlPlaneHost start(Duration sweepInterval) {
        return ControlPlaneHost.start(
                data, SqlitePersistence.open(data.resolve(ControlPlaneHost.SQLITE_FILE)), host, clock, sweepInterval);
    }

    @Test
    void sweeper_runsByItself_andDeletesWhatExpiredOnTheClock() throws Exception {
        try (ControlPlaneHost control = start(Duration.ofMillis(20))) {
            String owner = Files.readString(data.resolve(ControlPlaneHost.OWNER_TOKEN_FILE))
                    .strip();
            post(control, owner, "/control/teams/default/projects", "{\"slug\":\"chat\"}");
            String body = post(
                    control,
                    owner,
                    "/control/teams/default/projects/chat/deployments",
                    "{\"type\":\"dev\",\"reference\":\"dev/agent-1\",\"expiration\":\"in 1 hour\"}");
            String name = JsonIn.parse(body, "answer").string("name");
            assertThat(host.live()).contains(name);

            clock.advance(Duration.ofMinutes(61));

            assertThat(host.awaitDeleted(name, Duration.ofSeconds(30)))
                    .as("the sweeper deletes %s within 30 s", name)
                    .isTrue();
            // the record goes right after the data
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (control.controlPlane().findDeployment(name).isPresent()) {
                assertThat(System.nanoTime())
                        .as("the record of %s is removed", name)
                        .isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }
    }

    @Test
    void start_refusesANonPositiveSweepInterval() {
        assertThatThrownBy(() -> start(Duration.ZERO))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("sweep interval");
        assertThat(data.resolve(ControlPlaneHost.OWNER_TOKEN_FILE)).doesNotExist();
    }

    @Test
    void adminActions_ofEachAdminEndpoint() {
        assertThat(ControlPlaneHost.adminAction("POST", "push")).contains(Action.PUSH);
        assertThat(ControlPlaneHost.adminAction("GET", "push/progress")).contains(Action.VERSIONS_READ);
        assertThat(ControlPlaneHost.adminAction("GET", "env")).contains(Action.ENV_READ);
        assertThat(ControlPlaneHost.adminAction("POST", "env")).contains(Action.ENV_WRITE);
        assertThat(ControlPlaneHost.adminAction("GET", "tables")).contains(Action.DATA_READ);
        assertThat(ControlPlaneHost.adminAction("GET", "data")).contains(Action.DATA_READ);
        assertThat(ControlPlaneHost.adminAction("GET", "export")).contains(Action.EXPORT);
        assertThat(ControlPlaneHost.adminAction("POST", "import")).contains(Action.IMPORT);
        assertThat(ControlPlaneHost.adminAction("GET", "logs")).contains(Action.LOGS_READ);
        assertThat(ControlPlaneHost.adminAction("GET", "jobs")).contains(Action.JOBS_READ);
        assertThat(ControlPlaneHost.adminAction("POST", "jobs/cancel")).contains(Action.JOBS_CANCEL);
        assertThat(ControlPlaneHost.adminAction("GET", "versions")).contains(Action.VERSIONS_READ);
        assertThat(ControlPlaneHost.adminAction("POST", "promote")).contains(Action.PROMOTE);
        assertThat(ControlPlaneHost.adminAction("POST", "rollback")).contains(Action.ROLLBACK);
        assertThat(ControlPlaneHost.adminAction("GET", "nothing")).isEmpty();
    }

    private static String post(ControlPlaneHost control, String secret, String path, String body) {
        ApiResponse response = control.api()
                .handle(new ApiRequest(
                        "POST",
                        path,
                        "",
                        List.of(new HttpHeader("Authorization", "Convex " + secret)),
                        body.getBytes(StandardCharsets.UTF_8),
                        "127.0.0.1:3210",
                        Optional.empty()));
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).as(text).isEqualTo(201);
        return text;
    }
}

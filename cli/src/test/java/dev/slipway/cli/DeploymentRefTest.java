package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code [team:][project:]REF} as the deployment commands read it. */
class DeploymentRefTest {
    @Test
    void parse_oneTwoOrThreeParts() {
        assertThat(DeploymentRef.parse("dev/alice"))
                .isEqualTo(new DeploymentRef(Optional.empty(), Optional.empty(), "dev/alice"));
        assertThat(DeploymentRef.parse("chat:production"))
                .isEqualTo(new DeploymentRef(Optional.empty(), Optional.of("chat"), "production"));
        assertThat(DeploymentRef.parse("acme:chat:preview/feature-x"))
                .isEqualTo(new DeploymentRef(Optional.of("acme"), Optional.of("chat"), "preview/feature-x"));
        assertThat(DeploymentRef.parse("acme:chat:preview/feature-x").toString())
                .isEqualTo("acme:chat:preview/feature-x");
    }

    @Test
    void parse_refusesEmptyPartsAndTooManyColons() {
        for (String bad : new String[] {"", "  ", ":dev/a", "chat:", "a::b", "a:b:c:d"}) {
            assertThatThrownBy(() -> DeploymentRef.parse(bad)).as(bad).isInstanceOfSatisfying(CliException.class, e -> {
                assertThat(e.exit()).isEqualTo(CliException.Exit.USAGE);
                assertThat(e.getMessage()).contains("[team:][project:]REF");
            });
        }
    }

    @Test
    void couldBeName_onlyForABareLowercaseWord() {
        assertThat(DeploymentRef.parse("brave-otter-123").couldBeName()).isTrue();
        assertThat(DeploymentRef.parse("staging").couldBeName()).isTrue();
        assertThat(DeploymentRef.parse("dev/alice").couldBeName()).isFalse();
        assertThat(DeploymentRef.parse("Staging").couldBeName()).isFalse();
        assertThat(DeploymentRef.parse("chat:brave-otter-123").couldBeName()).isFalse();
    }

    @Test
    void resolve_aReferenceWithoutAProject_isAUsageError_beforeAskingTheServer() {
        MemberConfig login = new MemberConfig(
                "http://127.0.0.1:1", "sw_member_x", "alice", Optional.of("default"), Optional.empty());
        // port 1: nothing listens, so asking the server would fail differently (exit 3)
        try (ControlClient control = ControlClient.connect(login)) {
            assertThatThrownBy(() -> DeploymentRef.parse("dev/alice").resolve(control, login))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exit()).isEqualTo(CliException.Exit.USAGE);
                        assertThat(e.getMessage()).contains("no project is selected", "team:project:dev/alice");
                    });
            assertThatThrownBy(() -> DeploymentRef.parse("brave-otter-123").resolve(control, login))
                    .isInstanceOfSatisfying(
                            CliException.class, e -> assertThat(e.exit()).isEqualTo(CliException.Exit.UNREACHABLE));
        }
    }

    @Test
    void controlPaths_encodeEachSegment_andKeepTheSlashesOfReferences() {
        assertThat(ControlClient.path("teams", "acme", "projects", "chat", "deployments", "dev/alice"))
                .isEqualTo("teams/acme/projects/chat/deployments/dev/alice");
        assertThat(ControlClient.path("deployments", "a b?c")).isEqualTo("deployments/a%20b%3Fc");
    }
}

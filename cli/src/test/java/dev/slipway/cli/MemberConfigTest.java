package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved login: where it lives, its file modes, what a broken one says, and the team/project defaults. */
class MemberConfigTest {
    @TempDir
    Path home;

    private Map<String, String> env() {
        return Map.of(MemberConfig.DIR_VAR, home.resolve("config").toString());
    }

    private static MemberConfig login() {
        return new MemberConfig(
                "http://127.0.0.1:3210", "sw_member_secret", "alice", Optional.of("default"), Optional.of("chat"));
    }

    @Test
    void save_thenLoad_roundTrips_inAFileOfMode600_inADirectoryOfMode700() throws Exception {
        login().save(env());

        Path file = home.resolve("config/config.json");
        assertThat(MemberConfig.file(env())).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(MemberConfig.load(env())).contains(login());
        assertThat(login().toString()).doesNotContain("sw_member_secret");
        assertThat(home.resolve("config/config.json.tmp")).doesNotExist();
    }

    @Test
    void save_replacesTheEarlierLogin_andKeepsMode600() throws Exception {
        login().save(env());
        MemberConfig other = login().withTeam("acme");
        other.save(env());

        assertThat(MemberConfig.load(env())).contains(other);
        assertThat(other.project()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(MemberConfig.file(env()))))
                .isEqualTo("rw-------");
    }

    @Test
    void dir_isSlipwayConfigDir_elseDotSlipwayInHome() {
        assertThat(MemberConfig.dir(Map.of("HOME", "/home/alice"))).isEqualTo(Path.of("/home/alice/.slipway"));
        assertThat(MemberConfig.dir(Map.of("HOME", "/home/alice", MemberConfig.DIR_VAR, "/etc/slipway")))
                .isEqualTo(Path.of("/etc/slipway"));
        assertThat(MemberConfig.dir(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".slipway").toAbsolutePath());
    }

    @Test
    void noLogin_loadIsEmpty_andRequireSaysHowToLogIn() {
        assertThat(MemberConfig.load(env())).isEmpty();
        assertThatThrownBy(() -> MemberConfig.require(env())).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exit()).isEqualTo(CliException.Exit.USAGE);
            assertThat(e.getMessage()).contains("not logged in", "slipway login --url", "owner.token");
        });
    }

    @Test
    void brokenLogin_namesTheFileAndWhatIsWrong() throws Exception {
        Path file = MemberConfig.file(env());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"url\": \"http://x:1\", ");
        assertThatThrownBy(() -> MemberConfig.load(env()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not JSON");

        Files.writeString(file, "{\"url\": \"http://x:1\", \"member\": \"alice\"}");
        assertThatThrownBy(() -> MemberConfig.load(env()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("\"token\"");
    }

    @Test
    void delete_removesTheLogin_andSaysWhetherThereWasOne() {
        login().save(env());
        assertThat(MemberConfig.delete(env())).isTrue();
        assertThat(MemberConfig.load(env())).isEmpty();
        assertThat(MemberConfig.delete(env())).isFalse();
    }

    @Test
    void teamAndProject_optionsWin_elseTheSelection_elseAUsageError() {
        MemberConfig login = login();
        assertThat(login.team(Optional.empty())).isEqualTo("default");
        assertThat(login.team(Optional.of("acme"))).isEqualTo("acme");
        assertThat(login.project(Optional.empty(), Optional.empty())).isEqualTo("chat");
        assertThat(login.project(Optional.of("default"), Optional.empty())).isEqualTo("chat");
        assertThat(login.project(Optional.of("acme"), Optional.of("web"))).isEqualTo("web");
        // the selected project belongs to the selected team, not to another one
        assertThatThrownBy(() -> login.project(Optional.of("acme"), Optional.empty()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no project selected in team acme");

        MemberConfig bare = new MemberConfig("http://h:1", "t", "bob", Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> bare.team(Optional.empty()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--team");
        assertThatThrownBy(() -> bare.project(Optional.empty(), Optional.empty()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("slipway project create");
    }

    @Test
    void serverUrl_isTheRootUrl_andDeploymentUrlsOrOtherSchemesAreRefused() {
        assertThat(MemberConfig.serverUrl("http://127.0.0.1:3210")).isEqualTo("http://127.0.0.1:3210");
        assertThat(MemberConfig.serverUrl(" https://slipway.example.com/ ")).isEqualTo("https://slipway.example.com");
        assertThatThrownBy(() -> MemberConfig.serverUrl("http://127.0.0.1:3210/d/default"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("has a path (/d/default)");
        assertThatThrownBy(() -> MemberConfig.serverUrl("ftp://host"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("expected http(s)://host:port");
        assertThatThrownBy(() -> MemberConfig.serverUrl("127.0.0.1:3210"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("127.0.0.1:3210");
        assertThatThrownBy(() -> MemberConfig.serverUrl("http://bad host"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("malformed");
    }
}

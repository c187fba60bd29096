package dev.slipway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferencesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "production", "dev/alice", "preview/feature-x", "Staging-2", "a/b/c"})
    void check_valid_passes(String reference) {
        assertThatNoException().isThrownBy(() -> References.check(reference));
    }

    @Test
    void check_lengthLimits_areInclusive() {
        assertThatNoException().isThrownBy(() -> References.check("x".repeat(100)));
        assertThatThrownBy(() -> References.check("x".repeat(101)))
                .hasMessageContaining("it has 101 characters, not 3-100");
        assertThatThrownBy(() -> References.check("ab")).hasMessageContaining("it has 2 characters");
    }

    @ParameterizedTest
    @CsvSource({
        "my_ref, only letters",
        "dev alice, only letters",
        "ümlaut, only letters",
        "/abc, may not start or end",
        "abc/, may not start or end",
        "dev//x, contain '//'"
    })
    void check_invalid_failsNamingTheReferenceAndTheRule(String reference, String rule) {
        assertThatThrownBy(() -> References.check(reference)).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.kind()).isEqualTo(ControlPlaneException.Kind.INVALID_ARGUMENT);
            assertThat(e.getMessage())
                    .startsWith("Invalid deployment reference \"" + reference + "\"")
                    .contains(rule);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "PROD, production",
        "DEV, dev/alice",
        "DEV, dev/alice/agent-1",
        "PREVIEW, preview/feature-x",
        "CUSTOM, staging",
        "CUSTOM, develop",
        "CUSTOM, previews"
    })
    void checkWithType_matchingForms_pass(DeploymentType type, String reference) {
        assertThatNoException().isThrownBy(() -> References.check(type, reference));
    }

    @ParameterizedTest
    @CsvSource({
        "CUSTOM, production, --type prod",
        "DEV, production, --type prod",
        "CUSTOM, dev/alice, --type dev",
        "PREVIEW, dev/alice, --type dev",
        "CUSTOM, preview/x, --type preview",
        "PROD, staging, reference is \"production\"",
        "DEV, staging, starts with dev/",
        "PREVIEW, staging, starts with preview/"
    })
    void checkWithType_mismatch_failsSayingWhichTypeSuits(DeploymentType type, String reference, String hint) {
        assertThatThrownBy(() -> References.check(type, reference))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("\"" + reference + "\" does not suit type " + type.wireName())
                .hasMessageContaining(hint);
    }

    @ParameterizedTest
    @CsvSource({
        "feature-x, preview/feature-x",
        "feature_x, preview/feature-x",
        "dependabot/npm_and_yarn/foo@1.2, preview/dependabot/npm-and-yarn/foo-1-2",
        "_wip_, preview/wip",
        "a//b, preview/a/b",
        "'x y', preview/x-y"
    })
    void previewForBranch_mapsGitBranchNames(String branch, String reference) {
        assertThat(References.previewForBranch(branch)).isEqualTo(reference);
    }

    @Test
    void previewForBranch_longOrEmpty() {
        assertThat(References.previewForBranch("b".repeat(300))).hasSize(100).startsWith("preview/bbb");
        assertThatThrownBy(() -> References.previewForBranch("___"))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("Branch name \"___\" gives no preview reference");
    }

    @Test
    void dev_ofAMember_andTheirNamespace() {
        assertThat(References.dev("alice")).isEqualTo("dev/alice");
        assertThatThrownBy(() -> References.dev("Alice")).hasMessageContaining("member name \"Alice\"");
        assertThat(References.isDevOf("alice", "dev/alice")).isTrue();
        assertThat(References.isDevOf("alice", "dev/alice/agent-1")).isTrue();
        assertThat(References.isDevOf("alice", "dev/alice2")).isFalse();
        assertThat(References.isDevOf("alice", "dev/bob")).isFalse();
        assertThat(References.isDevOf("alice", "alice")).isFalse();
    }

    @Test
    void identifiers_slugsAndCredentialNames() {
        assertThat(Identifiers.checkSlug("team slug", "a")).isEqualTo("a");
        assertThat(Identifiers.checkSlug("team slug", "acme-2")).isEqualTo("acme-2");
        for (String bad : new String[] {"", "-a", "a-", "A", "a_b", "a".repeat(41)}) {
            assertThatThrownBy(() -> Identifiers.checkSlug("team slug", bad))
                    .hasMessageStartingWith("Invalid team slug \"" + bad + "\"");
        }
        assertThat(Identifiers.checkCredentialName("CI for main")).isEqualTo("CI for main");
        for (String bad : new String[] {"", "  ", " x", "x\ny", "x".repeat(101)}) {
            assertThatThrownBy(() -> Identifiers.checkCredentialName(bad))
                    .hasMessageStartingWith("Invalid credential name");
        }
    }
}

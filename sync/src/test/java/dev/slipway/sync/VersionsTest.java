package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ProtocolException;
import dev.slipway.sync.protocol.ServerMessage.StateVersion;
import dev.slipway.sync.protocol.ServerMessage.Transition;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VersionsTest {
    private final Versions versions = new Versions();

    private void send(StateVersion target) {
        versions.sent(versions.transition(target, List.of(), OptionalLong.empty(), 0));
    }

    @Test
    void checkQuerySet_consecutiveVersions_accepted() {
        versions.checkQuerySet(0, 1);
        versions.querySetReceived(1);
        versions.checkQuerySet(1, 2);
        versions.querySetReceived(2);

        assertThat(versions.next(Timestamp.of(5))).isEqualTo(new StateVersion(2, 0, Timestamp.of(5)));
    }

    @Test
    void checkQuerySet_staleBase_isBaseVersionMismatch() {
        versions.querySetReceived(3);

        assertThatThrownBy(() -> versions.checkQuerySet(2, 3))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BaseVersionMismatch"))
                .hasMessage("Base version 2 passed up doesn't match the current version 3");
    }

    @Test
    void checkQuerySet_newNotAboveBase_isInvalidNewVersion() {
        assertThatThrownBy(() -> versions.checkQuerySet(0, 0))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("InvalidNewVersion"));
    }

    @Test
    void checkIdentity_followsEachAcceptedAuthenticate() {
        versions.checkIdentity(0);
        versions.identityReceived();
        versions.checkIdentity(1);

        assertThatThrownBy(() -> versions.checkIdentity(0))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("IdentityVersionMismatch"));
        assertThat(versions.identityChanged()).isTrue();
        send(versions.next(Timestamp.of(1)));
        assertThat(versions.identityChanged()).isFalse();
    }

    @Test
    void next_latestBelowSentTs_staysAtSentTs() {
        send(new StateVersion(0, 0, Timestamp.of(50)));

        assertThat(versions.next(Timestamp.of(40)).ts()).isEqualTo(Timestamp.of(50));
    }

    @Test
    void worthSending_onlyForModificationsVersionsOrAMutationToReach() {
        StateVersion same = versions.next(Timestamp.of(10));
        assertThat(versions.worthSending(same, false)).isFalse();
        assertThat(versions.worthSending(same, true)).isTrue();

        versions.mutationCommitted(Timestamp.of(12));
        assertThat(versions.worthSending(versions.next(Timestamp.of(11)), false))
                .isFalse();
        assertThat(versions.worthSending(versions.next(Timestamp.of(12)), false))
                .isTrue();
        send(versions.next(Timestamp.of(12)));
        assertThat(versions.worthSending(versions.next(Timestamp.of(13)), false))
                .isFalse();

        versions.querySetReceived(1);
        assertThat(versions.worthSending(versions.next(Timestamp.of(13)), false))
                .isTrue();
    }

    @Test
    void sent_transitionNotFromTheSentVersion_isRefused() {
        send(new StateVersion(1, 0, Timestamp.of(10)));

        assertThatThrownBy(() -> versions.sent(new Transition(
                        StateVersion.INITIAL,
                        new StateVersion(1, 0, Timestamp.of(11)),
                        List.of(),
                        OptionalLong.empty(),
                        OptionalLong.empty())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not follow the sent version");
    }
}

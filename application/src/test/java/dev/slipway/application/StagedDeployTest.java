package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Staged deploys, promote and rollback (issue 9) on the chat app's versions (real bundles): a staged
 * version runs only for clients pinned to it while its schema already holds every write; promote
 * switches to it in one step; rollback returns to the version before once the data fits it.
 */
@Tag("node")
class StagedDeployTest {
    private static final long START = 1_750_000_000_000L;
    private static final long MINUTE = 60_000L;

    private final AtomicLong clock = new AtomicLong(START);

    private static FunctionCall pinned(String version, String path, String argsJson) {
        return new FunctionCall(
                FunctionPath.parse(path),
                (Value.Obj) ConvexJson.decode(argsJson),
                FunctionCall.Caller.CLIENT,
                FunctionCall.RequestInfo.of("pinned").pinnedTo(version));
    }

    private static Value value(FunctionResult result) {
        if (result instanceof FunctionResult.Failure f) {
            throw new AssertionError("the call failed: " + f.message());
        }
        return ((FunctionResult.Success) result).value();
    }

    private static String failure(FunctionResult result) {
        assertThat(result).isInstanceOf(FunctionResult.Failure.class);
        return ((FunctionResult.Failure) result).message();
    }

    private static PushRequest stage(String app) {
        return PushRequest.of(TestApps.modules(app)).withStage(true).withAllowBreaking(true);
    }

    private static String states(Application app) {
        return String.join(
                ",",
                app.versions().stream()
                        .map(v -> v.versionId() + "=" + v.state().name().toLowerCase(java.util.Locale.ROOT))
                        .toList());
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void stage_servesOnlyPinned_promoteSwitches_rollbackReturns(
            TestDeployment.Store store, @org.junit.jupiter.api.io.TempDir Path dir) {
        TestDeployment d = TestDeployment.open(store, dir, clock::get);
        try {
            String v1 = d.push("messages-v1").versionId();
            d.mutation("messages:send", "{\"body\":\"before staging\"}");
            clock.addAndGet(MINUTE);

            PushReport staged = d.app().push(stage("messages-v2"));
            String v2 = staged.versionId();
            assertThat(staged.kind()).isEqualTo(PushReport.Kind.STAGE);
            assertThat(staged.switched()).isFalse();
            assertThat(staged.apiCheck().passed()).as("the rename is reported").isFalse();
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v1);
            assertThat(d.app().stagedVersion()).contains(v2);
            assertThat(states(d.app())).isEqualTo(v2 + "=staged," + v1 + "=current");

            // the unpinned URL still serves version 1; the staged version only its pinned clients
            d.mutation("messages:send", "{\"body\":\"unpinned v1\"}");
            value(d.app().mutation(pinned(v2, "messages:post", "{\"body\":\"pinned v2\"}")));
            assertThat(failure(d.app().mutation(pinned(v1, "messages:post", "{\"body\":\"x\"}"))))
                    .contains("Could not find public function for 'messages:post'");
            // version 2's schema already holds writes of the current version
            assertThat(failure(d.app().mutation(TestDeployment.call("messages:sendRaw", "{\"doc\":{\"body\":7}}"))))
                    .contains("staged code version " + v2)
                    .contains("\"messages\"");

            // the staged version survives a restart
            d = d.reopen();
            assertThat(d.app().stagedVersion()).contains(v2);
            clock.addAndGet(MINUTE);
            PushReport promoted = d.app().promote(Optional.of(v2), false, Optional.of("ada"));
            assertThat(promoted.kind()).isEqualTo(PushReport.Kind.PROMOTE);
            assertThat(promoted.switched()).isTrue();
            assertThat(promoted.previousVersionId()).contains(v1);
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v2);
            assertThat(d.app().stagedVersion()).isEmpty();
            d.mutation("messages:post", "{\"body\":\"unpinned v2\"}");
            value(d.app().mutation(pinned(v1, "messages:send", "{\"body\":\"pinned v1 after promote\"}")));
            assertThat(states(d.app())).isEqualTo(v2 + "=current," + v1 + "=retired");

            clock.addAndGet(MINUTE);
            PushReport rolledBack = d.app().rollback(Optional.empty(), false, Optional.empty());
            assertThat(rolledBack.kind()).isEqualTo(PushReport.Kind.ROLLBACK);
            assertThat(rolledBack.versionId()).isEqualTo(v1);
            assertThat(rolledBack.apiCheck().passed())
                    .as("rolling back removes post: reported, not blocking")
                    .isFalse();
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v1);
            d.mutation("messages:send", "{\"body\":\"unpinned v1 again\"}");
            value(d.app().mutation(pinned(v2, "messages:post", "{\"body\":\"pinned v2 after rollback\"}")));
            assertThat(ConvexJson.encode(d.query("messages:list", "{}")))
                    .isEqualTo("[\"before staging\",\"unpinned v1\",\"pinned v2\",\"unpinned v2\","
                            + "\"pinned v1 after promote\",\"unpinned v1 again\",\"pinned v2 after rollback\"]");
            assertThat(d.db().catalog().schema()).as("version 1 has no schema").isEmpty();
            assertThat(d.db().catalog().stagedSchema()).isEmpty();
        } finally {
            d.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void stagedRequiredField_rejectsCurrentWrites_namingTheStagedVersion(
            TestDeployment.Store store, @org.junit.jupiter.api.io.TempDir Path dir) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            d.push("messages-v1");
            String v3 = d.app().push(stage("messages-v3")).versionId();
            assertThat(d.db().catalog().index("messages", "by_channel"))
                    .as("the staged version's index is backfilled before promote")
                    .isPresent();

            FunctionResult omitted =
                    d.app().mutation(TestDeployment.call("messages:send", "{\"body\":\"no channel\"}"));
            assertThat(failure(omitted))
                    .contains("staged code version " + v3)
                    .contains("\"messages\"")
                    .contains("channel");
            value(d.app().mutation(pinned(v3, "messages:post", "{\"body\":\"hi\",\"channel\":\"general\"}")));

            d.app().promote(Optional.empty(), false, Optional.empty());
            assertThat(ConvexJson.encode(d.query("messages:inChannel", "{\"channel\":\"general\"}")))
                    .isEqualTo("[\"hi\"]");
            assertThat(d.db().catalog().stagedSchema()).isEmpty();
            assertThat(d.db().catalog().schema().orElseThrow().toJson()).contains("channel");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void stage_refusedWhenDataFailsTheStagedSchema_andNothingIsStaged(
            TestDeployment.Store store, @org.junit.jupiter.api.io.TempDir Path dir) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            d.push("messages-v1");
            d.mutation("messages:sendRaw", "{\"doc\":{\"body\":7}}");
            assertThatThrownBy(() -> d.app().push(stage("messages-v2")))
                    .isInstanceOfSatisfying(PushRefusedException.class, e -> {
                        assertThat(e.code()).isEqualTo(PushRefusedException.SCHEMA_VALIDATION_FAILED);
                        assertThat(e.getMessage()).contains("table \"messages\", field .body");
                    });
            assertThat(d.app().stagedVersion()).isEmpty();
            assertThat(d.db().catalog().stagedSchema()).isEmpty();
            assertThatThrownBy(() -> d.app().promote(Optional.empty(), false, Optional.empty()))
                    .isInstanceOfSatisfying(
                            SlipwayException.class,
                            e -> assertThat(e.code()).isEqualTo(ApplicationException.NO_STAGED_VERSION));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void rollback_refusedWhenDataWrittenSinceFailsTheOldSchema(
            TestDeployment.Store store, @org.junit.jupiter.api.io.TempDir Path dir) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            String v2 = d.push("messages-v2").versionId();
            clock.addAndGet(MINUTE);
            String v1 = d.app()
                    .push(PushRequest.of(TestApps.modules("messages-v1")).withAllowBreaking(true))
                    .versionId();
            d.mutation("messages:sendRaw", "{\"doc\":{\"body\":7}}");

            for (boolean dryRun : new boolean[] {true, false}) {
                assertThatThrownBy(() -> d.app().rollback(Optional.empty(), dryRun, Optional.empty()))
                        .isInstanceOfSatisfying(PushRefusedException.class, e -> {
                            assertThat(e.code()).isEqualTo(PushRefusedException.SCHEMA_VALIDATION_FAILED);
                            assertThat(e.report().versionId()).isEqualTo(v2);
                            assertThat(e.getMessage())
                                    .contains("table \"messages\", field .body")
                                    .contains("expected v.string(), found float64");
                        });
            }
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v1);

            assertThatThrownBy(() -> d.app().rollback(Optional.of("000000000000"), false, Optional.empty()))
                    .isInstanceOfSatisfying(
                            SlipwayException.class,
                            e -> assertThat(e.code()).isEqualTo(ApplicationException.VERSION_NOT_FOUND));
            assertThatThrownBy(() -> d.app().rollback(Optional.of(v1), false, Optional.empty()))
                    .isInstanceOfSatisfying(
                            SlipwayException.class,
                            e -> assertThat(e.code()).isEqualTo(ApplicationException.ALREADY_CURRENT));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void promote_checksJobsScheduledSinceStaging(
            TestDeployment.Store store, @org.junit.jupiter.api.io.TempDir Path dir) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            d.push("messages-v1");
            String v2 = d.app().push(stage("messages-v2")).versionId();
            // scheduled by version 1 after staging: version 2's deliver needs a channel
            d.mutation("messages:deliverLater", "{\"body\":\"later\",\"delayMs\":3600000}");

            assertThatThrownBy(() -> d.app().promote(Optional.empty(), false, Optional.empty()))
                    .isInstanceOfSatisfying(PushRefusedException.class, e -> {
                        assertThat(e.code()).isEqualTo(PushRefusedException.BREAKING_CHANGES);
                        assertThat(e.getMessage())
                                .contains("messages:deliver")
                                .contains("slipway promote --allow-breaking");
                    });
            assertThat(d.app().stagedVersion()).contains(v2);
            assertThatThrownBy(() -> d.app().promote(Optional.of("000000000000"), true, Optional.empty()))
                    .isInstanceOfSatisfying(
                            SlipwayException.class,
                            e -> assertThat(e.code()).isEqualTo(ApplicationException.VERSION_NOT_STAGED));

            PushReport promoted = d.app().promote(Optional.empty(), true, Optional.empty());
            assertThat(promoted.switched()).isTrue();
            assertThat(promoted.jobCheck().passed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void push_supersedesTheStagedVersion(TestDeployment.Store store, @org.junit.jupiter.api.io.TempDir Path dir) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            String v2 = d.push("messages-v2").versionId();
            String v3 = d.app().push(stage("messages-v3")).versionId();
            clock.addAndGet(MINUTE);
            String v1 = d.app()
                    .push(PushRequest.of(TestApps.modules("messages-v1")).withAllowBreaking(true))
                    .versionId();
            assertThat(d.app().stagedVersion()).isEmpty();
            assertThat(d.db().catalog().stagedSchema())
                    .as("the superseded schema no longer holds writes")
                    .isEmpty();
            d.mutation("messages:send", "{\"body\":\"no channel needed\"}");
            assertThat(states(d.app())).isEqualTo(v1 + "=current," + v3 + "=retired," + v2 + "=retired");
            // the superseded staged version stays pinned for the retention, like any retired version
            assertThat(ConvexJson.encode(value(d.app().query(pinned(v3, "messages:list", "{}")))))
                    .isEqualTo("[\"no channel needed\"]");
            // and it was never current, so a rollback returns to version 2
            assertThat(d.app()
                            .rollback(Optional.empty(), true, Optional.empty())
                            .versionId())
                    .isEqualTo(v2);
        }
    }
}

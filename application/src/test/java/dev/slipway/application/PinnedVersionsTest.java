package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Skew protection in the application, on the chat app of issue 9 (real bundles): after version 2
 * renames {@code messages:send} to {@code post}, a client pinned to version 1 keeps sending through
 * version 1's code against the shared data, its writes checked against version 2's schema, until the
 * retention after version 1 stopped being current runs out (an injected clock); then it is told to
 * reload. The pins survive a restart, and gate 2 compares a push with every pinned version.
 */
@Tag("node")
class PinnedVersionsTest {
    private static final long START = 1_750_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(START);

    /** A call of {@code path} by a client pinned to {@code version}. */
    private static FunctionCall pinned(String version, String path, String argsJson) {
        return new FunctionCall(
                FunctionPath.parse(path),
                (Value.Obj) ConvexJson.decode(argsJson),
                FunctionCall.Caller.CLIENT,
                FunctionCall.RequestInfo.of("pinned").pinnedTo(version));
    }

    private static Value value(FunctionResult result) {
        assertThat(result).isInstanceOf(FunctionResult.Success.class);
        return ((FunctionResult.Success) result).value();
    }

    private static FunctionResult.Failure failure(FunctionResult result) {
        assertThat(result).isInstanceOf(FunctionResult.Failure.class);
        return (FunctionResult.Failure) result;
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void pinnedClient_keepsCallingItsVersion_untilTheRetentionRunsOut(TestDeployment.Store store) {
        TestDeployment d = TestDeployment.open(store, dir, clock::get);
        try {
            String v1 = d.push("messages-v1").versionId();
            clock.addAndGet(HOUR);
            String v2 = d.app()
                    .push(PushRequest.of(TestApps.modules("messages-v2")).withAllowBreaking(true))
                    .versionId();
            long retiredAt = START + HOUR;

            // version 1's send, gone from version 2, still runs for a client pinned to version 1
            value(d.app().mutation(pinned(v1, "messages:send", "{\"body\":\"from v1\"}")));
            value(d.app().mutation(pinned(v2, "messages:post", "{\"body\":\"from v2\"}")));
            d.mutation("messages:post", "{\"body\":\"unpinned\"}");
            assertThat(ConvexJson.encode(value(d.app().query(pinned(v1, "messages:list", "{}")))))
                    .as("one shared database")
                    .isEqualTo("[\"from v1\",\"from v2\",\"unpinned\"]");
            assertThat(failure(d.app().mutation(pinned(v2, "messages:send", "{\"body\":\"x\"}")))
                            .message())
                    .contains("Could not find public function for 'messages:send'");
            assertThat(failure(d.app().mutation(pinned(v1, "messages:post", "{\"body\":\"x\"}")))
                            .message())
                    .as("a pinned client sees its own version's functions only")
                    .contains("Could not find public function for 'messages:post'");

            // writes from the old version are checked against the current schema (version 2's)
            FunctionCall raw = new FunctionCall(
                    FunctionPath.parse("messages:sendRaw"),
                    (Value.Obj) ConvexJson.decode("{\"doc\":{\"body\":7}}"),
                    FunctionCall.Caller.ADMIN,
                    FunctionCall.RequestInfo.of("pinned").pinnedTo(v1));
            assertThat(failure(d.app().mutation(raw)).message())
                    .contains("in table \"messages\" because it does not match the schema")
                    .contains("Path: .body");
            // what a pinned version schedules runs the current version, which has no send any more
            assertThat(failure(d.app().mutation(pinned(v1, "messages:sendLater", "{\"body\":\"b\",\"delayMs\":0}")))
                            .message())
                    .contains("Attempted to schedule function at 'messages:send'");

            assertThat(d.app().versions())
                    .extracting(
                            CodeVersionInfo::versionId,
                            CodeVersionInfo::state,
                            CodeVersionInfo::pinned,
                            CodeVersionInfo::pinnedUntilMillis,
                            CodeVersionInfo::retiredAtMillis)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    v2,
                                    CodeVersionInfo.State.CURRENT,
                                    true,
                                    java.util.Optional.empty(),
                                    java.util.Optional.empty()),
                            org.assertj.core.groups.Tuple.tuple(
                                    v1,
                                    CodeVersionInfo.State.RETIRED,
                                    true,
                                    java.util.Optional.of(retiredAt + 24 * HOUR),
                                    java.util.Optional.of(retiredAt)));
            assertThat(d.app().versions().get(1).pinnedCalls()).isEqualTo(5);
            assertThat(d.app().versions().get(0).pinnedCalls()).isEqualTo(2);

            // a restart keeps the pins (the retirement time is stored)
            d = d.reopen();
            clock.set(retiredAt + 24 * HOUR - 1);
            value(d.app().mutation(pinned(v1, "messages:send", "{\"body\":\"last minute\"}")));

            clock.set(retiredAt + 24 * HOUR);
            FunctionResult.Failure retired =
                    failure(d.app().mutation(pinned(v1, "messages:send", "{\"body\":\"late\"}")));
            assertThat(retired.message())
                    .isEqualTo("Code version " + v1 + " of deployment test is retired. It stopped being current at"
                            + " 2025-06-15T16:06:40Z, and versions stay pinned for 24 h after that. Reload the app to"
                            + " get the current version.");
            assertThat(retired.data().map(ConvexJson::encode))
                    .contains("{\"code\":\"VersionRetired\",\"versionId\":\"" + v1 + "\"}");
            assertThat(failure(d.app().query(pinned(v1, "messages:list", "{}"))).message())
                    .contains("is retired");
            assertThat(d.app().versions().get(1).pinned()).isFalse();
            assertThat(ConvexJson.encode(value(d.app().query(pinned(v2, "messages:list", "{}")))))
                    .as("the current version answers at its pinned URL too")
                    .contains("last minute")
                    .doesNotContain("late\"");

            // the retention is a setting: longer brings the version back, zero serves only the current one
            d.app().retainPinnedVersionsFor(Duration.ofHours(48));
            value(d.app().query(pinned(v1, "messages:list", "{}")));
            d.app().retainPinnedVersionsFor(Duration.ZERO);
            assertThat(failure(d.app().query(pinned(v1, "messages:list", "{}"))).message())
                    .contains("versions stay pinned for 0 s");
            value(d.app().query(pinned(v2, "messages:list", "{}")));
            TestDeployment open = d;
            assertThatThrownBy(() -> open.app().retainPinnedVersionsFor(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not be negative");
        } finally {
            d.close();
        }
    }

    @Test
    void unknownVersion_answersVersionNotFound() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.MEMORY, dir, clock::get)) {
            d.push("messages-v1");

            FunctionResult.Failure failure = failure(d.app().query(pinned("0123456789ab", "messages:list", "{}")));

            assertThat(failure.message())
                    .isEqualTo("Deployment test has no code version 0123456789ab. Reload the app to get the current"
                            + " version.");
            assertThat(failure.data().map(ConvexJson::encode))
                    .contains("{\"code\":\"VersionNotFound\",\"versionId\":\"0123456789ab\"}");
        }
    }

    @Test
    void apiGate_comparesWithEveryPinnedVersion() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.MEMORY, dir, clock::get)) {
            String v1 = d.push("messages-v1").versionId();
            String v2 = d.app()
                    .push(PushRequest.of(TestApps.modules("messages-v2")).withAllowBreaking(true))
                    .versionId();

            PushReport back = d.app()
                    .push(PushRequest.of(TestApps.modules("messages-v1"))
                            .withDryRun(true)
                            .withAllowBreaking(true));

            assertThat(back.apiCheck().comparedWith()).containsExactly(v2, v1);
            assertThat(back.apiCheck().findings())
                    .filteredOn(f -> f.severity() == PushReport.Severity.ERROR)
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.rule()).isEqualTo(PushReport.ApiRule.FUNCTION_REMOVED);
                        assertThat(f.function()).hasToString("messages:post");
                        assertThat(f.versions()).containsExactly(v2);
                    });
        }
    }
}

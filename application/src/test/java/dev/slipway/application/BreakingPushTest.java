package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.application.PushReport.ApiRule;
import dev.slipway.application.PushReport.JobProblem;
import dev.slipway.application.PushReport.Severity;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gates 2 and 3 on real bundles (the chat app of issue 9, bundled with the real {@code convex}
 * package): version 2 renames {@code messages:send} to {@code post} and gives the internal {@code
 * deliver} a new required argument. The push is refused with the rename and the pending jobs it would
 * break; a dry run shows the same complete report and changes nothing; {@code allowBreaking} deploys
 * it, and the broken jobs then fail at run time with their reason while everything else goes on.
 */
@Tag("node")
class BreakingPushTest {
    private static final long START = 1_750_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(START);

    private static PushRequest v2() {
        return PushRequest.of(TestApps.modules("messages-v2"));
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void rename_isRefusedNamingIt_dryRunChangesNothing_andAllowBreakingDeploysIt(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            PushReport v1 = d.push("messages-v1");
            d.mutation("messages:send", "{\"body\":\"one\"}");
            List<String> before = d.storeContents();

            assertThatThrownBy(() -> d.app().push(v2())).isInstanceOfSatisfying(PushRefusedException.class, e -> {
                assertThat(e.code()).isEqualTo(PushRefusedException.BREAKING_CHANGES);
                assertThat(e.getMessage())
                        .startsWith("Breaking changes:")
                        .contains("--allow-breaking")
                        .contains("ERR messages:send (mutation) is removed")
                        .contains("messages:post was added with the same kind and arguments");
                PushReport report = e.report();
                assertThat(report.switched()).isFalse();
                assertThat(report.breaking()).isTrue();
                assertThat(report.apiCheck().comparedWith()).containsExactly(v1.versionId());
                assertThat(report.apiCheck().findings())
                        .filteredOn(f -> f.severity() == Severity.ERROR)
                        .extracting(f -> f.rule() + " " + f.function())
                        .containsExactly("FUNCTION_REMOVED messages:send", "FUNCTION_REMOVED messages:sendLater");
                assertThat(report.apiCheck().findings())
                        .filteredOn(f -> f.severity() == Severity.WARNING)
                        .extracting(f -> f.rule() + " " + f.function())
                        .containsExactly(
                                "REQUIRED_ARGUMENT_ADDED messages:deliver", "FUNCTION_REMOVED messages:sendRaw");
                assertThat(report.apiCheck().findings())
                        .filteredOn(f -> f.function().toString().equals("messages:deliver"))
                        .singleElement()
                        .satisfies(f -> {
                            assertThat(f.rule()).isEqualTo(ApiRule.REQUIRED_ARGUMENT_ADDED);
                            assertThat(f.function()).hasToString("messages:deliver");
                            assertThat(f.path()).isEqualTo("args.channel");
                            assertThat(f.after()).contains("v.string()");
                            assertThat(f.message()).contains("It is internal");
                        });
                assertThat(report.jobCheck().passed()).as("no job is pending").isTrue();
            });
            assertThat(d.storeContents()).as("a refused push changes nothing").isEqualTo(before);

            assertThatThrownBy(() -> d.app().push(v2().withDryRun(true)))
                    .isInstanceOfSatisfying(
                            PushRefusedException.class,
                            e -> assertThat(e.report().dryRun()).isTrue());
            PushReport dry = d.app().push(v2().withDryRun(true).withAllowBreaking(true));
            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.switched()).isFalse();
            assertThat(dry.allowBreaking()).isTrue();
            assertThat(dry.apiCheck().passed()).isFalse();
            assertThat(dry.breaking()).isFalse();
            assertThat(d.storeContents()).as("a dry run changes nothing").isEqualTo(before);

            PushReport v2 = d.app().push(v2().withAllowBreaking(true));

            assertThat(v2.switched()).isTrue();
            assertThat(v2.apiCheck().passed())
                    .as("the errors are still reported")
                    .isFalse();
            d.mutation("messages:post", "{\"body\":\"two\"}");
            assertThat(ConvexJson.encode(d.query("messages:list", "{}"))).isEqualTo("[\"one\",\"two\"]");
            FunctionResult old = d.app().mutation(TestDeployment.call("messages:send", "{\"body\":\"x\"}"));
            assertThat(old)
                    .isInstanceOfSatisfying(
                            FunctionResult.Failure.class,
                            f -> assertThat(f.message())
                                    .contains("Could not find public function for 'messages:send'"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void pendingJobsV2CannotRun_blockTheDeploy_andAfterAllowBreakingFailWithTheReason(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir, clock::get)) {
            d.push("messages-v1");
            String deliver = string(d.mutation("messages:deliverLater", "{\"body\":\"hi\",\"delayMs\":60000}"));
            String send = string(d.mutation("messages:sendLater", "{\"body\":\"yo\",\"delayMs\":120000}"));

            assertThatThrownBy(() -> d.app().push(v2())).isInstanceOfSatisfying(PushRefusedException.class, e -> {
                assertThat(e.code()).isEqualTo(PushRefusedException.BREAKING_CHANGES);
                assertThat(e.getMessage()).contains("ERR scheduled job " + deliver + " (messages:deliver, due ");
                assertThat(e.report().jobCheck().checked()).isEqualTo(2);
                assertThat(e.report().jobCheck().more()).isZero();
                assertThat(e.report().jobCheck().problems())
                        .extracting(JobProblem::jobId, JobProblem::function, JobProblem::scheduledTime)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(deliver, "messages:deliver", START + 60_000),
                                org.assertj.core.groups.Tuple.tuple(send, "messages:send", START + 120_000));
                assertThat(e.report().jobCheck().problems().get(0).reason())
                        .startsWith("its stored arguments fail the new args validator of messages:deliver")
                        .contains("channel");
                assertThat(e.report().jobCheck().problems().get(1).reason())
                        .isEqualTo("messages:send is removed by this push, so the job would fail with \"Could not"
                                + " find function\"");
            });
            assertThat(d.app().jobs("pending", 10)).hasSize(2);

            PushReport v2 = d.app().push(v2().withAllowBreaking(true));
            assertThat(v2.switched()).isTrue();
            assertThat(v2.jobCheck().problems()).hasSize(2);

            clock.addAndGet(121_000);
            d.app().wakeScheduler();
            await(() -> d.app().jobs("failed", 10).size() == 2);
            List<ScheduledJob> failed = d.app().jobs("failed", 10);
            assertThat(failed.get(0).id()).isEqualTo(deliver);
            assertThat(failed.get(0).error().orElseThrow())
                    .contains("ArgumentValidationError")
                    .contains("channel");
            assertThat(failed.get(1).id()).isEqualTo(send);
            assertThat(failed.get(1).error().orElseThrow())
                    .contains("Could not find function for 'messages.js:send'")
                    .contains("removed or renamed");

            // nothing else broke: the scheduler runs the jobs v2 schedules, and v2 serves calls
            d.mutation("messages:deliverLater", "{\"body\":\"later\",\"delayMs\":0}");
            d.app().wakeScheduler();
            await(() -> d.app().jobs("success", 10).size() == 1);
            assertThat(ConvexJson.encode(d.query("messages:list", "{}"))).isEqualTo("[\"general: later\"]");
        }
    }

    private static String string(Value value) {
        return ((Value.Str) value).value();
    }

    private static void await(BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within " + WAIT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

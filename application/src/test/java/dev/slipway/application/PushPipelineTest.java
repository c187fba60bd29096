package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.application.PushProgress.Phase;
import dev.slipway.application.PushReport.Change;
import dev.slipway.application.PushReport.IndexChange;
import dev.slipway.application.PushReport.TableChecked;
import dev.slipway.application.PushReport.Violation;
import dev.slipway.database.Catalog;
import dev.slipway.database.IndexState;
import dev.slipway.database.query.FieldPath;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The push pipeline on the notes app, version by version (bundled with the real {@code convex}
 * package), on a store in memory and on a SQLite file: the seed-004 migration walk, gate 1 refusing
 * with its report, dry runs, and index changes.
 */
@Tag("node")
class PushPipelineTest {
    @TempDir
    Path dir;

    private static String id(Value value) {
        return ((Value.Str) value).value();
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void migrationWalk_optionalFieldBackfilledThenRequired_isAccepted(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            PushReport v1 = d.push("notes-v1");
            assertThat(v1.switched()).isTrue();
            assertThat(v1.previousVersionId()).isEmpty();
            for (String text : List.of("a", "b", "c")) {
                d.mutation("notes:add", "{\"text\":\"" + text + "\"}");
            }

            PushReport v2 = d.push("notes-v2");
            assertThat(v2.switched()).isTrue();
            assertThat(v2.previousVersionId()).contains(v1.versionId());
            assertThat(v2.tableChanges()).singleElement().satisfies(t -> {
                assertThat(t.table()).isEqualTo("notes");
                assertThat(t.change()).isEqualTo(Change.CHANGED);
                assertThat(t.after().orElseThrow().toString()).contains("priority: v.optional(v.float64())");
            });
            assertThat(v2.schemaCheck().tables()).containsExactly(new TableChecked("notes", 3));
            assertThat(v2.schemaCheck().passed()).isTrue();
            assertThat(v2.functionChanges()).singleElement().satisfies(f -> {
                assertThat(f.path()).hasToString("migrations:backfillPriority");
                assertThat(f.change()).isEqualTo(Change.ADDED);
                assertThat(f.after().orElseThrow().visibility()).isEqualTo(dev.slipway.isolate.Visibility.INTERNAL);
            });

            assertThat(d.mutation("migrations:backfillPriority", "{}")).isEqualTo(new Value.Float64(3));

            PushReport v3 = d.push("notes-v3");
            assertThat(v3.switched()).isTrue();
            assertThat(v3.schemaCheck().tables()).containsExactly(new TableChecked("notes", 3));
            assertThat(v3.schemaCheck().violations()).isEmpty();
            assertThat(v3.functionChanges())
                    .singleElement()
                    .satisfies(f -> assertThat(f.change()).isEqualTo(Change.REMOVED));
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v3.versionId());
            assertThat(d.db().catalog()
                            .schema()
                            .orElseThrow()
                            .table("notes")
                            .orElseThrow()
                            .documentType())
                    .hasToString("v.object({priority: v.float64(), text: v.string()})");
            assertThat(ConvexJson.encode(d.query("notes:list", "{}")))
                    .isEqualTo("[{\"priority\":0,\"text\":\"a\"},{\"priority\":0,\"text\":\"b\"},"
                            + "{\"priority\":0,\"text\":\"c\"}]");
            assertThat(d.app().versions())
                    .extracting(CodeVersionInfo::versionId, CodeVersionInfo::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(v3.versionId(), CodeVersionInfo.State.CURRENT),
                            org.assertj.core.groups.Tuple.tuple(v2.versionId(), CodeVersionInfo.State.RETIRED),
                            org.assertj.core.groups.Tuple.tuple(v1.versionId(), CodeVersionInfo.State.RETIRED));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void migrationWalk_withoutBackfill_isRefusedWithTheReportAndChangesNothing(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            d.push("notes-v1");
            List<String> ids = new ArrayList<>();
            for (String text : List.of("a", "b", "c", "d", "e", "f")) {
                ids.add(id(d.mutation("notes:add", "{\"text\":\"" + text + "\"}")));
            }
            PushReport v2 = d.push("notes-v2");
            String typed = id(d.mutation("notes:addRaw", "{\"doc\":{\"text\":\"typed\",\"priority\":1}}"));
            List<String> before = d.storeContents();

            assertThatThrownBy(() -> d.push("notes-v3")).isInstanceOfSatisfying(PushRefusedException.class, e -> {
                assertThat(e.code()).isEqualTo("SchemaValidationFailed");
                assertThat(e.getMessage())
                        .contains("table \"notes\", field .priority: expected v.float64(), found missing in 6"
                                + " documents");
                PushReport report = e.report();
                assertThat(report.switched()).isFalse();
                assertThat(report.previousVersionId()).contains(v2.versionId());
                assertThat(report.schemaCheck().tables()).containsExactly(new TableChecked("notes", 7));
                assertThat(report.schemaCheck().violations()).singleElement().satisfies(v -> {
                    assertThat(v)
                            .extracting(Violation::table, Violation::path, Violation::expected, Violation::found)
                            .containsExactly("notes", ".priority", "v.float64()", "missing");
                    assertThat(v.count()).isEqualTo(6);
                    assertThat(v.sampleIds()).hasSize(SchemaGate.SAMPLE_IDS).isSubsetOf(ids);
                    assertThat(v.sampleIds()).doesNotContain(typed);
                });
            });

            assertThat(d.storeContents()).as("code, schema, indexes and data").isEqualTo(before);
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v2.versionId());
            assertThat(d.app().versions()).hasSize(2);
            assertThat(d.app().pushProgress()).isEmpty();
            // the live code and schema still accept a note without priority
            d.mutation("notes:add", "{\"text\":\"still fine\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void dryRun_withNewIndexRemovedIndexAndNewValidator_changesNothing(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            PushReport v1 = d.push("notes-v1");
            for (int i = 0; i < 40; i++) {
                d.mutation("notes:add", "{\"text\":\"note " + i + "\"}");
            }
            List<String> before = d.storeContents();

            PushReport dry = d.app()
                    .push(PushRequest.of(TestApps.modules("notes-v4"))
                            .withDryRun(true)
                            .withAuthor("ada"));

            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.switched()).isFalse();
            assertThat(dry.indexChanges())
                    .containsExactly(
                            new IndexChange(
                                    "notes",
                                    "by_priority",
                                    Change.ADDED,
                                    Optional.empty(),
                                    Optional.of(List.of("priority"))),
                            new IndexChange(
                                    "notes",
                                    "by_text",
                                    Change.REMOVED,
                                    Optional.of(List.of("text")),
                                    Optional.empty()));
            assertThat(dry.schemaCheck().tables()).containsExactly(new TableChecked("notes", 40));
            assertThat(dry.timings())
                    .extracting(PushReport.PhaseTiming::phase)
                    .containsExactly("analyzing", "diffing", "validating");
            assertThat(d.storeContents())
                    .as("the whole store, system tables included")
                    .isEqualTo(before);
            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(v1.versionId());
            assertThat(d.app().versions()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void newIndex_isBackfilledBeforeTheSwitch_andTheRemovedOneDroppedAfter(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            PushReport v2 = d.push("notes-v2");
            for (int i = 0; i < 30; i++) {
                d.mutation("notes:addRaw", "{\"doc\":{\"text\":\"n" + i + "\",\"priority\":" + (i % 3) + "}}");
            }
            List<String> seen = new ArrayList<>();
            PushListener listener = progress -> {
                Catalog catalog = d.db().catalog();
                String byPriority = catalog.index("notes", "by_priority")
                        .map(i -> i.state().name())
                        .orElse("absent");
                String byText = catalog.index("notes", "by_text").isPresent() ? "present" : "absent";
                String live = d.app().deployed().orElseThrow().versionId().equals(v2.versionId()) ? "old" : "new";
                seen.add(progress.phase() + " by_priority=" + byPriority + " by_text=" + byText + " code=" + live);
                assertThat(d.app().pushProgress()).contains(progress);
            };

            PushReport v4 = d.app().push(PushRequest.of(TestApps.modules("notes-v4")), listener);

            assertThat(seen)
                    .containsSubsequence(
                            "ANALYZING by_priority=absent by_text=present code=old",
                            "WRITING_MODULES by_priority=absent by_text=present code=old",
                            "SWITCHING by_priority=READY by_text=present code=old",
                            "DROPPING by_priority=READY by_text=present code=new");
            assertThat(seen).anyMatch(s -> s.startsWith("BACKFILLING"));
            assertThat(v4.indexChanges())
                    .extracting(IndexChange::name, IndexChange::change)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("by_priority", Change.ADDED),
                            org.assertj.core.groups.Tuple.tuple("by_text", Change.REMOVED));
            assertThat(d.db().catalog().index("notes", "by_text")).isEmpty();
            assertThat(d.db().catalog()
                            .index("notes", "by_priority")
                            .orElseThrow()
                            .state())
                    .isEqualTo(IndexState.READY);
            assertThat(ConvexJson.encode(d.query("notes:byPriority", "{\"priority\":1}")))
                    .isEqualTo("[\"n1\",\"n4\",\"n7\",\"n10\",\"n13\",\"n16\",\"n19\",\"n22\",\"n25\",\"n28\"]");
            assertThat(d.app().pushProgress()).isEmpty();
            assertThat(v4.timings())
                    .extracting(PushReport.PhaseTiming::phase)
                    .containsExactly(
                            "analyzing",
                            "diffing",
                            "jobs", // v4 removes v2's internal migration: its pending jobs are checked
                            "validating",
                            "modules",
                            "backfilling",
                            "switching",
                            "dropping");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void changedIndex_isRebuiltUnderATemporaryName_andTakesItsNameInTheSwitch(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            d.push("notes-v4");
            for (String text : List.of("x", "z", "y")) {
                d.mutation("notes:addRaw", "{\"doc\":{\"text\":\"" + text + "\",\"priority\":2}}");
            }
            Catalog.Index old = d.db().catalog().index("notes", "by_priority").orElseThrow();
            List<String> duringBackfill = new ArrayList<>();
            PushListener listener = progress -> {
                if (progress.phase() == Phase.BACKFILLING) {
                    assertThat(progress.target()).contains("notes.by_priority");
                    Catalog catalog = d.db().catalog();
                    catalog.indexes(catalog.table("notes").orElseThrow().number())
                            .forEach(i -> duringBackfill.add(i.definition().name()));
                }
            };

            PushReport v5 = d.app().push(PushRequest.of(TestApps.modules("notes-v5")), listener);

            assertThat(v5.indexChanges())
                    .containsExactly(new IndexChange(
                            "notes",
                            "by_priority",
                            Change.CHANGED,
                            Optional.of(List.of("priority")),
                            Optional.of(List.of("priority", "text"))));
            assertThat(duringBackfill)
                    .contains("by_priority", IndexPlan.rebuildName("by_priority", List.of("priority", "text")));
            Catalog catalog = d.db().catalog();
            Catalog.Index rebuilt = catalog.index("notes", "by_priority").orElseThrow();
            assertThat(rebuilt.id()).isNotEqualTo(old.id());
            assertThat(rebuilt.definition().declaredFields())
                    .containsExactly(FieldPath.of("priority"), FieldPath.of("text"));
            assertThat(catalog.indexes(catalog.table("notes").orElseThrow().number()))
                    .extracting(i -> i.definition().name())
                    .noneMatch(name -> name.startsWith(IndexPlan.REBUILD_PREFIX));
            assertThat(ConvexJson.encode(d.query("notes:byPriority", "{\"priority\":2}")))
                    .isEqualTo("[\"z\",\"y\",\"x\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void schemaValidationOff_acceptsWithoutChecking(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            d.push("notes-v1");
            d.mutation("notes:add", "{\"text\":\"no priority\"}");

            PushReport report = d.push("notes-v3-unenforced");

            assertThat(report.switched()).isTrue();
            assertThat(report.schemaCheck().enforced()).isFalse();
            assertThat(report.schemaCheck().tables()).isEmpty();
            assertThat(report.schemaValidation().after()).contains(false);
            d.mutation("notes:addRaw", "{\"doc\":{\"text\":7}}");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void newValidator_onWrongTypes_groupsByPathExpectedAndFound(TestDeployment.Store store) {
        try (TestDeployment d = TestDeployment.open(store, dir)) {
            d.push("notes-v3-unenforced");
            String number = id(d.mutation("notes:addRaw", "{\"doc\":{\"text\":1,\"priority\":1}}"));
            String extra = id(d.mutation("notes:addRaw", "{\"doc\":{\"text\":\"t\",\"priority\":1,\"tag\":true}}"));
            String text = id(d.mutation("notes:addRaw", "{\"doc\":{\"text\":\"t\",\"priority\":\"high\"}}"));
            d.mutation("notes:addRaw", "{\"doc\":{\"text\":\"ok\",\"priority\":3}}");

            assertThatThrownBy(() -> d.push("notes-v3"))
                    .isInstanceOfSatisfying(
                            PushRefusedException.class,
                            e -> assertThat(e.report().schemaCheck().violations())
                                    .containsExactlyInAnyOrder(
                                            new Violation(
                                                    "notes", ".text", "v.string()", "float64", 1, List.of(number)),
                                            new Violation("notes", ".tag", "absent", "boolean", 1, List.of(extra)),
                                            new Violation(
                                                    "notes", ".priority", "v.float64()", "string", 1, List.of(text))));
        }
    }
}

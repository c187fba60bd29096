package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.Visibility;
import dev.slipway.value.ConvexJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Code versions kept in the deployment's own database: restart, listing, identical pushes, module chunks. */
@Tag("node")
class CodeVersionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDeployment.Store.class)
    void restart_servesTheCurrentVersionFromTheDatabase(TestDeployment.Store store) {
        TestDeployment d = TestDeployment.open(store, dir);
        try {
            d.push("notes-v1");
            d.mutation("notes:add", "{\"text\":\"kept\"}");
            PushReport v2 = d.app()
                    .push(PushRequest.of(TestApps.modules("notes-v2"))
                            .withAuthor("ada@example.com")
                            .withGit(new PushRequest.GitInfo(Optional.of("0123abcd"), Optional.of("main"))));

            d = d.reopen();

            DeployedCode served = d.app().deployed().orElseThrow();
            assertThat(served.versionId()).isEqualTo(v2.versionId());
            assertThat(served.version().modules()).isEqualTo(TestApps.modules("notes-v2"));
            assertThat(served.schema()).isEqualTo(d.db().catalog().schema());
            assertThat(served.function(FunctionPath.parse("migrations:backfillPriority")))
                    .hasValueSatisfying(f -> {
                        assertThat(f.kind()).isEqualTo(FunctionKind.MUTATION);
                        assertThat(f.visibility()).isEqualTo(Visibility.INTERNAL);
                    });
            assertThat(ConvexJson.encode(d.query("notes:list", "{}"))).isEqualTo("[{\"text\":\"kept\"}]");
            assertThat(d.mutation("migrations:backfillPriority", "{}")).isNotNull();

            List<CodeVersionInfo> versions = d.app().versions();
            assertThat(versions).hasSize(2);
            CodeVersionInfo current = versions.getFirst();
            assertThat(current.versionId()).isEqualTo(v2.versionId());
            assertThat(current.state()).isEqualTo(CodeVersionInfo.State.CURRENT);
            assertThat(current.author()).contains("ada@example.com");
            assertThat(current.git()).contains(new PushRequest.GitInfo(Optional.of("0123abcd"), Optional.of("main")));
            assertThat(current.hasSchema()).isTrue();
            assertThat(current.modulePaths()).containsExactly("migrations.js", "notes.js", "schema.js");
            assertThat(current.functions()).isEqualTo(v2.functions());
            assertThat(versions.get(1).state()).isEqualTo(CodeVersionInfo.State.RETIRED);
            assertThat(versions.get(1).author()).isEmpty();
        } finally {
            d.close();
        }
    }

    @Test
    void pushingIdenticalModules_isANoOpWithTheSameId(@TempDir Path sqlite) {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.SQLITE, sqlite)) {
            PushReport first = d.push("notes-v1");
            List<String> before = d.storeContents();

            PushReport again = d.push("notes-v1");

            assertThat(again.unchanged()).isTrue();
            assertThat(again.switched()).isFalse();
            assertThat(again.versionId()).isEqualTo(first.versionId());
            assertThat(again.functionChanges()).isEmpty();
            assertThat(d.storeContents()).isEqualTo(before);
            assertThat(d.app().versions()).hasSize(1);
        }
    }

    @Test
    void pushingAnOlderVersionAgain_makesItsStoredVersionCurrent(@TempDir Path sqlite) {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.SQLITE, sqlite)) {
            PushReport v1 = d.push("notes-v1");
            PushReport v2 = d.push("notes-v2");
            PushReport back = d.push("notes-v1");

            assertThat(back.versionId()).isEqualTo(v1.versionId());
            assertThat(back.switched()).isTrue();
            assertThat(d.app().versions())
                    .extracting(CodeVersionInfo::versionId, CodeVersionInfo::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(v2.versionId(), CodeVersionInfo.State.RETIRED),
                            org.assertj.core.groups.Tuple.tuple(v1.versionId(), CodeVersionInfo.State.CURRENT));
        }
    }

    @Test
    void chunks_splitAtCodePointsWithinTheLimit() {
        String big = "é".repeat(CodeVersions.CHUNK_BYTES / 2) + "😀" + "a".repeat(10);
        List<String> chunks = CodeVersions.chunks(big);
        assertThat(String.join("", chunks)).isEqualTo(big);
        assertThat(chunks).hasSize(2);
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(CodeVersions.CHUNK_BYTES));
        assertThat(chunks.get(1)).startsWith("😀");
        assertThat(CodeVersions.chunks("")).containsExactly("");
    }

    @Test
    void largeModule_isStoredInChunksAndServedAgainAfterARestart(@TempDir Path sqlite) {
        TestDeployment d = TestDeployment.open(TestDeployment.Store.SQLITE, sqlite);
        try {
            java.util.Map<String, String> modules = new java.util.TreeMap<>(TestApps.modules("notes-v1"));
            // 1.5 MiB of comment: three chunks, more than one document may hold
            modules.put(
                    "padding.js", "// " + "x".repeat(3 * CodeVersions.CHUNK_BYTES - 100) + "\nexport const n = 1;\n");
            PushReport pushed = d.app().push(PushRequest.of(modules));

            d = d.reopen();

            assertThat(d.app().deployed().orElseThrow().versionId()).isEqualTo(pushed.versionId());
            assertThat(d.app().deployed().orElseThrow().version().modules()).isEqualTo(modules);
        } finally {
            d.close();
        }
    }
}

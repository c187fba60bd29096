package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query journals: a subscription's re-run replays where its paginated query ended, so the page grows
 * with an insert instead of shifting; and a function may run only one paginated query, as in Convex.
 */
@Tag("node")
class PageJournalTest {
    @TempDir
    Path dir;

    private static final String FIRST_PAGE = "{\"paginationOpts\":{\"numItems\":2,\"cursor\":null}}";

    @Test
    void replayedJournal_keepsThePageEnd_whileAnInsertGrowsThePage() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.SQLITE, dir)) {
            d.push("pages");
            for (int n : new int[] {10, 20, 30, 40}) {
                d.mutation("items:add", "{\"n\":" + n + "}");
            }
            FunctionResult first = queryAt(d, Optional.empty());
            assertThat(ns(first)).isEqualTo("[10,20]");
            Optional<String> journal = journal(first);
            assertThat(journal).as("the first run's journal").isPresent();

            d.mutation("items:add", "{\"n\":15}");

            FunctionResult replayed = queryAt(d, journal);
            assertThat(ns(replayed))
                    .as("the page ends where it ended: 15 joins it")
                    .isEqualTo("[10,15,20]");
            assertThat(journal(replayed)).isEqualTo(journal);
            assertThat(ns(queryAt(d, Optional.empty())))
                    .as("without the journal, a fresh page of 2")
                    .isEqualTo("[10,15]");
        }
    }

    @Test
    void twoPaginatedQueriesInOneFunction_failAsInConvex() {
        try (TestDeployment d = TestDeployment.open(TestDeployment.Store.MEMORY, dir)) {
            d.push("pages");
            assertThat(d.queryFailure("items:twoPages", "{}"))
                    .startsWith("Uncaught Error: This query or mutation function ran multiple paginated queries."
                            + " Convex only supports a single paginated query in each function.");
        }
    }

    private static FunctionResult queryAt(TestDeployment d, Optional<String> journal) {
        FunctionCall call = new FunctionCall(
                FunctionPath.parse("items:page"),
                (Value.Obj) ConvexJson.decode(FIRST_PAGE),
                FunctionCall.Caller.CLIENT,
                FunctionCall.RequestInfo.of("journal-test"));
        FunctionResult result = d.app().queryAt(call, d.db().lastCommitted(), journal);
        assertThat(result).isInstanceOf(FunctionResult.Success.class);
        return result;
    }

    private static String ns(FunctionResult result) {
        Value.Obj value = (Value.Obj) ((FunctionResult.Success) result).value();
        return ConvexJson.encode(java.util.Objects.requireNonNull(value.fields().get("ns"), "ns"));
    }

    private static Optional<String> journal(FunctionResult result) {
        return ((FunctionResult.Success) result).reads().flatMap(FunctionResult.Reads::journal);
    }
}

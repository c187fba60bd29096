package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How push reports read: what changed, the schema check, and fields this CLI does not know. */
class PushReportTest {
    private static final DeploymentTarget TARGET =
            new DeploymentTarget("http://127.0.0.1:3210/d/default", "default", "key", "--url");

    private static String accepted(String json) {
        StringWriter out = new StringWriter();
        PushReport.printAccepted(Json.parse(json), TARGET, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void changes_areListedWithMarks() {
        String printed = accepted("""
                {"versionId": "v2", "previousVersionId": "v1", "dryRun": false, "switched": true, "unchanged": false,
                 "schema": true, "httpRouter": false,
                 "functions": [{"path": "messages:list", "kind": "query", "visibility": "public"},
                               {"path": "messages:purge", "kind": "mutation", "visibility": "internal"}],
                 "changes": {
                   "functions": [
                     {"path": "messages:purge", "change": "added", "changed": [], "before": null,
                      "after": {"kind": "mutation", "visibility": "internal", "args": {"type": "object"}, "returns": null}},
                     {"path": "messages:old", "change": "removed", "changed": [], "before": {"kind": "query"}, "after": null},
                     {"path": "messages:list", "change": "changed", "changed": ["args", "returns"],
                      "before": {"kind": "query"}, "after": {"kind": "query"}}],
                   "schemaValidation": {"before": true, "after": true},
                   "tables": [{"table": "messages", "change": "changed", "before": {"type": "object"}, "after": {"type": "object"}}],
                   "indexes": [{"table": "messages", "name": "by_author", "change": "added", "before": null, "after": ["author"]},
                               {"table": "messages", "name": "by_x", "change": "changed", "before": ["x"], "after": ["x", "y"]}]},
                 "schemaCheck": {"passed": true, "enforced": true, "tables": [{"table": "messages", "documents": 12}],
                                 "violations": []},
                 "timings": [{"phase": "analyzing", "millis": 40}, {"phase": "validating", "millis": 3}],
                 "backfill": {"indexes": 1, "documents": 12}}
                """);

        assertThat(printed)
                .contains("Pushed version v2 (was v1) to deployment default at http://127.0.0.1:3210/d/default.")
                .contains("  mutation messages:purge (internal)")
                .contains("  + mutation messages:purge")
                .contains("  - query messages:old")
                .contains("  ~ query messages:list: args, returns changed")
                .contains("  ~ table messages: document validator changed")
                .contains("  + index messages.by_author [\"author\"]")
                .contains("  ~ index messages.by_x [\"x\"] -> [\"x\",\"y\"]")
                .contains("Schema check: passed (12 documents in 1 table)")
                .contains("Schema: yes")
                .contains("HTTP router: none")
                .contains("Took: analyzing 40 ms, validating 3 ms")
                .contains("Backfill:\n  Indexes: 1\n  Documents: 12")
                .doesNotContain("schemaValidation")
                .doesNotContain("Schema validation");
    }

    @Test
    void dryRunAndUnchanged_sayNothingChanged() {
        assertThat(accepted("{\"versionId\": \"v3\", \"previousVersionId\": null, \"dryRun\": true}"))
                .contains("Dry run: version v3 checked against deployment default")
                .contains("nothing was changed");
        assertThat(accepted("""
                        {"versionId": "v3", "unchanged": true, "changes": {"functions": [], "tables": [], "indexes": [],
                         "schemaValidation": {"before": true, "after": true}}}
                        """)).contains("Version v3 is already live").contains("Changes: none");
    }

    @Test
    void envCheck_warnsForEachMissingVariable_andNamesReferenceChanges() {
        String printed = accepted("""
                {"versionId": "v4", "switched": true,
                 "envCheck": {"referenced": ["API_KEY", "SITE"], "missing": ["API_KEY"], "added": ["API_KEY"],
                              "removed": ["OLD"]}}
                """);
        assertThat(printed)
                .contains("Environment variables read by the code: API_KEY, SITE")
                .contains("  WARN API_KEY is not set on this deployment (it reads as undefined): slipway env set"
                        + " API_KEY <value>")
                .contains("  newly read: API_KEY")
                .contains("  no longer read: OLD")
                .doesNotContain("envCheck");
        assertThat(accepted("""
                {"versionId": "v5", "switched": true,
                 "envCheck": {"referenced": [], "missing": [], "added": [], "removed": []}}
                """)).doesNotContain("Environment variables");
    }

    @Test
    void stagedPromotedAndRolledBack_sayWhichVersionIsCurrent() {
        assertThat(accepted("""
                        {"versionId": "v2", "previousVersionId": "v1", "switched": false, "staged": true}
                        """))
                .startsWith("Staged version v2 on deployment default at http://127.0.0.1:3210/d/default; version v1"
                        + " stays current.\n")
                .doesNotContain("without making it live")
                .doesNotContain("Staged: true");
        assertThat(accepted(
                        "{\"versionId\": \"v2\", \"previousVersionId\": \"v1\", \"dryRun\": true, \"staged\": true}"))
                .contains("Dry run: staging version v2 (was v1) checked against deployment default")
                .contains("nothing was changed");
        assertThat(accepted("""
                        {"versionId": "v2", "previousVersionId": "v1", "switched": true, "promoted": true}
                        """))
                .startsWith("Promoted version v2 (was v1) on deployment default at ")
                .doesNotContain("Promoted: true");
        assertThat(accepted("""
                        {"versionId": "v1", "previousVersionId": "v2", "switched": true, "rolledBack": true}
                        """))
                .startsWith("Rolled back to version v1 (was v2) on deployment default at ")
                .doesNotContain("Rolled back: true");
        assertThat(accepted("""
                        {"versionId": "v1", "previousVersionId": "v2", "kind": "rollback", "dryRun": true,
                         "switched": false, "staged": false, "promoted": false, "rolledBack": false}
                        """))
                .startsWith("Dry run: rolling back to version v1 (was v2) checked against deployment default")
                .contains("nothing was changed")
                .doesNotContain("Kind");
        assertThat(accepted("""
                        {"versionId": "v3", "previousVersionId": "v2", "kind": "push", "dryRun": true,
                         "switched": false, "staged": false, "promoted": false, "rolledBack": false}
                        """)).startsWith("Dry run: version v3 (was v2) checked against deployment default");
        assertThat(accepted("""
                        {"versionId": "v3", "previousVersionId": "v2", "kind": "push", "dryRun": false,
                         "switched": true, "staged": false, "promoted": false, "rolledBack": false}
                        """)).startsWith("Pushed version v3 (was v2) to deployment default");
    }

    @Test
    void refusedRollback_namesItsReport() {
        StringWriter err = new StringWriter();
        Json body = Json.parse("""
                {"code": "SchemaValidationFailed", "message": "1 document does not match version v1's schema",
                 "report": {"versionId": "v1", "schemaCheck": {"passed": false, "enforced": true,
                   "tables": [{"table": "notes", "documents": 3}],
                   "violations": [{"table": "notes", "path": ".body", "expected": "v.string()", "found": "v.float64()",
                                   "count": 1, "sampleIds": ["id9"]}]}}}
                """);

        PushReport.printRefused(body, "Rollback", new PrintWriter(err, true));

        assertThat(err.toString())
                .contains("Rollback report (version v1, nothing was changed):")
                .contains("notes.body: expected v.string(), found v.float64() in 1 document (e.g. id9)");
    }

    @Test
    void refusedPush_printsTheViolations() {
        StringWriter err = new StringWriter();
        Json body = Json.parse("""
                {"code": "SchemaValidationFailed", "message": "2 documents do not match",
                 "report": {"versionId": "v4", "schemaCheck": {"passed": false, "enforced": true,
                   "tables": [{"table": "users", "documents": 5}],
                   "violations": [{"table": "users", "path": ".age", "expected": "v.float64()", "found": "missing",
                                   "count": 2, "sampleIds": ["id1", "id2"]}]}}}
                """);

        PushReport.printRefused(body, new PrintWriter(err, true));

        assertThat(err.toString())
                .contains("Push report (version v4, nothing was changed):")
                .contains("Schema check: FAILED")
                .contains("users.age: expected v.float64(), found missing in 2 documents (e.g. id1, id2)")
                .doesNotContain("Passed");
    }

    @Test
    void refusedPush_breakingChanges_printsErrAndWarnLinesAndTheFix() {
        StringWriter err = new StringWriter();
        Json body = Json.parse("""
                {"code": "BreakingChanges", "message": "Breaking changes: ...",
                 "report": {"versionId": "v2", "dryRun": false, "switched": false, "allowBreaking": false,
                   "apiCheck": {"passed": false, "comparedWith": ["v1", "v0"], "findings": [
                     {"severity": "error", "rule": "functionRemoved", "function": "messages:send", "path": "",
                      "before": null, "after": null, "versions": ["v1", "v0"],
                      "message": "messages:send (mutation) is removed: callers fail."},
                     {"severity": "error", "rule": "requiredArgumentAdded", "function": "messages:list",
                      "path": "args.channel", "before": null, "after": "v.string()", "versions": ["v0"],
                      "message": "messages:list has a new required argument `channel` (v.string())."},
                     {"severity": "warning", "rule": "argumentRemoved", "function": "messages:edit",
                      "path": "args.draft", "before": "v.optional(v.boolean())", "after": null, "versions": ["v1", "v0"],
                      "message": "messages:edit no longer has the argument `draft`."}]},
                   "jobCheck": {"passed": false, "checked": 30, "more": 3, "problems": [
                     {"jobId": "k57abc", "function": "messages:deliver", "scheduledTime": 1750000060000,
                      "reason": "its stored arguments fail the new args validator"}]}}}
                """);

        PushReport.printRefused(body, new PrintWriter(err, true));

        assertThat(err.toString())
                .contains("API check against the live version v1 and pinned v0: 2 errors, 1 warning")
                .contains("  ERR  messages:send (mutation) is removed: callers fail.\n")
                .contains("  ERR  messages:list has a new required argument `channel` (v.string()). [against v0]\n"
                        + "         absent -> v.string()")
                .contains("  WARN messages:edit no longer has the argument `draft`.\n"
                        + "         v.optional(v.boolean()) -> absent")
                .contains("Job check: FAILED, 4 pending jobs cannot run under the new code:")
                .contains("  ERR  job k57abc messages:deliver due 2025-06-15T15:07:40Z: its stored arguments fail")
                .contains("  ... and 3 more")
                .contains("or push anyway with --allow-breaking.")
                .doesNotContain("Api check")
                .doesNotContain("Allow breaking");
    }

    @Test
    void acceptedPush_withAllowBreaking_saysWhatWillFail_andPassingChecksAreOneLine() {
        assertThat(accepted("""
                        {"versionId": "v2", "switched": true, "allowBreaking": true,
                         "apiCheck": {"passed": false, "comparedWith": ["v1"], "findings": [
                           {"severity": "error", "rule": "kindChanged", "function": "a:b", "path": "", "before": null,
                            "after": null, "versions": ["v1"], "message": "a:b changes from query to mutation."}]},
                         "jobCheck": {"passed": true, "checked": 0, "problems": [], "more": 0}}
                        """))
                .contains("  ERR  a:b changes from query to mutation.")
                .contains("Breaking changes allowed (--allow-breaking)")
                .doesNotContain("Job check");
        assertThat(accepted("""
                        {"versionId": "v2", "switched": true, "allowBreaking": false,
                         "apiCheck": {"passed": true, "comparedWith": ["v1"], "findings": []},
                         "jobCheck": {"passed": true, "checked": 2, "problems": [], "more": 0}}
                        """))
                .contains("API check: passed against the live version v1")
                .contains("Job check: passed (2 pending jobs of changed functions can still run)")
                .doesNotContain("Fix:");
        assertThat(accepted("""
                        {"versionId": "v1", "switched": true, "apiCheck": {"passed": true, "comparedWith": [],
                         "findings": []}}
                        """)).doesNotContain("API check");
    }

    @Test
    void refusedPush_withOnlyCodeAndMessage_printsNothingMore() {
        StringWriter err = new StringWriter();

        PushReport.printRefused(Json.parse("{\"code\": \"X\", \"message\": \"m\"}"), new PrintWriter(err, true));

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void cliException_keepsTheServerBody() {
        CliException e = CliException.fromServer(
                400,
                "refused",
                Optional.of("SchemaValidationFailed"),
                Optional.of(Json.objectOfStrings(Map.of("a", "b"))));

        assertThat(e.exit()).isEqualTo(CliException.Exit.FAILED);
        assertThat(e.errorCode()).hasValue("SchemaValidationFailed");
        assertThat(e.body()).isPresent();
        assertThat(CliException.fromServer(403, "no", Optional.empty(), Optional.empty())
                        .exit())
                .isEqualTo(CliException.Exit.UNAUTHORIZED);
    }
}

package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway data [TABLE]}: without a table, the deployment's tables and how many documents each
 * holds; with one, its documents (newest first unless {@code --order asc}), one JSON object per line
 * in Convex's export JSON, so the output pipes into {@code jq} or back into {@code slipway import}.
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "List the deployment's tables, or print a table's documents (one JSON object per line).")
final class DataCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", description = "The table to print.")
    private Optional<String> table = Optional.empty();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Print at most N documents, 1-1000 (default: 100).")
    private int limit = 100;

    @Option(
            names = "--order",
            paramLabel = "ORDER",
            defaultValue = "desc",
            description = "By creation time: desc (newest first, the default) or asc.")
    private String order = "desc";

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw CliException.usage("--limit must be from 1 to 1000, got " + limit);
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw CliException.usage("--order must be asc or desc, got " + order);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeploymentTarget deployment = target.target(parent.context());
        try (AdminClient admin = AdminClient.connect(deployment)) {
            if (table.isEmpty()) {
                listTables(admin.get("tables", Map.of()).array("tables"), deployment, out, err);
            } else {
                printDocuments(admin, table.get(), out, err);
            }
        }
        return 0;
    }

    private static void listTables(List<Json> tables, DeploymentTarget deployment, PrintWriter out, PrintWriter err) {
        if (tables.isEmpty()) {
            err.println("The " + deployment.describe() + " has no tables yet.");
            err.flush();
            return;
        }
        int width = "TABLE".length();
        for (Json t : tables) {
            width = Math.max(width, t.string("name").orElse("").length());
        }
        out.println(pad("TABLE", width) + "  DOCUMENTS");
        for (Json t : tables) {
            out.println(pad(t.string("name").orElse("?"), width) + "  "
                    + t.number("documents").map(Json.Num::longValue).orElse(0L));
        }
        out.flush();
    }

    private void printDocuments(AdminClient admin, String name, PrintWriter out, PrintWriter err) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("table", name);
        query.put("limit", Integer.toString(limit));
        query.put("order", order);
        Json page;
        try {
            page = admin.get("data", query);
        } catch (CliException e) {
            if (e.errorCode().filter("TableNotFound"::equals).isPresent()) {
                throw CliException.failed(
                        e.body().flatMap(b -> b.string("message")).orElse("there is no table " + name));
            }
            throw e;
        }
        List<Json> documents = page.array("page");
        for (Json doc : documents) {
            out.println(doc.text());
        }
        out.flush();
        if (!page.bool("isDone").orElse(true)) {
            err.println("(the " + documents.size() + " " + (order.equals("desc") ? "newest" : "oldest")
                    + " documents of " + name + "; there are more: raise --limit or change --order)");
        } else if (documents.isEmpty()) {
            err.println("Table " + name + " is empty.");
        }
        err.flush();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}

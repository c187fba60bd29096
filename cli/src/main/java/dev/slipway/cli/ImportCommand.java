package dev.slipway.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway import PATH}: uploads a file into the deployment's tables, streamed, with progress:
 * a CSV (header row), JSON lines or a JSON array into {@code --table}, or a snapshot ZIP (as {@code
 * slipway export} writes it) into the tables it holds, keeping their ids. By default the table must
 * be empty or missing; {@code --replace} replaces its documents, {@code --append} adds to them. The
 * server checks the whole file before it writes anything, so a corrupt file changes nothing and the
 * error names the file and the line.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Import a CSV, JSON lines, JSON array or snapshot ZIP file into the deployment's tables.")
final class ImportCommand implements Callable<Integer> {
    /** An import of many documents can take a while once the upload is done. */
    static final Duration TIMEOUT = Duration.ofHours(2);

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Parameters(index = "0", paramLabel = "PATH", description = "The file to import.")
    private Path path = Path.of("");

    @Option(
            names = "--table",
            paramLabel = "TABLE",
            description = "The table to import into (required unless the file is a ZIP, which names its tables).")
    private Optional<String> table = Optional.empty();

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "csv, jsonLines, jsonArray or zip (default: from the extension: .csv, .jsonl, .json, .zip).")
    private Optional<String> format = Optional.empty();

    /** At most one of the modes; neither means requireEmpty. */
    static final class Mode {
        @Option(names = "--replace", description = "Replace the table's documents with the file's.")
        boolean replace;

        @Option(names = "--append", description = "Add the file's documents to the table's.")
        boolean append;
    }

    @ArgGroup(exclusive = true)
    private Mode mode = new Mode();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliContext context = parent.context();
        Path file = context.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("there is no file at " + file);
        }
        String chosenFormat = format.orElseGet(() -> formatOf(file));
        if (!chosenFormat.equals("zip") && table.isEmpty()) {
            throw CliException.usage(
                    "importing a " + chosenFormat + " file needs --table TABLE (only a ZIP names its" + " own tables)");
        }
        if (chosenFormat.equals("zip") && table.isPresent()) {
            throw CliException.usage("a ZIP names its own tables (<table>/documents.jsonl); leave out --table");
        }
        String modeName = mode.replace ? "replace" : mode.append ? "append" : "requireEmpty";
        DeploymentTarget deployment = target.target(context);
        Map<String, String> query = new LinkedHashMap<>();
        table.ifPresent(t -> query.put("table", t));
        query.put("format", chosenFormat);
        query.put("mode", modeName);
        long size = size(file);
        err.println("Importing " + path + " (" + TransferProgress.size(size) + ", " + chosenFormat + ") into "
                + table.map(t -> "table " + t + " of ").orElse("") + deployment.describe()
                + (modeName.equals("requireEmpty") ? "" : " (" + modeName + ")"));
        err.flush();
        TransferProgress progress = new TransferProgress(err, "Uploading " + path, size);
        Json answer;
        try (AdminClient admin = AdminClient.connect(deployment).withTimeout(TIMEOUT)) {
            answer = admin.upload("import", query, progress.counting(publisher(file)), contentType(chosenFormat));
        } catch (CliException e) {
            throw describe(e, file);
        }
        for (Json t : answer.array("tables")) {
            out.println(
                    "Imported " + t.number("imported").map(Json.Num::longValue).orElse(0L) + " documents into "
                            + t.string("name").orElse("?"));
        }
        out.flush();
        return 0;
    }

    /** The format a file's extension suggests. */
    static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "jsonLines";
        }
        if (name.endsWith(".json")) {
            return "jsonArray";
        }
        if (name.endsWith(".zip")) {
            return "zip";
        }
        throw CliException.usage("cannot tell the format of " + file.getFileName()
                + " from its extension; pass --format csv, jsonLines, jsonArray or zip");
    }

    private static HttpRequest.BodyPublisher publisher(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String contentType(String format) {
        return switch (format) {
            case "csv" -> "text/csv";
            case "zip" -> "application/zip";
            default -> "application/json";
        };
    }

    /**
     * The server's refusal of the file in the user's terms: {@code data.csv line 3: ...} for a corrupt
     * line (the server names the file generically, or the ZIP entry).
     */
    private static CliException describe(CliException e, Path file) {
        Optional<String> message = e.body().flatMap(b -> b.string("message"));
        if (message.isEmpty() || e.exit() != CliException.Exit.FAILED) {
            return e;
        }
        String text = message.get();
        for (String generic : new String[] {"the csv file", "the jsonLines file", "the jsonArray file"}) {
            if (text.startsWith(generic + " ")) {
                return CliException.failed(
                        file.getFileName() + text.substring(generic.length()) + " (nothing was" + " imported)");
            }
        }
        return CliException.failed("import of " + file.getFileName() + " failed: " + text
                + e.errorCode().map(c -> " (" + c + ")").orElse(""));
    }
}

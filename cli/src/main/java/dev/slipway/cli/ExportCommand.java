package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway export --path FILE.zip}: downloads a snapshot of every table of the deployment, all
 * read at one moment, as a ZIP in Convex's snapshot layout ({@code slipway import} reads it back,
 * keeping ids). The download streams into a temporary file next to the target, which is moved into
 * place only when complete, so an interrupted export never leaves a truncated ZIP behind. A
 * directory as {@code --path} gets {@code snapshot_<deployment>_<time>.zip} inside it.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Export every table of the deployment, at one snapshot, as a ZIP (Convex's snapshot layout).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @ParentCommand
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private SlipwayCommand parent;

    @Mixin
    private TargetOptions target = new TargetOptions();

    @Option(
            names = "--path",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the ZIP (an existing directory gets snapshot_<deployment>_<time>.zip).")
    private Path path = Path.of("");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliContext context = parent.context();
        DeploymentTarget deployment = target.target(context);
        Path file = context.resolve(path);
        if (Files.isDirectory(file)) {
            file = file.resolve("snapshot_" + deployment.deploymentName() + "_" + System.currentTimeMillis() + ".zip");
        }
        if (Files.exists(file)) {
            throw CliException.usage(file + " already exists; choose another --path or remove it");
        }
        Path parentDir = file.toAbsolutePath().getParent();
        if (parentDir == null || !Files.isDirectory(parentDir)) {
            throw CliException.usage("the directory of " + file + " does not exist");
        }
        err.println("Exporting " + deployment.describe() + " to " + file);
        err.flush();
        TransferProgress progress = new TransferProgress(err, "Downloading", -1);
        Path partial = parentDir.resolve(file.getFileName() + ".partial");
        try (AdminClient admin = AdminClient.connect(deployment).withTimeout(ImportCommand.TIMEOUT)) {
            try (InputStream in = progress.counting(admin.download("export", Map.of()));
                    OutputStream to = Files.newOutputStream(partial)) {
                in.transferTo(to);
            }
            List<String> tables = tables(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            out.println("Exported " + tables.size() + (tables.size() == 1 ? " table" : " tables")
                    + (tables.isEmpty() ? "" : " (" + String.join(", ", tables) + ")") + ", "
                    + TransferProgress.size(progress.done()) + ", to " + file);
            out.flush();
        } catch (IOException e) {
            throw CliException.failed("the export broke off after " + TransferProgress.size(progress.done()) + ": "
                    + CliException.reason(e) + "; nothing was written to " + file);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                err.println("note: cannot remove " + partial + ": " + e.getMessage());
            }
        }
        return 0;
    }

    /** The tables of a downloaded snapshot; a ZIP that does not read back is a failed export. */
    private static List<String> tables(Path zip) throws IOException {
        List<String> tables = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.endsWith("/documents.jsonl") && !name.startsWith("_")) {
                    tables.add(name.substring(0, name.length() - "/documents.jsonl".length()));
                }
            }
        }
        return tables;
    }
}

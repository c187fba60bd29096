package dev.slipway.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches an app's functions directory, subdirectories included (new ones as they appear), except
 * {@code _generated/} (codegen writes there) and {@code node_modules}. {@link #awaitChange} returns
 * once a burst of changes is over: after the first event, when no other came for the quiet period,
 * so saving several files, or an editor's write-rename dance, is one change.
 */
final class FunctionsWatcher implements AutoCloseable {
    private final Path root;
    private final Duration quiet;
    private final WatchService service;
    private final Map<WatchKey, Path> dirs = new HashMap<>();

    FunctionsWatcher(Path root, Duration quiet) {
        this.root = root;
        this.quiet = quiet;
        try {
            this.service = FileSystems.getDefault().newWatchService();
            registerTree(root);
        } catch (IOException e) {
            throw CliException.failed("cannot watch " + root + ": " + e.getMessage());
        }
    }

    /**
     * Waits for the next burst of changes (ignoring bursts made only of ignored paths) to end.
     *
     * @return the number of changes seen
     */
    int awaitChange() throws InterruptedException {
        int changes = 0;
        while (changes == 0) {
            WatchKey key = service.take();
            while (key != null) {
                changes += drain(key);
                key = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return changes;
    }

    private int drain(WatchKey key) {
        Path dir = dirs.get(key);
        int relevant = 0;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir == null || event.kind().equals(StandardWatchEventKinds.OVERFLOW)) {
                relevant++;
                continue;
            }
            Path child = dir.resolve((Path) event.context());
            if (ignored(child)) {
                continue;
            }
            relevant++;
            if (event.kind().equals(StandardWatchEventKinds.ENTRY_CREATE) && Files.isDirectory(child)) {
                try {
                    registerTree(child);
                } catch (IOException e) {
                    // the directory went away again; its parent's events cover it
                }
            }
        }
        if (!key.reset()) {
            dirs.remove(key);
        }
        return relevant;
    }

    private boolean ignored(Path path) {
        Path rel = root.relativize(path);
        String first = rel.getNameCount() == 0 ? "" : rel.getName(0).toString();
        return first.equals("_generated") || first.equals("node_modules");
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path d : tree.filter(Files::isDirectory)
                    .filter(d -> !ignored(d) || d.equals(root))
                    .toList()) {
                dirs.put(
                        d.register(
                                service,
                                StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE),
                        d);
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException | ClosedWatchServiceException e) {
            // closing anyway
        }
    }
}

package dev.slipway.isolate;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * The only file system a context sees: a code version's modules, read-only, in memory, at {@code
 * /<module path>}. GraalJS resolves the relative imports between bundled modules ({@code
 * import "./_deps/abc.js"}) through it.
 *
 * <p>Why a file system at all: with {@code IOAccess.NONE} GraalJS cannot load an imported module, and
 * the polyglot API has no other module-loading hook. {@code SandboxPolicy.CONSTRAINED} accepts a
 * custom file system given through {@code IOAccess.newBuilder().fileSystem(..)} (measured: the context
 * builds and imports resolve), so this is the least privilege that works: no host file is reachable,
 * nothing can be written, and paths outside the version simply do not exist.
 *
 * <p>Implementation notes. Paths are plain {@link Path} values used for their string operations only
 * ({@code normalize}, {@code resolve}); no method here ever touches the host file system (in
 * particular never {@link Path#toAbsolutePath()} or {@link Path#toRealPath}, which would). Immutable,
 * shared by every context of the version.
 */
final class ModuleFileSystem implements org.graalvm.polyglot.io.FileSystem {
    private static final Path ROOT = Path.of("/");
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final Map<String, byte[]> files = new HashMap<>();
    private final Set<String> directories = new HashSet<>();

    ModuleFileSystem(SortedMap<String, String> modules) {
        directories.add("/");
        modules.forEach((path, source) -> {
            String absolute = "/" + path;
            files.put(absolute, source.getBytes(StandardCharsets.UTF_8));
            for (Path parent = Path.of(absolute).getParent(); parent != null; parent = parent.getParent()) {
                directories.add(parent.toString());
            }
        });
    }

    /** The absolute path of a module inside the file system. */
    static Path pathOf(String modulePath) {
        return ROOT.resolve(modulePath);
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equals(uri.getScheme()) || uri.getPath() == null) {
            throw new UnsupportedOperationException("Only file: URIs name modules, got " + uri.getScheme());
        }
        return Path.of(uri.getPath());
    }

    @Override
    public Path parsePath(String path) {
        return Path.of(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        String key = key(path);
        if (modes.contains(AccessMode.WRITE) || modes.contains(AccessMode.EXECUTE)) {
            throw new AccessDeniedException(key, null, "modules are read-only");
        }
        if (!files.containsKey(key) && !directories.contains(key)) {
            throw new NoSuchFileException(key);
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(key(dir), null, "modules are read-only");
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(key(path), null, "modules are read-only");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        String key = key(path);
        for (OpenOption option : options) {
            if (option != StandardOpenOption.READ && option != LinkOption.NOFOLLOW_LINKS) {
                throw new AccessDeniedException(key, null, "modules are read-only");
            }
        }
        byte[] content = files.get(key);
        if (content == null) {
            throw new NoSuchFileException(key);
        }
        return new ReadOnlyChannel(content);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        throw new AccessDeniedException(key(dir), null, "listing module directories is not supported");
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : ROOT.resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        String key = key(path);
        if (!files.containsKey(key) && !directories.contains(key)) {
            throw new NoSuchFileException(key);
        }
        return Path.of(key);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        String key = key(path);
        byte[] content = files.get(key);
        boolean directory = directories.contains(key);
        if (content == null && !directory) {
            throw new NoSuchFileException(key);
        }
        int colon = attributes.indexOf(':');
        String names = colon < 0 ? attributes : attributes.substring(colon + 1);
        Map<String, Object> result = new HashMap<>();
        for (String name : names.split(",")) {
            attribute(name, content, directory, result);
        }
        return result;
    }

    private static void attribute(String name, byte @Nullable [] content, boolean directory, Map<String, Object> out) {
        boolean all = name.equals("*");
        if (all || name.equals("isRegularFile")) {
            out.put("isRegularFile", content != null);
        }
        if (all || name.equals("isDirectory")) {
            out.put("isDirectory", directory);
        }
        if (all || name.equals("isSymbolicLink")) {
            out.put("isSymbolicLink", false);
        }
        if (all || name.equals("isOther")) {
            out.put("isOther", false);
        }
        if (all || name.equals("size")) {
            out.put("size", content == null ? 0L : (long) content.length);
        }
        for (String time : new String[] {"lastModifiedTime", "lastAccessTime", "creationTime"}) {
            if (all || name.equals(time)) {
                out.put(time, EPOCH);
            }
        }
    }

    private String key(Path path) {
        return toAbsolutePath(path).normalize().toString();
    }

    /** A read-only channel over a module's bytes. Not thread-safe (one per open). */
    private static final class ReadOnlyChannel implements SeekableByteChannel {
        private final byte[] data;
        private int position;
        private boolean open = true;

        ReadOnlyChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), data.length - position);
            dst.put(data, position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = (int) Math.min(newPosition, data.length);
            return this;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}

package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModuleFileSystemTest {
    private final ModuleFileSystem fs = new ModuleFileSystem(new TreeMap<>(
            java.util.Map.of("messages.js", "export const a = 1;", "_deps/abc.js", "export const b = 2;")));

    @Test
    void newByteChannel_modulePath_readsItsSource() throws Exception {
        try (SeekableByteChannel channel =
                fs.newByteChannel(Path.of("/_deps/../messages.js"), Set.of(StandardOpenOption.READ))) {
            ByteBuffer buffer = ByteBuffer.allocate(100);
            channel.read(buffer);
            assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8))
                    .isEqualTo("export const a = 1;");
        }
    }

    @Test
    void hostFiles_doNotExist() {
        for (String path : new String[] {"/etc/passwd", "/../../etc/passwd", "etc/passwd", "/proc/self/environ"}) {
            assertThatThrownBy(() -> fs.newByteChannel(Path.of(path), Set.of(StandardOpenOption.READ)))
                    .as(path)
                    .isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> fs.toRealPath(Path.of(path))).as(path).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void writes_areDenied() {
        assertThatThrownBy(() -> fs.newByteChannel(Path.of("/messages.js"), Set.of(StandardOpenOption.WRITE)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fs.newByteChannel(
                        Path.of("/new.js"), Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fs.checkAccess(Path.of("/messages.js"), Set.of(AccessMode.WRITE)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fs.delete(Path.of("/messages.js"))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void readAttributes_fileAndDirectory_describeThem() throws Exception {
        assertThat(fs.readAttributes(Path.of("/messages.js"), "basic:isRegularFile,size"))
                .containsEntry("isRegularFile", true)
                .containsEntry("size", 19L);
        assertThat(fs.readAttributes(Path.of("/_deps"), "isDirectory")).containsEntry("isDirectory", true);
        assertThatThrownBy(() -> fs.parsePath(java.net.URI.create("https://example.com/x.js")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

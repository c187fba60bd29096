package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import and export stream: 200,000 documents of about 500 incompressible bytes each (a 100 MB upload
 * and an export ZIP of about 80 MB) pass through a server whose JVM has a 128 MB heap (the {@code
 * streaming} surefire execution of this module). A server that held the upload, the ZIP or a table's
 * documents in memory would run out of heap here; the client side streams too.
 */
@Tag("streaming")
@Tag("slow")
class StreamingImportExportTest {
    private static final int DOCUMENTS = 200_000;
    private static final int PAD = 480;
    private static final long MAX_HEAP = 160L << 20;

    @TempDir
    Path data;

    @TempDir
    Path client;

    @Test
    void twoHundredThousandDocuments_importExportAndReimport_inABoundedHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("this test proves streaming only with a small heap: it runs in the streaming surefire"
                        + " execution (-Xmx128m)")
                .isLessThanOrEqualTo(MAX_HEAP);
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(data)
                .prewarm(false)
                .allowInterpreter(true) // no JavaScript runs here, so no Graal compiler in this small JVM
                .jsThreads(1)
                .build())) {
            server.createDeployment("big-source");
            server.createDeployment("big-target");

            AdminData source = new AdminData(server, "big-source");
            AdminData.Reply imported = source.importFile(
                    "format=jsonLines&table=big", HttpRequest.BodyPublishers.ofInputStream(Generated::new));
            assertThat(imported.body()).isEqualTo("{\"tables\":[{\"name\":\"big\",\"imported\":" + DOCUMENTS + "}]}");

            Path zip = client.resolve("export.zip");
            HttpResponse<Path> exported = Http.client()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.deploymentUrl("big-source") + "/admin/export"))
                                    .timeout(Duration.ofMinutes(10))
                                    .header("Authorization", "Convex " + server.adminKey("big-source"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofFile(zip));
            assertThat(exported.statusCode()).isEqualTo(200);
            assertThat(Files.size(zip)).isGreaterThan(60L << 20);
            assertThat(linesOf(zip, "big/documents.jsonl")).isEqualTo(DOCUMENTS);

            AdminData target = new AdminData(server, "big-target");
            AdminData.Reply reimported = target.importFile("format=zip", HttpRequest.BodyPublishers.ofFile(zip));
            assertThat(reimported.body()).isEqualTo("{\"tables\":[{\"name\":\"big\",\"imported\":" + DOCUMENTS + "}]}");
            assertThat(target.get("tables").body())
                    .isEqualTo("{\"tables\":[{\"name\":\"big\",\"documents\":" + DOCUMENTS + "}]}");
            // ids and creation times came along: the oldest document is the same on both sides
            assertThat(target.get("data?table=big&order=asc&limit=1").body())
                    .isEqualTo(source.get("data?table=big&order=asc&limit=1").body());
        }
    }

    private static long linesOf(Path zip, String entry) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry e = file.getEntry(entry);
            assertThat(e).as(entry).isNotNull();
            long lines = 0;
            try (InputStream in = file.getInputStream(e)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            return lines;
        }
    }

    /** The jsonLines upload, made as it is read: {@code {"n": i, "pad": "<random letters>"}} per line. */
    private static final class Generated extends InputStream {
        private static final char[] LETTERS =
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
        private final SplittableRandom random = new SplittableRandom(7);
        private int next;
        private byte[] line = new byte[0];
        private int at;

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return line[at++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - at);
            System.arraycopy(line, at, b, off, n);
            at += n;
            return n;
        }

        private boolean fill() {
            if (at < line.length) {
                return true;
            }
            if (next == DOCUMENTS) {
                return false;
            }
            StringBuilder text =
                    new StringBuilder(PAD + 40).append("{\"n\":").append(next++).append(",\"pad\":\"");
            for (int i = 0; i < PAD; i++) {
                text.append(LETTERS[random.nextInt(LETTERS.length)]);
            }
            line = text.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
            at = 0;
            return true;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}

package dev.slipway.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** The data endpoints of one deployment's admin API, as the tests call them. */
final class AdminData {
    private final String base;
    private final String key;

    AdminData(SlipwayServer server, String deployment) {
        this.base = server.deploymentUrl(deployment);
        this.key = server.adminKey(deployment);
    }

    /** A reply with the status and the body as text. */
    record Reply(int status, String body) {}

    Reply get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/admin/" + pathAndQuery))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Convex " + key)
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request);
        return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }

    /** {@code POST import?<query>} with {@code body}. */
    Reply importFile(String query, byte[] body) {
        return importFile(query, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    Reply importFile(String query, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/admin/import?" + query))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Convex " + key)
                .POST(body)
                .build();
        HttpResponse<byte[]> response = send(request);
        return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }

    Reply importText(String query, String text) {
        return importFile(query, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET export}: the ZIP's bytes. */
    byte[] export() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/admin/export"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Convex " + key)
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() != 200) {
            throw new AssertionError("export failed: " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return Http.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The entries of a ZIP, name to text. */
    static Map<String, String> unzip(byte[] zip) {
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** A ZIP of these entries, name to text. */
    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

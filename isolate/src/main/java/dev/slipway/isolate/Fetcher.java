package dev.slipway.isolate;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The network under actions' {@code fetch}: {@link HttpClient} on virtual threads, http and https
 * only, redirects followed, the response body read whole up to {@link
 * RuntimeOptions#maxFetchResponseBytes()}. Failures are described in words without Java class names,
 * since they reach JavaScript as {@code TypeError: fetch failed: ...}.
 */
final class Fetcher implements AutoCloseable {
    /** Headers {@link HttpClient} sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final ExecutorService io;
    private final HttpClient client;
    private final long maxBytes;

    Fetcher(long maxBytes) {
        this.maxBytes = maxBytes;
        this.io = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("slipway-fetch-", 0).factory());
        this.client = HttpClient.newBuilder()
                .executor(io)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * Starts a request.
     *
     * @throws FetchException when the request cannot even be made (bad URL, scheme or header)
     */
    CompletableFuture<Response> fetch(String method, String url, List<HttpHeader> headers, byte @Nullable [] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target(url));
        try {
            request.method(
                    method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IllegalArgumentException e) {
            throw new FetchException("invalid method " + method);
        }
        for (HttpHeader header : headers) {
            if (RESTRICTED.contains(header.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            try {
                request.header(header.name(), header.value());
            } catch (IllegalArgumentException e) {
                throw new FetchException("invalid header " + header.name());
            }
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(this::read, io);
    }

    private static URI target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FetchException("invalid URL " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("URL scheme '" + scheme + ":' is not supported (only http: and https:)");
        }
        if (uri.getHost() == null) {
            throw new FetchException("URL " + url + " has no host");
        }
        return uri;
    }

    private Response read(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(Math.toIntExact(maxBytes + 1));
        } catch (IOException e) {
            throw new CompletionException(e);
        }
        if (body.length > maxBytes) {
            throw new CompletionException(new FetchException(
                    "the response body is larger than " + maxBytes + " bytes (RuntimeOptions.maxFetchResponseBytes)"));
        }
        List<String> urls = new ArrayList<>();
        for (Optional<HttpResponse<InputStream>> r = Optional.of(response);
                r.isPresent();
                r = r.get().previousResponse()) {
            urls.addFirst(r.get().uri().toString());
        }
        List<HttpHeader> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
            if (!e.getKey().startsWith(":")) {
                for (String value : e.getValue()) {
                    headers.add(new HttpHeader(e.getKey(), value));
                }
            }
        }
        return new Response(response.statusCode(), urls, headers, body);
    }

    /** Words for a failed fetch, never a Java class name. */
    static String describe(Throwable error) {
        return switch (error) {
            case FetchException e -> e.getMessage();
            case HttpConnectTimeoutException e -> "connecting timed out";
            case HttpTimeoutException e -> "the request timed out";
            case ConnectException e -> "the connection was refused";
            case UnknownHostException e -> "the host name could not be resolved";
            case UnresolvedAddressException e -> "the host name could not be resolved";
            case SSLException e -> "the TLS handshake failed";
            case CancellationException e -> "the request was cancelled";
            case IOException e -> "network error" + plain(e.getMessage());
            default -> "network error";
        };
    }

    private static String plain(@Nullable String message) {
        if (message == null || message.isBlank() || message.matches("(?s).*\\b(java|javax|jdk|sun|com)\\.[a-z].*")) {
            return "";
        }
        return " (" + message + ")";
    }

    @Override
    public void close() {
        client.shutdownNow();
        io.shutdownNow();
    }

    /**
     * A fetched response.
     *
     * @param urls the URL of every response in the redirect chain, the final one last
     */
    @SuppressWarnings("ArrayRecordComponent") // package-private carrier, read once, never compared
    record Response(int status, List<String> urls, List<HttpHeader> headers, byte[] body) {
        /** What {@code core.js} turns into the resolved value: status, URLs and headers as JSON. */
        String metaJson() {
            StringBuilder json =
                    new StringBuilder("{\"status\":").append(status).append(",\"statusText\":\"\",\"url\":");
            JsonStrings.appendQuoted(json, urls.getLast());
            json.append(",\"urls\":[");
            for (int i = 0; i < urls.size(); i++) {
                json.append(i == 0 ? "" : ",");
                JsonStrings.appendQuoted(json, urls.get(i));
            }
            json.append("],\"headers\":[");
            for (int i = 0; i < headers.size(); i++) {
                json.append(i == 0 ? "[" : ",[");
                JsonStrings.appendQuoted(json, headers.get(i).name());
                json.append(',');
                JsonStrings.appendQuoted(json, headers.get(i).value());
                json.append(']');
            }
            return json.append("]}").toString();
        }
    }

    /** A fetch that failed for a reason worth telling the developer. */
    static final class FetchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FetchException(String message) {
            super(message, null, false, false);
        }

        @Override
        public String getMessage() {
            return String.valueOf(super.getMessage());
        }
    }
}

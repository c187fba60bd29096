package dev.slipway.server;

import dev.slipway.isolate.HttpHeader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the routes see it, independent of the HTTP library.
 *
 * @param method the method in upper case ({@code "POST"})
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string without {@code ?}, still encoded; empty when there is none
 * @param headers the headers in the order received, names as sent
 * @param body the whole body (read up to the route's limit); empty when the body is streamed
 * @param authority the {@code Host} the client addressed ({@code 127.0.0.1:3210})
 * @param remoteIp the client's address, when known
 * @param bodyStream the body as a stream, not read yet, for the routes that take bodies larger than
 *     memory ({@link Router#streamsBody}); read it once
 */
@SuppressWarnings("ArrayRecordComponent") // the body is handed over once and never changed
record ApiRequest(
        String method,
        String rawPath,
        String rawQuery,
        List<HttpHeader> headers,
        byte[] body,
        String authority,
        Optional<String> remoteIp,
        Optional<InputStream> bodyStream) {

    ApiRequest {
        Objects.requireNonNull(method, "method");
        headers = List.copyOf(headers);
    }

    /** A request whose body was read into memory. */
    ApiRequest(
            String method,
            String rawPath,
            String rawQuery,
            List<HttpHeader> headers,
            byte[] body,
            String authority,
            Optional<String> remoteIp) {
        this(method, rawPath, rawQuery, headers, body, authority, remoteIp, Optional.empty());
    }

    /** The body as a stream: the streamed body, or the one in memory. */
    InputStream openBody() {
        return bodyStream.orElseGet(() -> new ByteArrayInputStream(body));
    }

    /** The first value of header {@code name} (case-insensitive). */
    Optional<String> header(String name) {
        for (HttpHeader h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** The first value of query parameter {@code name}, decoded. */
    Optional<String> queryParam(String name) {
        if (rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    /** The body as UTF-8 text. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean isMethod(String name) {
        return method.equals(name.toUpperCase(Locale.ROOT));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "BadQueryString", "Malformed query string \"" + text + "\": " + e.getMessage());
        }
    }
}

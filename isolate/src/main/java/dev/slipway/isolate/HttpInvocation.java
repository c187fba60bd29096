package dev.slipway.isolate;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request for the router that {@code http.js} default-exports (interface reference §5.8).
 *
 * @param version the loaded code to run
 * @param method the request method, e.g. {@code GET}
 * @param url the absolute request URL; routing uses its path
 * @param headers the request headers, in order
 * @param body the request body (empty for none)
 * @param syscalls the host side of the action syscalls ({@code ctx.runQuery}, ...)
 * @param requestId passed through to action syscalls
 */
@SuppressWarnings("ArrayRecordComponent") // the body is copied in and out; equals/hashCode compare contents
public record HttpInvocation(
        CodeVersion version,
        String method,
        URI url,
        List<HttpHeader> headers,
        byte[] body,
        SyscallHandler syscalls,
        String requestId) {

    public HttpInvocation {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        if (!url.isAbsolute() || url.getRawPath() == null || url.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("url must be absolute with a path, got " + url);
        }
        headers = List.copyOf(headers);
        body = body.clone();
        Objects.requireNonNull(syscalls, "syscalls");
        Objects.requireNonNull(requestId, "requestId");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The path the router matches on: the URL's raw (still percent-encoded) path, like {@code url.pathname}. */
    public String path() {
        return url.getRawPath();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpInvocation other
                && version.equals(other.version)
                && method.equals(other.method)
                && url.equals(other.url)
                && headers.equals(other.headers)
                && Arrays.equals(body, other.body)
                && syscalls.equals(other.syscalls)
                && requestId.equals(other.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, method, url, headers, Arrays.hashCode(body), syscalls, requestId);
    }

    @Override
    public String toString() {
        return "HttpInvocation[" + method + " " + url + ", " + headers.size() + " headers, " + body.length
                + " body bytes]";
    }
}

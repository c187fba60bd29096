package dev.slipway.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

/**
 * What the CLI's HTTP clients ({@link AdminClient}, {@link ControlClient}) share: one exchange with a
 * server, whose transport failures become {@link CliException}s saying what happened (no server, a
 * timeout, a refused connection), and the text of a server's {@code {code, message}} error.
 */
final class ServerCalls {
    /** How long connecting to a server may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ServerCalls() {}

    /** A client with the CLI's connect timeout, speaking HTTP/1.1. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * Sends {@code request} ({@code what}, e.g. {@code "GET /control/whoami"}) to the server at {@code
     * serverUrl}, whose answer must come within {@code timeout}.
     *
     * @throws CliException exit 3 when the server cannot be reached or does not answer in time
     */
    static <T> HttpResponse<T> exchange(
            HttpClient http,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            String what,
            String serverUrl,
            Duration timeout) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw CliException.unreachable("could not connect to " + serverUrl + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (" + what + ")");
        } catch (HttpTimeoutException e) {
            throw CliException.unreachable(
                    "the server at " + serverUrl + " did not answer " + what + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw noServer(serverUrl);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw noServer(serverUrl);
            }
            throw CliException.unreachable(what + " to " + serverUrl + " failed: " + CliException.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while waiting for " + what);
        }
    }

    private static CliException noServer(String serverUrl) {
        return CliException.unreachable("no Slipway server at " + serverUrl + " — is `slipway serve` running?");
    }

    /** A server's error answer as text: its message and code, else the status and the start of the body. */
    static String errorText(int status, String body, Optional<Json> json) {
        Optional<String> code = json.flatMap(j -> j.string("code"));
        return json.flatMap(j -> j.string("message"))
                .map(m -> m + code.map(c -> " (" + c + ")").orElse(""))
                .orElseGet(() -> "HTTP " + status + ": " + abbreviate(body));
    }

    /** {@code body} as JSON, or empty when it is not. */
    static Optional<Json> parseQuietly(String body) {
        try {
            return Optional.of(Json.parse(body));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code text} on one line, at most 200 characters. */
    static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}

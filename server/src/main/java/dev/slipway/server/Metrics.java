package dev.slipway.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's metrics in a Prometheus registry ({@code /metrics}): HTTP requests per route and status
 * with their latency, function calls per kind, transport and outcome, and open WebSockets.
 */
final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger openSockets = new AtomicInteger();

    Metrics() {
        registry.gauge("slipway.websockets.open", openSockets);
    }

    /** One HTTP request to {@code route} (a route name such as {@code api/query}) answered with {@code status}. */
    void request(String route, int status, long nanos) {
        Timer.builder("slipway.http.requests")
                .description("HTTP requests by route and status")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One function call.
     *
     * @param kind {@code query}, {@code mutation}, {@code action}, {@code http_action}
     * @param transport {@code http} or {@code sync}
     * @param success whether the function returned
     */
    void functionCall(String kind, String transport, boolean success) {
        Counter.builder("slipway.function.calls")
                .description("Function calls by kind, transport and outcome")
                .tag("kind", kind)
                .tag("transport", transport)
                .tag("outcome", success ? "success" : "error")
                .register(registry)
                .increment();
    }

    void socketOpened() {
        openSockets.incrementAndGet();
    }

    void socketClosed() {
        openSockets.decrementAndGet();
    }

    int openSockets() {
        return openSockets.get();
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }
}

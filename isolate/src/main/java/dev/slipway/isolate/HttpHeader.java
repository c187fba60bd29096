package dev.slipway.isolate;

import java.util.Objects;

/** One HTTP header; names keep the case they were given (the web {@code Headers} lowercases them). */
public record HttpHeader(String name, String value) {
    public HttpHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}

package dev.slipway.isolate;

/** Console levels as Convex names them: {@code console.log} is {@code LOG}, {@code console.info} is {@code INFO}, ... */
public enum LogLevel {
    LOG,
    INFO,
    WARN,
    ERROR,
    DEBUG
}

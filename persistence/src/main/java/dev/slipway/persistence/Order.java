package dev.slipway.persistence;

/** Scan direction. */
public enum Order {
    ASC,
    DESC
}

package dev.slipway.persistence;

/** One result of an index scan: the key and the live document revision it points at. */
public record IndexRow(IndexKey key, DocumentLogEntry document) {}

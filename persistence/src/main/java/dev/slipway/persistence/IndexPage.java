package dev.slipway.persistence;

import java.util.List;
import java.util.Optional;

/**
 * A page of an index scan, in scan order. {@code remaining} is the part of the scanned range not yet
 * read, present when the page was cut at its limit; scanning it later at the same timestamp continues
 * exactly where this page stopped.
 */
public record IndexPage(List<IndexRow> rows, Optional<KeyRange> remaining) {
    public IndexPage {
        rows = List.copyOf(rows);
    }
}

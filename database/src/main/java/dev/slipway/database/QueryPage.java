package dev.slipway.database;

import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * One page of a paginated query ({@code 1.0/queryPage}, reference §4.10, §5.5); see {@link
 * Transaction#queryPage}.
 *
 * @param page the documents of the page, in index order, filters applied
 * @param isDone whether the page reached the end of the query's range
 * @param continueCursor where the next page starts; when {@code isDone}, the end cursor
 * @param splitCursor a position inside the page where a client may split it (with {@code pageStatus})
 * @param pageStatus {@code "SplitRecommended"} or {@code "SplitRequired"} when the page should be
 *     split, else empty
 */
public record QueryPage(
        List<Value.Obj> page,
        boolean isDone,
        String continueCursor,
        Optional<String> splitCursor,
        Optional<String> pageStatus) {
    /** The page must be split: it stopped at {@code maximumRowsRead} before its end cursor. */
    public static final String SPLIT_REQUIRED = "SplitRequired";
    /** The page may be split: it holds more than twice the requested page size. */
    public static final String SPLIT_RECOMMENDED = "SplitRecommended";

    public QueryPage {
        page = List.copyOf(page);
    }
}

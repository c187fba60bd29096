package dev.slipway.application;

import dev.slipway.isolate.SyscallException;
import java.util.Optional;

/**
 * The query journal of one function execution: where its paginated query ended.
 *
 * <p>Convex lets a function run one paginated query ({@code .paginate()}) per execution. A reactive
 * query's first run records the end cursor of its page here; later runs of the same subscription
 * replay that journal, so their page ends at the same place and grows or shrinks with inserts and
 * deletes instead of shifting (no gaps and no duplicates between pages). A page request that names
 * its own end cursor (a split page) keeps it. The function's arguments are never touched.
 */
final class PageJournal {
    static final String MULTIPLE_PAGINATED_QUERIES = "This query or mutation function ran multiple paginated queries."
            + " Convex only supports a single paginated query in each function.";

    private final Optional<String> replayedEnd;
    private boolean paginated;
    private Optional<String> end = Optional.empty();

    private PageJournal(Optional<String> replayedEnd) {
        this.replayedEnd = replayedEnd;
    }

    /** The journal of a first run. */
    static PageJournal fresh() {
        return new PageJournal(Optional.empty());
    }

    /** The journal of a run that replays the end cursor a previous run recorded. */
    static PageJournal replaying(Optional<String> end) {
        return new PageJournal(end);
    }

    /**
     * The end cursor for the execution's page request, given the one it asked for.
     *
     * @throws SyscallException when the execution already ran a paginated query
     */
    Optional<String> endCursorFor(Optional<String> requested) {
        if (paginated) {
            throw new SyscallException(MULTIPLE_PAGINATED_QUERIES);
        }
        paginated = true;
        return requested.isPresent() ? requested : replayedEnd;
    }

    /** Records where the page ended. */
    void ended(String continueCursor) {
        end = Optional.of(continueCursor);
    }

    /** The journal to replay on the next run: the page's end, when the execution ran a paginated query. */
    Optional<String> end() {
        return end;
    }
}

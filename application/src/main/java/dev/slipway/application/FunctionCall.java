package dev.slipway.application;

import dev.slipway.value.Value;
import java.util.Optional;

/**
 * A request to run one function.
 *
 * @param path the function
 * @param args its one argument object
 * @param caller who asks: only {@link Caller#ADMIN} and other functions may run internal functions
 * @param request where the request came from, for {@code getRequestMetadata} and logs
 */
public record FunctionCall(FunctionPath path, Value.Obj args, Caller caller, RequestInfo request) {

    /** Who made a call. */
    public enum Caller {
        /** A client of the public API: public functions only. */
        CLIENT,
        /** An administrator (deploy key, dashboard, CLI), or another function: internal functions too. */
        ADMIN
    }

    /**
     * Where a request came from, as the function log reports it ({@link FunctionLogEntry#caller()}).
     * Every function a request runs (an action's {@code ctx.runMutation}, say) reports the origin of
     * the request, not its immediate caller.
     */
    public enum Origin {
        /** A client of the public API. */
        CLIENT,
        /** An administrator: the CLI, the dashboard, a deploy key. */
        ADMIN,
        /** A scheduled function ({@code ctx.scheduler.runAfter}/{@code runAt}). */
        SCHEDULER,
        /** A cron of {@code crons.js}. */
        CRON,
        /** An HTTP action. */
        HTTP
    }

    /**
     * Facts about the request.
     *
     * @param requestId the id logs and errors carry
     * @param ip the client's address, when known
     * @param userAgent the client's user agent, when known
     * @param origin where the request came from; empty means "from the {@link Caller} of the call that
     *     carries it" (a client or an administrator), which suits requests from the HTTP API and sync
     * @param scheduledJob the encoded id of the scheduled job this request runs, for the job and every
     *     function it calls ({@code getRequestMetadata().scheduledFunctionId}, the function log, and the
     *     rule that a canceled job schedules only canceled jobs)
     * @param version the code version the request runs, when a client asked for one (its pinned URL,
     *     {@code /d/<deployment>/v/<version>}); empty for the current version. The functions the call
     *     runs ({@code ctx.runQuery}, nested calls) run that version too; what it schedules runs the
     *     current version, as Convex documents for scheduled functions.
     */
    public record RequestInfo(
            String requestId,
            Optional<String> ip,
            Optional<String> userAgent,
            Optional<Origin> origin,
            Optional<String> scheduledJob,
            Optional<String> version) {

        /** A request of a client or an administrator, as the {@link Caller} of its call says. */
        public RequestInfo(String requestId, Optional<String> ip, Optional<String> userAgent) {
            this(requestId, ip, userAgent, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** A request of the current version. */
        public RequestInfo(
                String requestId,
                Optional<String> ip,
                Optional<String> userAgent,
                Optional<Origin> origin,
                Optional<String> scheduledJob) {
            this(requestId, ip, userAgent, origin, scheduledJob, Optional.empty());
        }

        /** The same request, run by code version {@code versionId} (a pinned URL). */
        public RequestInfo pinnedTo(String versionId) {
            return new RequestInfo(requestId, ip, userAgent, origin, scheduledJob, Optional.of(versionId));
        }

        /** A request with only an id. */
        public static RequestInfo of(String requestId) {
            return new RequestInfo(requestId, Optional.empty(), Optional.empty());
        }

        /** A request made by the deployment itself: a scheduled job or a cron run. */
        static RequestInfo internal(String requestId, Origin origin, Optional<String> scheduledJob) {
            return new RequestInfo(requestId, Optional.empty(), Optional.empty(), Optional.of(origin), scheduledJob);
        }

        /** The same request with its origin fixed, {@code fallback} when it had none. */
        RequestInfo withOriginOr(Origin fallback) {
            return origin.isPresent()
                    ? this
                    : new RequestInfo(requestId, ip, userAgent, Optional.of(fallback), scheduledJob, version);
        }
    }

    /** Where this call's request came from: its own origin, else its {@link #caller()}. */
    public Origin origin() {
        return request.origin().orElse(caller == Caller.CLIENT ? Origin.CLIENT : Origin.ADMIN);
    }

    /**
     * The same request for another function, made by a function (which may call internal ones). The
     * callee's request keeps this call's origin.
     */
    FunctionCall nested(FunctionPath callee, Value.Obj calleeArgs) {
        return new FunctionCall(callee, calleeArgs, Caller.ADMIN, request.withOriginOr(origin()));
    }
}

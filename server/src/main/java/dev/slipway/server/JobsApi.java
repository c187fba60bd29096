package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import dev.slipway.application.ScheduledJob;
import dev.slipway.value.ConvexJson;
import java.util.List;

/**
 * The scheduled-jobs admin API (admin only; docs/ADMIN-API.md), for {@code slipway jobs}:
 *
 * <ul>
 *   <li>{@code GET jobs?state=pending&limit=N}: the jobs in one state ({@code pending} by default;
 *       also {@code inProgress}, {@code success}, {@code failed}, {@code canceled}) by scheduled
 *       time, at most {@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}).
 *   <li>{@code POST jobs/cancel} with {@code {"id": "<job id>"}}: cancels a pending job. 400 for a
 *       string that is no document id, 404 naming the id when there is no such job, 409 naming its
 *       state when it is no longer pending.
 * </ul>
 */
final class JobsApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private JobsApi() {}

    static ApiResponse handle(Deployment deployment, String endpoint, ApiRequest request) {
        try {
            if (endpoint.equals("jobs")) {
                requireMethod(request, "GET");
                Auth.requireAdmin(request, deployment, "Listing scheduled jobs");
                return list(deployment, request);
            }
            requireMethod(request, "POST");
            Auth.requireAdmin(request, deployment, "Canceling a scheduled job");
            return cancel(deployment, request);
        } catch (ApplicationException e) {
            int status = switch (e.code()) {
                case ScheduledJob.JOB_NOT_FOUND -> 404;
                case ScheduledJob.JOB_NOT_PENDING -> 409;
                default -> 400;
            };
            throw new ApiException(status, e.code(), String.valueOf(e.getMessage()));
        }
    }

    private static ApiResponse list(Deployment deployment, ApiRequest request) {
        String state = request.queryParam("state").orElse("pending");
        int limit = LogsApi.number(request, "limit", 0, MAX_LIMIT)
                .orElse((long) DEFAULT_LIMIT)
                .intValue();
        List<ScheduledJob> jobs = deployment.app().jobs(state, limit);
        return ApiResponse.json(
                200,
                JsonOut.object(o -> o.arrayField("jobs", a -> jobs.forEach(job -> a.objectElement(j -> job(j, job))))));
    }

    private static ApiResponse cancel(Deployment deployment, ApiRequest request) {
        JsonIn body = JsonIn.parse(request.bodyText(), "the cancel body");
        String id = body.string("id");
        ScheduledJob job = deployment.app().cancelJob(id);
        return ApiResponse.json(200, JsonOut.object(o -> o.field("id", job.id()).field("state", job.state())));
    }

    private static void job(JsonOut o, ScheduledJob job) {
        o.field("id", job.id())
                .field("name", job.name())
                .rawField("scheduledTime", millis(job.scheduledTime()))
                .field("state", job.state());
        job.error().ifPresent(error -> o.field("error", error));
        job.completedTime().ifPresent(ms -> o.rawField("completedTime", millis(ms)));
        o.rawField("args", ConvexJson.encode(job.args()));
    }

    /** Milliseconds as a JSON number: whole when they are whole. */
    private static String millis(double ms) {
        if (!Double.isFinite(ms)) {
            return "0";
        }
        return ms == Math.rint(ms) && Math.abs(ms) < 0x1p53 ? Long.toString((long) ms) : Double.toString(ms);
    }

    private static void requireMethod(ApiRequest request, String method) {
        if (!request.isMethod(method)) {
            throw new ApiException(405, "MethodNotAllowed", request.method() + " is not allowed here; use " + method);
        }
    }
}

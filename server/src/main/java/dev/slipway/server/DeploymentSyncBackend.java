package dev.slipway.server;

import dev.slipway.application.ApplicationException;
import dev.slipway.application.FunctionCall.Caller;
import dev.slipway.application.FunctionCall.RequestInfo;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.application.MutationKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.AuthenticationException;
import dev.slipway.sync.Dependency;
import dev.slipway.sync.FunctionCall;
import dev.slipway.sync.Identity;
import dev.slipway.sync.MutationRun;
import dev.slipway.sync.QueryRun;
import dev.slipway.sync.RequestKey;
import dev.slipway.sync.SyncBackend;
import dev.slipway.sync.protocol.ClientMessage.AdminToken;
import dev.slipway.sync.protocol.ClientMessage.AuthToken;
import dev.slipway.sync.protocol.ClientMessage.NoToken;
import dev.slipway.sync.protocol.ClientMessage.UserToken;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.value.Value;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The sync protocol's view of one deployment, for one socket: queries at a timestamp (shared across
 * sockets through the deployment's {@link QueryCache}), mutations run at most once per client request
 * ({@link dev.slipway.application.MutationKey}, recorded by the application in the mutation's transaction), actions, and authentication. Every call runs on a virtual thread from
 * {@code blocking}; the JavaScript itself runs on the runtime's own pool.
 *
 * <p>A session opened at {@code /d/<deployment>/v/<version>/...} runs every call on that code version
 * ({@link RequestInfo#pinnedTo}, skew protection); its queries are shared only with sessions pinned to
 * the same version.
 *
 * <p>Identity: only {@code tokenType: "None"} (anonymous) is accepted until authentication lands; a
 * user JWT or admin key gets an {@code AuthError}.
 */
final class DeploymentSyncBackend implements SyncBackend {
    static final String NO_AUTH = "authentication is not configured on this deployment: only anonymous clients"
            + " (no auth token) are accepted for now";

    private final Deployment deployment;
    private final Optional<String> pinnedVersion;
    private final Executor blocking;
    private final Metrics metrics;
    private final Optional<String> ip;
    private final Optional<String> userAgent;

    DeploymentSyncBackend(
            Deployment deployment,
            Optional<String> pinnedVersion,
            Executor blocking,
            Metrics metrics,
            Optional<String> ip,
            Optional<String> userAgent) {
        this.deployment = deployment;
        this.pinnedVersion = pinnedVersion;
        this.blocking = blocking;
        this.metrics = metrics;
        this.ip = ip;
        this.userAgent = userAgent;
    }

    @Override
    public Timestamp latest() {
        return deployment.database().lastCommitted();
    }

    @Override
    public CompletableFuture<QueryRun> runQuery(FunctionCall call, Timestamp ts) {
        long generation = deployment.codeWatch().generation();
        return deployment
                .queries()
                .get(call, pinnedVersion, ts, generation, () -> async(() -> query(call, ts, generation)));
    }

    private QueryRun query(FunctionCall call, Timestamp ts, long generation) {
        Dependency codeOnly =
                new ReadDependency(deployment.database(), Optional.empty(), ts, deployment.codeWatch(), generation);
        Optional<dev.slipway.application.FunctionCall> appCall = toApplication(call, call.args());
        if (appCall.isEmpty()) {
            return new QueryRun(refused(call), call.journal(), codeOnly);
        }
        FunctionResult result = FunctionApi.forClient(
                deployment, appCall.get(), deployment.app().queryAt(appCall.get(), ts, call.journal()));
        metrics.functionCall("query", "sync", Calls.succeeded(result));
        Optional<FunctionResult.Reads> reads = switch (result) {
            case FunctionResult.Success s -> s.reads();
            case FunctionResult.Failure f -> f.reads();
        };
        Dependency dependency = reads.<Dependency>map(r -> new ReadDependency(
                        deployment.database(), Optional.of(r.readSet()), r.ts(), deployment.codeWatch(), generation))
                .orElse(codeOnly);
        // A failed run keeps the journal it replayed, so the next run's page ends where it did.
        Optional<String> journal = result instanceof FunctionResult.Success
                ? reads.flatMap(FunctionResult.Reads::journal)
                : call.journal();
        return new QueryRun(Calls.outcome(result), journal, dependency);
    }

    @Override
    public CompletableFuture<MutationRun> runMutation(FunctionCall call, Optional<RequestKey> key) {
        return async(() -> mutation(call, key.map(k -> new MutationKey(k.sessionId(), k.requestId()))));
    }

    /** Runs a socket mutation; a keyed one runs at most once, its resends answered from the record. */
    private MutationRun mutation(FunctionCall call, Optional<MutationKey> key) {
        Optional<dev.slipway.application.FunctionCall> appCall = toApplication(call, call.args());
        if (appCall.isEmpty()) {
            return MutationRun.failed(refused(call));
        }
        FunctionResult result = FunctionApi.forClient(
                deployment, appCall.get(), deployment.app().mutation(appCall.get(), key));
        metrics.functionCall("mutation", "sync", Calls.succeeded(result));
        return switch (result) {
            case FunctionResult.Success s ->
                MutationRun.committed(
                        (Outcome.Success) Calls.outcome(s),
                        s.commitTs().orElseGet(() -> deployment.database().lastCommitted()));
            case FunctionResult.Failure f -> MutationRun.failed((Outcome.Failure) Calls.outcome(f));
        };
    }

    @Override
    public CompletableFuture<Outcome> runAction(FunctionCall call) {
        return async(() -> {
            Optional<dev.slipway.application.FunctionCall> appCall = toApplication(call, call.args());
            if (appCall.isEmpty()) {
                return refused(call);
            }
            FunctionResult result = FunctionApi.forClient(
                    deployment, appCall.get(), deployment.app().action(appCall.get()));
            metrics.functionCall("action", "sync", Calls.succeeded(result));
            return Calls.outcome(result);
        });
    }

    @Override
    public CompletableFuture<Identity> authenticate(AuthToken token) {
        return switch (token) {
            case NoToken none -> CompletableFuture.completedFuture(Identity.anonymous());
            case UserToken user -> CompletableFuture.failedFuture(new AuthenticationException(NO_AUTH));
            case AdminToken admin -> CompletableFuture.failedFuture(new AuthenticationException(NO_AUTH));
        };
    }

    /** The application's call, or empty when the call cannot be made at all (see {@link #refused}). */
    private Optional<dev.slipway.application.FunctionCall> toApplication(FunctionCall call, Value.Obj args) {
        if (call.componentPath().isPresent() || !parses(call.udfPath())) {
            return Optional.empty();
        }
        Caller caller = call.identity() instanceof Identity.Admin ? Caller.ADMIN : Caller.CLIENT;
        RequestInfo unpinned = new RequestInfo(Calls.requestId(), ip, userAgent);
        RequestInfo request = pinnedVersion.map(unpinned::pinnedTo).orElse(unpinned);
        return Optional.of(
                new dev.slipway.application.FunctionCall(FunctionPath.parse(call.udfPath()), args, caller, request));
    }

    private static boolean parses(String udfPath) {
        try {
            FunctionPath.parse(udfPath);
            return true;
        } catch (ApplicationException e) {
            return false;
        }
    }

    /** Why {@link #toApplication} refused the call, as a function failure. */
    private static Outcome.Failure refused(FunctionCall call) {
        if (call.componentPath().isPresent()) {
            return Outcome.Failure.of("Components are not supported yet: cannot run " + call.udfPath()
                    + " in component \"" + call.componentPath().get() + "\"");
        }
        try {
            FunctionPath.parse(call.udfPath());
            throw new IllegalStateException("refused a call that parses: " + call.udfPath());
        } catch (ApplicationException e) {
            return Outcome.Failure.of(String.valueOf(e.getMessage()));
        }
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, blocking);
    }
}

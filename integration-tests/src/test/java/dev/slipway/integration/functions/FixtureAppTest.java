package dev.slipway.integration.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.FunctionCall;
import dev.slipway.application.FunctionPath;
import dev.slipway.application.FunctionResult;
import dev.slipway.isolate.RuntimeInfo;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls into the deployed fixture app, one behaviour per test, as a client or an admin would. */
@Tag("node")
class FixtureAppTest {
    @TempDir
    Path dir;

    private Deployments deployment;

    @BeforeEach
    void deploy() {
        deployment = Deployments.fixtureApp(dir);
    }

    @AfterEach
    void close() {
        deployment.close();
    }

    private static final String ADA = "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":36,"
            + "\"karma\":{\"$integer\":\"BQAAAAAAAAA=\"},\"active\":true,\"role\":\"admin\","
            + "\"profile\":{\"bio\":\"math\",\"links\":[]},\"settings\":{},\"deletedAt\":null}";

    private FunctionResult call(String kind, String path, String argsJson, FunctionCall.Caller caller) {
        FunctionCall call = new FunctionCall(
                FunctionPath.parse(path),
                (Value.Obj) ConvexJson.decode(argsJson),
                caller,
                FunctionCall.RequestInfo.of("test"));
        return switch (kind) {
            case "query" -> deployment.app().query(call);
            case "mutation" -> deployment.app().mutation(call);
            case "action" -> deployment.app().action(call);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private Value ok(String kind, String path, String argsJson) {
        FunctionResult result = call(kind, path, argsJson, FunctionCall.Caller.CLIENT);
        assertThat(result).as("%s %s", path, argsJson).isInstanceOf(FunctionResult.Success.class);
        return ((FunctionResult.Success) result).value();
    }

    @Test
    void runtime_isTheOptimizingOne() {
        assertThat(Deployments.runtime().info().mode()).isEqualTo(RuntimeInfo.Mode.OPTIMIZING);
    }

    @Test
    void mutationThenQuery_roundTripsADocument() {
        Value id = ok("mutation", "users:create", ADA);
        Value user = ok("query", "users:get", "{\"id\":" + ConvexJson.encode(id) + "}");
        assertThat(ConvexJson.encode(user)).contains("\"name\":\"Ada\"").contains("\"_creationTime\"");
    }
}

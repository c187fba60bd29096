package dev.slipway.isolate;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runtimes shared by the tests of one JVM (warming GraalJS's compiler is expensive): the default one,
 * with a statement limit high enough that runaway code meets the time limit first, and a tight one for
 * the statement and action-time limits.
 */
final class TestRuntimes {
    private static @Nullable JsRuntime shared;
    private static @Nullable JsRuntime tight;
    private static @Nullable CodeVersion sharedApp;
    private static @Nullable CodeVersion tightApp;

    private TestRuntimes() {}

    static synchronized JsRuntime shared() {
        JsRuntime runtime = shared;
        if (runtime == null) {
            runtime = JsRuntime.create(RuntimeOptions.builder()
                    .threads(2)
                    .statementLimit(1_000_000_000_000L)
                    .prewarmInvocations(0)
                    .build());
            shared = runtime;
        }
        return runtime;
    }

    static synchronized CodeVersion app() {
        CodeVersion app = sharedApp;
        if (app == null) {
            app = shared().load("test", "v1", TestBundle.modules(), Map.of("SECRET", "s3cret"));
            sharedApp = app;
        }
        return app;
    }

    static synchronized JsRuntime tight() {
        JsRuntime runtime = tight;
        if (runtime == null) {
            runtime = JsRuntime.create(RuntimeOptions.builder()
                    .threads(1)
                    .statementLimit(20_000_000)
                    .actionTimeLimit(Duration.ofSeconds(3))
                    .maxArgumentBytes(64 * 1024)
                    .maxResultBytes(64 * 1024)
                    .prewarmInvocations(0)
                    .build());
            tight = runtime;
        }
        return runtime;
    }

    static synchronized CodeVersion tightApp() {
        CodeVersion app = tightApp;
        if (app == null) {
            app = tight().load("test", "v1", TestBundle.modules());
            tightApp = app;
        }
        return app;
    }
}

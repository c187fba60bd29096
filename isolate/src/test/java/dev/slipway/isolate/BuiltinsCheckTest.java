package dev.slipway.isolate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check after every call that the call left the shared built-ins alone ({@code core.js}, "pollution
 * check"): every kind of change to a watched built-in retires the context, so the next call runs in a
 * fresh one and sees none of it; calls that only touch their own objects, or restore what they changed,
 * keep their context.
 *
 * <p>Module state tells the contexts apart: {@code count} answers how many times it ran in its context.
 */
class BuiltinsCheckTest {
    /** Functions registered by hand (what convex/server builds), with the mutations and the harmless calls. */
    private static final String MODULE = """
            const stringify = JSON.stringify;
            const parse = JSON.parse;
            let calls = 0;
            const register = (handler) => Object.assign(() => {}, {
              isQuery: true,
              isPublic: true,
              exportArgs: () => '{"type":"any"}',
              exportReturns: () => "null",
              invokeQuery: async (args) => stringify((await handler(parse(args)[0])) ?? null),
            });
            const map = Array.prototype.map;
            const parent = (base) => class { constructor() { return base; } };

            // Each leaves a change behind.
            const mutations = {
              assignMethod: () => { Array.prototype.includes = () => true; },
              assignNewProperty: () => { Object.prototype.polluted = "yes"; },
              deleteMethod: () => { delete Array.prototype.flat; },
              deleteAndAddKeepingTheCount: () => { delete Math.max; Math.maximum = 1; },
              arrayPush: () => { Array.prototype.push(1); },
              arrayFromWithAConstructor: () => { Array.from.call(function () { return Math; }, [1]); },
              defineEnumerableOnly: () => { Object.defineProperty(Array.prototype, "map", { enumerable: true }); },
              defineNotWritable: () => { Object.defineProperty(String.prototype, "trim", { writable: false }); },
              defineNotConfigurable: () => { Object.defineProperty(Map.prototype, "get", { configurable: false }); },
              defineGetterOfTheSameValue: () => { Object.defineProperty(Array.prototype, "map", { get: () => map }); },
              defineProperties: () => { Object.defineProperties(Promise.prototype, { then: { writable: false } }); },
              reflectDefineProperty: () => { Reflect.defineProperty(JSON, "parse", { enumerable: true }); },
              defineThroughAProxy: () => { Object.defineProperty(new Proxy(Array.prototype, {}), "map", { writable: false }); },
              defineThroughARevocableProxy: () => {
                Reflect.defineProperty(Proxy.revocable(Map.prototype, {}).proxy, "get", { enumerable: true });
              },
              defineInATrap: () => {
                const p = new Proxy({}, { get: () => Object.defineProperty(Set.prototype, "add", { writable: false }) });
                return p.x && null;
              },
              annexBDefineGetter: () => { Object.prototype.__defineGetter__.call(Array.prototype, "map", () => map); },
              classFieldOverAnAccessor: () => { new (class extends parent(Map.prototype) { size = 1; })(); },
              classFieldOfTheSameValue: () => {
                const toPrimitive = Symbol.prototype[Symbol.toPrimitive];
                new (class extends parent(Symbol.prototype) { [Symbol.toPrimitive] = toPrimitive; })();
              },
              setPrototypeOf: () => { Object.setPrototypeOf(Map.prototype, Set.prototype); },
              reflectSetPrototypeOf: () => { Reflect.setPrototypeOf(Math, null); },
              protoSetter: () => { Number.prototype.__proto__ = Boolean.prototype; },
              freeze: () => { Object.freeze(Math); },
              seal: () => { Object.seal(JSON); },
              preventExtensions: () => { Object.preventExtensions(Reflect); },
              freezeThroughAProxy: () => { Object.freeze(new Proxy(Date.prototype, {})); },
              symbolAssign: () => { Array.prototype[Symbol.iterator] = function* () {}; },
              symbolNew: () => { Object.prototype[Symbol.for("slipway.test")] = 1; },
              symbolDefineAttributesOnly: () => {
                Object.defineProperty(Symbol.prototype, Symbol.toPrimitive, { writable: true });
              },
              globalRebind: () => { globalThis.JSON = { parse, stringify }; },
              globalNew: () => { globalThis.leaked = "from an earlier call"; },
              globalDelete: () => { delete globalThis.parseFloat; },
              globalVarInIndirectEval: () => { (0, eval)("var leakedByEval = 1"); },
              globalFunctionInIndirectEval: () => { (0, eval)("function parseInt() { return 42; }"); },
              mapIteratorPrototype: () => { Object.getPrototypeOf(new Map().keys()).next = () => ({ done: true }); },
              iteratorPrototype: () => {
                Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())).polluted = 1;
              },
              generatorPrototype: () => {
                Object.getPrototypeOf(function* () {}).prototype.next = () => ({ done: true });
              },
              processObject: () => { process.polluted = 1; },
              consoleMethod: () => { console.log = () => {}; },
              dateNow: () => { Date.now = () => 0; },
              mathRandom: () => { Math.random = () => 0.5; },
              replaceDefineProperty: () => { Object.defineProperty = (object) => object; },
            };

            // Each touches only its own objects, or restores what it changed.
            const harmless = {
              nothing: () => {},
              ownDefinitions: () => {
                const o = {};
                Object.defineProperty(o, "x", { value: 1 });
                Object.defineProperties(o, { y: { value: 2 } });
                Reflect.defineProperty(o, "z", { get: () => 3 });
              },
              ownIntegrity: () => { Object.freeze({ a: 1 }); Object.seal([]); Object.preventExtensions(new Map()); },
              ownClassFields: () => { new (class { x = 1; static y = 2; #z = 3; })(); },
              ownPrototypes: () => { Object.setPrototypeOf({}, Array.prototype); ({}).__defineGetter__("x", () => 1); },
              restored: () => { const max = Math.max; Math.max = () => 0; Math.max = max; },
              redefinedIdentically: () => {
                Object.defineProperty(Math, "max", Object.getOwnPropertyDescriptor(Math, "max"));
                Object.defineProperty(console, "log", Object.getOwnPropertyDescriptor(console, "log"));
              },
              ownProxies: () => {
                const p = new Proxy({}, {});
                Object.defineProperty(p, "x", { value: 1 });
                return Object.getOwnPropertyDescriptor(p, "x").value;
              },
              webApis: () => {
                new URL("https://example.com/a?b=c").searchParams.get("b");
                new Headers({ a: "b" }).get("a");
                new Response("x", { status: 201 }).headers.get("content-type");
                new Request("https://example.com/", { method: "POST", body: "x" }).method;
                new TextDecoder().decode(new TextEncoder().encode("x"));
                new Blob(["x"]).size;
                crypto.getRandomValues(new Uint8Array(4));
                structuredClone({ a: [1, new Date(0)] });
              },
              iteration: () => {
                for (const x of new Map([[1, 2]])) {}
                for (const x of "ab") {}
                [...new Set([1])].map((x) => x);
                function* g() { yield 1; }
                return [...g()];
              },
              errors: () => {
                try { null.x; } catch (e) { return String(e) + new TypeError("y").stack.length; }
              },
            };

            export const count = register(() => ++calls);
            export const mutate = register(({ name }) => mutations[name]());
            export const mutationNames = register(() => Object.keys(mutations));
            export const run = register(({ name }) => harmless[name]());
            export const harmlessNames = register(() => Object.keys(harmless));
            export const probe = register(() => [
              [1, 2].includes(3),
              ({}).polluted ?? null,
              typeof Array.prototype.flat,
              Object.keys(Array.prototype).length,
              Object.getPrototypeOf(Map.prototype) === Object.prototype,
              Object.isExtensible(Math),
              typeof globalThis.leaked,
              Object.getOwnPropertyDescriptor(String.prototype, "trim").writable,
              TypeError.prototype.name,
            ]);
            """;

    private static final String CLEAN_PROBE = "[false,null,\"function\",0,true,true,\"undefined\",true,\"TypeError\"]";

    private static JsRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = JsRuntime.create(RuntimeOptions.builder()
                .threads(1)
                .contextsPerVersion(1)
                .prewarmInvocations(0)
                .build());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static Stream<String> mutations() {
        return names("mutationNames");
    }

    static Stream<String> harmlessCalls() {
        return names("harmlessNames");
    }

    private static Stream<String> names(String export) {
        String json = call(runtime.load("names", export, Map.of("check.js", MODULE)), export, "");
        return Arrays.stream(json.substring(2, json.length() - 2).split("\",\""));
    }

    @Test
    void corpus_coversEveryKindOfChange() {
        assertThat(mutations().toList())
                .contains(
                        "assignMethod",
                        "deleteMethod",
                        "defineEnumerableOnly",
                        "defineGetterOfTheSameValue",
                        "setPrototypeOf",
                        "freeze",
                        "symbolAssign",
                        "symbolDefineAttributesOnly",
                        "globalRebind",
                        "classFieldOfTheSameValue");
    }

    @ParameterizedTest
    @MethodSource("mutations")
    void mutationOfABuiltin_retiresTheContext_andTheNextCallSeesNoneOfIt(String name) throws InterruptedException {
        CodeVersion version = runtime.load("mutation", name, Map.of("check.js", MODULE));
        assertThat(call(version, "count", "")).isEqualTo("1");
        assertThat(call(version, "probe", "")).isEqualTo(CLEAN_PROBE);

        call(version, "mutate", name);
        runtime.pool().awaitReturned(10_000);

        assertThat(runtime.pool().idle(version))
                .as("the changed context is closed")
                .isZero();
        assertThat(call(version, "count", "")).as("a fresh context").isEqualTo("1");
        assertThat(call(version, "probe", "")).isEqualTo(CLEAN_PROBE);
    }

    @ParameterizedTest
    @MethodSource("harmlessCalls")
    void callThatLeavesTheBuiltinsAlone_keepsItsContext(String name) throws InterruptedException {
        CodeVersion version = runtime.load("harmless", name, Map.of("check.js", MODULE));
        assertThat(call(version, "count", "")).isEqualTo("1");

        assertThat(call(version, "run", name)).doesNotStartWith("failed");
        runtime.pool().awaitReturned(10_000);

        assertThat(call(version, "count", "")).as("the same context").isEqualTo("2");
    }

    private static String call(CodeVersion version, String export, String name) {
        String args = name.isEmpty() ? "[{}]" : "[{\"name\":\"" + name + "\"}]";
        InvocationResult result = runtime.invoke(Invocation.builder(version, "check.js", export, FunctionKind.QUERY)
                        .argsJson(args)
                        .build())
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        return switch (result.outcome()) {
            case InvocationResult.Success s -> s.resultJson();
            case InvocationResult.Failure f -> "failed: " + f.message();
        };
    }
}

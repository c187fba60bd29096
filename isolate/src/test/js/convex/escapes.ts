// A corpus of sandbox-escape attempts. Each attempt must throw (it is then reported as "blocked: ...");
// an attempt that returns reports what it reached, and the Java test fails on it.
import { actionGeneric as action, mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

declare const Java: any, Polyglot: any, Graal: any, Packages: any, JavaImporter: any;
declare function load(path: string): any;
declare function print(s: string): any;
declare function read(path: string): any;
declare function quit(): any;

const dynamicImport = (specifier: string) => import(/* @vite-ignore */ specifier);
const indirectEval = eval;

const attempts: Record<string, () => unknown> = {
  javaType: () => Java.type("java.lang.Runtime"),
  javaViaEval: () => indirectEval("Java.type('java.lang.System')"),
  javaViaFunctionConstructor: () => Function("return Java")(),
  javaViaConstructorChain: () => (Convex.syscall as any).constructor.constructor("return Java.type")(),
  packages: () => Packages.java.lang.System,
  javaImporter: () => new JavaImporter(),
  polyglotEval: () => Polyglot.eval("js", "1"),
  polyglotImport: () => Polyglot.import("secret"),
  graal: () => Graal.versionGraalVM,
  load: () => load("/etc/passwd"),
  print: () => print("leak"),
  read: () => read("/etc/passwd"),
  quit: () => quit(),
  require: () => (0, (globalThis as any).require)("fs"),
  processBinding: () => (process as any).binding("fs"),
  processExit: () => (process as any).exit(1),
  processVersions: () => (process as any).versions.node.length,
  importAbsolute: () => dynamicImport("/etc/passwd"),
  importEscapingRoot: () => dynamicImport("../../../../etc/passwd"),
  importFileUrl: () => dynamicImport("file:///etc/passwd"),
  importHttp: () => dynamicImport("https://example.com/x.js"),
  importBareNode: () => dynamicImport("node:fs"),
  webAssembly: () => new (globalThis as any).WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])),
  fetchFileInQuery: () => fetch("file:///etc/passwd"),
  timerStringInQuery: () => (setTimeout as any)("Java.type('java.lang.System')", 0),
  overwriteSyscall: () => {
    (Convex as any).syscall = () => "{}";
  },
  deleteConvex: () => {
    delete (globalThis as any).Convex;
  },
  redefineConvex: () => Object.defineProperty(globalThis, "Convex", { value: {} }),
  syscallWrongTypes: () => (Convex as any).syscall(123, {}),
  asyncSyscallUnknownOp: () => Convex.asyncSyscall("1.0/readHostFile", JSON.stringify({ path: "/etc/passwd" })),
  jsSyscallUnknownOp: () => (Convex as any).jsSyscall("host/exec", {}),
  hiddenGlobals: () => {
    // Symbol.for("slipway.web.internals") is the web prelude's documented, frozen hook object
    // (brand checks and body access for the runtime's fetch); it holds no host access.
    const suspicious = Reflect.ownKeys(globalThis)
      .map(String)
      .filter((k) => k !== "Symbol(slipway.web.internals)")
      .filter((k) => /java|polyglot|graal|host|slipway|internal|__/i.test(k));
    if (suspicious.length > 0) return suspicious;
    throw new Error("no host or runtime internals on the global object");
  },
  prepareStackTrace: () => {
    (Error as any).prepareStackTrace = (_e: unknown, frames: any[]) => frames;
    const stack: unknown = new Error("probe").stack;
    (Error as any).prepareStackTrace = undefined;
    if (Array.isArray(stack)) return stack.map((f) => typeof f.getThis === "function" && f.getThis());
    throw new Error("prepareStackTrace is not honoured");
  },
  stackOverflow: () => {
    const f = (): number => f() + 1;
    return f();
  },
  hugeString: () => "x".repeat(2 ** 31),
};

declare const Convex: {
  syscall: (op: string, args: string) => string;
  asyncSyscall: (op: string, args: string) => Promise<string>;
};

export const attemptNames = query(async () => Object.keys(attempts));

export const attempt = query({
  args: { name: v.string() },
  handler: async (_ctx, { name }) => {
    const run = attempts[name];
    if (run === undefined) throw new Error(`no attempt named ${name}`);
    try {
      const result = await run();
      return `returned: ${describe(result)}`;
    } catch (e) {
      return `blocked: ${describe(e)}`;
    }
  },
});

export const fetchFileInAction = action(async () => {
  try {
    await fetch("file:///etc/passwd");
    return "returned";
  } catch (e) {
    return `blocked: ${describe(e)}`;
  }
});

function describe(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return typeof value === "object" ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// Pollutes shared state; the next invocation must not see any of it.
export const pollute = mutation(async () => {
  (Object.prototype as any).polluted = "yes";
  (Array.prototype as any).includes = () => true;
  Math.random = () => 0.5;
  Date.now = () => 42;
  (globalThis as any).leaked = "from an earlier invocation";
  console.log = () => {};
  return "polluted";
});

export const inspectState = query(async () => {
  console.log("still logging");
  return {
    polluted: ({} as any).polluted ?? null,
    includes: [1, 2].includes(3),
    random: Math.random(),
    now: Date.now(),
    leaked: (globalThis as any).leaked ?? null,
  };
});

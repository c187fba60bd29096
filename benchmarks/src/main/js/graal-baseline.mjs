// The driver of EngineBaselineBenchmark: the benchmark app and the Node side's own stubs (stubs.mjs),
// evaluated in a bare GraalJS context without Slipway's runtime layer (no sandbox policy, no host
// bridge, no prelude, no statement limit). Its times against v8-bench.mjs's are the engine's share of
// the ratio; against RuntimeBenchmark's, the runtime layer's.
//
// Java calls setup(docsText) once, then call(function, args) and result() per call; every syscall is
// answered by an already-resolved promise, so a call has settled when call() returns (GraalJS runs the
// pending jobs when the outermost Java-to-JavaScript call returns).
import { Stubs } from "./stubs.mjs";
import * as app from "../../../target/runtime-app/modules/bench.js";

let result;
let failure;

export function setup(docsText) {
  const stubs = new Stubs(docsText.split("\n").filter((line) => line.length > 0));
  globalThis.Convex = stubs.convexGlobal();
  return stubs.ids.join("\n");
}

export function call(name, args) {
  result = undefined;
  failure = undefined;
  const promise =
    name === "query"
      ? app.readAll.invokeQuery(args)
      : name === "mutation"
        ? app.touch.invokeMutation(args)
        : name === "action"
          ? app.crunch.invokeAction("benchmark", args)
          : app.empty.invokeQuery(args);
  promise.then(
    (value) => {
      result = value;
    },
    (error) => {
      failure = String(error?.stack ?? error);
    },
  );
}

export function outcome() {
  if (failure !== undefined) {
    throw new Error(failure);
  }
  if (result === undefined) {
    throw new Error("the call has not settled");
  }
  return result;
}

// The in-memory syscall stubs of the Node side: the same behaviour, the same JSON texts in and out, as
// the Java side's InMemorySyscalls (benchmarks/src/main/java/dev/slipway/benchmarks). Keep the two in
// step; BenchmarkSmokeTest checks that both sides give the same results and make the same calls.
//
// - 1.0/queryStream starts a stream over the whole table; 1.0/queryStreamNext answers one document per
//   call from prebuilt texts ({"value":<doc>,"done":false}), then {"value":null,"done":true} and drops
//   the stream (the server cleans up on done), so the library's 1.0/queryCleanup answers false.
// - 1.0/get answers the stored document text (or null); 1.0/shallowMerge answers the stored document
//   without applying the patch, so every call sees the same table; 1.0/insert stores the argument text
//   under a new id, cycling through 1,024 ids so the map stays bounded.
// - Arguments are read by string search, not parsed, on both sides.

const DONE = '{"value":null,"done":true}';
const INSERT_SLOTS = 1024;

export class Stubs {
  /** @param lines the documents' Convex-JSON texts (docs.jsonl), in table order */
  constructor(lines) {
    this.next = lines.map((doc) => `{"value":${doc},"done":false}`);
    this.documents = new Map(lines.map((doc) => [stringField(doc, "_id"), doc]));
    this.ids = [...this.documents.keys()];
    this.streams = new Map();
    this.nextQueryId = 1;
    this.inserts = 0;
    this.counts = { queryStream: 0, queryStreamNext: 0, queryCleanup: 0, get: 0, shallowMerge: 0, insert: 0 };
  }

  syscall(op, args) {
    switch (op) {
      case "1.0/queryStream": {
        this.counts.queryStream++;
        const queryId = this.nextQueryId++;
        this.streams.set(queryId, 0);
        return `{"queryId":${queryId}}`;
      }
      case "1.0/queryCleanup":
        this.counts.queryCleanup++;
        return this.streams.delete(numberField(args, "queryId")) ? "true" : "false";
      default:
        throw new Error(`benchmark stubs: unknown syscall ${op}`);
    }
  }

  /** The answer's JSON text; throws for an unknown op or a missing document. */
  asyncSyscall(op, args) {
    switch (op) {
      case "1.0/queryStreamNext": {
        this.counts.queryStreamNext++;
        const queryId = numberField(args, "queryId");
        const position = this.streams.get(queryId);
        if (position === undefined) {
          throw new Error(`benchmark stubs: no query stream ${queryId}`);
        }
        if (position >= this.next.length) {
          this.streams.delete(queryId);
          return DONE;
        }
        this.streams.set(queryId, position + 1);
        return this.next[position];
      }
      case "1.0/get":
        this.counts.get++;
        return this.documents.get(stringField(args, "id")) ?? "null";
      case "1.0/shallowMerge": {
        this.counts.shallowMerge++;
        const id = stringField(args, "id");
        const doc = this.documents.get(id);
        if (doc === undefined) {
          throw new Error(`Update on nonexistent document ID ${id}`);
        }
        return doc;
      }
      case "1.0/insert": {
        this.counts.insert++;
        const id = "log" + String(this.inserts++ % INSERT_SLOTS).padStart(29, "0");
        this.documents.set(id, args);
        return `{"_id":"${id}"}`;
      }
      default:
        throw new Error(`benchmark stubs: unknown syscall ${op}`);
    }
  }

  /** The Convex global the bundled convex/server talks to, answering from these stubs. */
  convexGlobal() {
    return {
      syscall: (op, args) => this.syscall(op, args),
      asyncSyscall: (op, args) => {
        try {
          return Promise.resolve(this.asyncSyscall(op, args));
        } catch (error) {
          return Promise.reject(error);
        }
      },
      jsSyscall: (op) => {
        throw new Error(`benchmark stubs: unknown JS syscall ${op}`);
      },
    };
  }
}

/** The string value of `"name":"…"` in JSON text (no escapes in the values the stubs read). */
function stringField(json, name) {
  const key = `"${name}":"`;
  const start = json.indexOf(key);
  if (start < 0) {
    throw new Error(`benchmark stubs: no string field ${name} in ${json}`);
  }
  const from = start + key.length;
  return json.substring(from, json.indexOf('"', from));
}

/** The integer value of `"name":123` in JSON text. */
function numberField(json, name) {
  const key = `"${name}":`;
  const start = json.indexOf(key);
  if (start < 0) {
    throw new Error(`benchmark stubs: no number field ${name} in ${json}`);
  }
  let value = 0;
  for (let i = start + key.length; i < json.length; i++) {
    const digit = json.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      break;
    }
    value = value * 10 + digit;
  }
  return value;
}

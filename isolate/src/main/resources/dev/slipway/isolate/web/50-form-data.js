// Slipway web prelude, file 50: FormData (XMLHttpRequest Standard §5), without form elements.
//
// Entries are [name, value] pairs where value is a string or a File; a Blob that is not a File
// becomes a File named "blob" (or the given file name) when it is added.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("50-form-data.js: 00-internals.js must be evaluated first");
  }
  if (!I.isAbsent("FormData")) {
    return;
  }
  if (I.isBlob === undefined) {
    throw new Error("50-form-data.js: needs this prelude's Blob (45-blob.js)");
  }

  /** "Create an entry": converts name/value(/filename) the way append() and set() do. */
  const createEntry = (name, value, filename, argCount, where) => {
    const n = I.toUSVString(name);
    if (argCount >= 3 || I.isBlob(value)) {
      if (!I.isBlob(value)) {
        throw new TypeError(`${where}: the value must be a Blob when a file name is given`);
      }
      if (I.isFile(value) && filename === undefined) {
        return [n, value];
      }
      const fileName = filename !== undefined ? I.toUSVString(filename) : I.isFile(value) ? value.name : "blob";
      const lastModified = I.isFile(value) ? value.lastModified : undefined;
      return [n, I.createFile(I.blobBytes(value), fileName, value.type, lastModified)];
    }
    return [n, I.toUSVString(value)];
  };

  class FormData {
    #entries = [];

    constructor(form = undefined) {
      if (form !== undefined) {
        throw new TypeError(
          "FormData constructor: form elements do not exist in this runtime; call new FormData() without arguments",
        );
      }
    }

    append(name, value, filename = undefined) {
      I.requireArgs(arguments.length, 2, "FormData.append");
      this.#entries.push(createEntry(name, value, filename, arguments.length, "FormData.append"));
    }

    delete(name) {
      I.requireArgs(arguments.length, 1, "FormData.delete");
      const n = I.toUSVString(name);
      this.#entries = this.#entries.filter(([k]) => k !== n);
    }

    get(name) {
      I.requireArgs(arguments.length, 1, "FormData.get");
      const n = I.toUSVString(name);
      const found = this.#entries.find(([k]) => k === n);
      return found === undefined ? null : found[1];
    }

    getAll(name) {
      I.requireArgs(arguments.length, 1, "FormData.getAll");
      const n = I.toUSVString(name);
      return this.#entries.filter(([k]) => k === n).map(([, v]) => v);
    }

    has(name) {
      I.requireArgs(arguments.length, 1, "FormData.has");
      const n = I.toUSVString(name);
      return this.#entries.some(([k]) => k === n);
    }

    set(name, value, filename = undefined) {
      I.requireArgs(arguments.length, 2, "FormData.set");
      const entry = createEntry(name, value, filename, arguments.length, "FormData.set");
      const i = this.#entries.findIndex(([k]) => k === entry[0]);
      if (i < 0) {
        this.#entries.push(entry);
      } else {
        this.#entries[i] = entry;
        this.#entries = this.#entries.filter(([k], j) => j <= i || k !== entry[0]);
      }
    }

    static {
      I.isFormData = (v) => I.isObject(v) && #entries in v;
      I.formDataEntries = (f) => f.#entries;
      I.createFormData = (entries) => {
        const f = new FormData();
        f.#entries = entries;
        return f;
      };
    }
  }
  I.shapeClass(FormData, "FormData");
  I.defineIterable(FormData, "FormData", (f) => I.formDataEntries(f));

  if (I.isAbsent("FormData")) {
    I.registerPlatformClass("FormData", I.isFormData, false);
    I.defineGlobal("FormData", FormData);
  }
})();

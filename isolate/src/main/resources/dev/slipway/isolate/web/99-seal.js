// Slipway web prelude, file 99: closes the shared internals.
//
// The internals object of 00-internals.js is replaced by a frozen object with only the hooks the
// runtime may need, so user code sees nothing more than the web APIs and this small, documented
// surface under Symbol.for("slipway.web.internals"):
//   setResponseURLList(response, urls)  the redirect chain of a fetched Response (url, redirected)
//   peekBody(requestOrResponse)         the body bytes without consuming them: a Uint8Array
//                                       (shared, do not modify), a promise of one, or null
//   isRequest(v) / isResponse(v) / isHeaders(v) / isBlob(v)   brand checks of this prelude's classes
"use strict";
(() => {
  const KEY = Symbol.for("slipway.web.internals");
  const I = globalThis[KEY];
  if (I === undefined) {
    throw new Error("99-seal.js: 00-internals.js must be evaluated first");
  }
  const hooks = Object.create(null);
  for (const name of ["setResponseURLList", "peekBody", "isRequest", "isResponse", "isHeaders", "isBlob"]) {
    if (typeof I[name] === "function") {
      hooks[name] = I[name];
    }
  }
  Object.freeze(hooks);
  Object.defineProperty(globalThis, KEY, { value: hooks, writable: false, enumerable: false, configurable: false });
})();

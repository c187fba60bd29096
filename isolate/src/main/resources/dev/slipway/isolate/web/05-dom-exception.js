// Slipway web prelude, file 05: DOMException (WebIDL §2.8.1).
//
// An Error subclass with name/message/code getters on the prototype and the legacy code
// constants on both the constructor and the prototype. Other prelude files create their
// DOMExceptions through I.domException(message, name), which uses whatever DOMException is global.
"use strict";
(() => {
  const I = globalThis[Symbol.for("slipway.web.internals")];
  if (I === undefined) {
    throw new Error("05-dom-exception.js: 00-internals.js must be evaluated first");
  }

  // Legacy error names and their codes (WebIDL "DOMException names" table).
  const CODES = {
    IndexSizeError: 1,
    HierarchyRequestError: 3,
    WrongDocumentError: 4,
    InvalidCharacterError: 5,
    NoModificationAllowedError: 7,
    NotFoundError: 8,
    NotSupportedError: 9,
    InUseAttributeError: 10,
    InvalidStateError: 11,
    SyntaxError: 12,
    InvalidModificationError: 13,
    NamespaceError: 14,
    InvalidAccessError: 15,
    TypeMismatchError: 17,
    SecurityError: 18,
    NetworkError: 19,
    AbortError: 20,
    URLMismatchError: 21,
    QuotaExceededError: 22,
    TimeoutError: 23,
    InvalidNodeTypeError: 24,
    DataCloneError: 25,
  };
  const CONSTANTS = [
    "INDEX_SIZE_ERR",
    "DOMSTRING_SIZE_ERR",
    "HIERARCHY_REQUEST_ERR",
    "WRONG_DOCUMENT_ERR",
    "INVALID_CHARACTER_ERR",
    "NO_DATA_ALLOWED_ERR",
    "NO_MODIFICATION_ALLOWED_ERR",
    "NOT_FOUND_ERR",
    "NOT_SUPPORTED_ERR",
    "INUSE_ATTRIBUTE_ERR",
    "INVALID_STATE_ERR",
    "SYNTAX_ERR",
    "INVALID_MODIFICATION_ERR",
    "NAMESPACE_ERR",
    "INVALID_ACCESS_ERR",
    "VALIDATION_ERR",
    "TYPE_MISMATCH_ERR",
    "SECURITY_ERR",
    "NETWORK_ERR",
    "ABORT_ERR",
    "URL_MISMATCH_ERR",
    "QUOTA_EXCEEDED_ERR",
    "TIMEOUT_ERR",
    "INVALID_NODE_TYPE_ERR",
    "DATA_CLONE_ERR",
  ];

  if (I.isAbsent("DOMException")) {
    class DOMException extends Error {
      #name;
      #message;

      constructor(message = "", name = "Error") {
        super();
        this.#message = I.toDOMString(message);
        this.#name = I.toDOMString(name);
      }

      get name() {
        return this.#name;
      }

      get message() {
        return this.#message;
      }

      get code() {
        return Object.hasOwn(CODES, this.#name) ? CODES[this.#name] : 0;
      }

      static {
        I.isDOMException = (v) => I.isObject(v) && #name in v;
        I.domExceptionParts = (v) => ({ name: v.#name, message: v.#message });
      }
    }
    I.shapeClass(DOMException, "DOMException");
    CONSTANTS.forEach((constant, index) => {
      const d = { value: index + 1, writable: false, enumerable: true, configurable: false };
      Object.defineProperty(DOMException, constant, d);
      Object.defineProperty(DOMException.prototype, constant, d);
    });
    I.registerPlatformClass("DOMException", I.isDOMException, true);
    I.defineGlobal("DOMException", DOMException);
  }

  /** Creates a DOMException with the global constructor (ours or the host's) as of load time. */
  const DOMExceptionCtor = globalThis.DOMException;
  I.domException = (message, name) => new DOMExceptionCtor(message, name);
})();

// The benchmark's table: 1,000 documents of the `docs` table as Convex-JSON text, generated from a
// fixed seed so every build writes the same bytes. bundle.mjs writes them to docs.jsonl, which both
// sides' syscall stubs (Java: RuntimeStubs, Node: stubs.mjs) read, so they serve identical texts.
export const DOCUMENTS = 1000;

const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const WORDS = ["ship", "slip", "tide", "hull", "keel", "mast", "sail", "rope", "deck", "port", "bow", "stern"];

/** mulberry32: a small, well-mixed 32-bit generator. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** An id that looks like a Convex document id: 32 characters of Convex's base32 alphabet. */
function documentId(next) {
  let id = "";
  for (let i = 0; i < 32; i++) {
    id += ID_ALPHABET[next() % 32];
  }
  return id;
}

/** The documents, as [{id, json}] in _creationTime order (the order of a full table scan). */
export function documents(count = DOCUMENTS) {
  const next = generator(20261122);
  const out = [];
  for (let i = 0; i < count; i++) {
    const id = documentId(next);
    const words = [];
    const length = 8 + (next() % 12);
    for (let w = 0; w < length; w++) {
      words.push(WORDS[next() % WORDS.length]);
    }
    const doc = {
      _creationTime: 1763800000000 + i * 1013.25,
      _id: id,
      author: `user${next() % 37}`,
      body: words.join(" "),
      channel: `channel-${next() % 8}`,
      likes: next() % 1000,
      meta: { lang: next() % 5 === 0 ? "de" : "en", revision: next() % 4 },
      pinned: next() % 13 === 0,
      tags: [WORDS[next() % WORDS.length], WORDS[next() % WORDS.length]],
    };
    out.push({ id, json: JSON.stringify(doc) });
  }
  return out;
}

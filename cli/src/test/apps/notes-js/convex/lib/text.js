/** Collapses whitespace; a helper module that registers no function. */
export function normalize(text) {
  return text.trim().replace(/\s+/g, " ");
}

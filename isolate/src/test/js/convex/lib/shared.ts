// Helpers shared by several modules, so the bundler puts them in a _deps/ chunk that the entry
// modules import with relative specifiers.
export function summarize(docs: Array<{ body: string }>): string {
  return docs.map((d) => d.body).join(" | ");
}

export const GREETING = "hello";

const MARKS = /\p{M}+/gu;

/** Case, accent and compatibility folding of one token: "Conntrack" = "conntrack", "café" = "cafe". */
export function foldWord(raw: string): string {
  // Plain ASCII needs only lower-casing (and has no curly apostrophe).
  if (/^[\x00-\x7f]*$/.test(raw)) return raw.toLowerCase();
  return raw.normalize("NFKC").normalize("NFD").replace(MARKS, "").toLowerCase().replaceAll("’", "'");
}

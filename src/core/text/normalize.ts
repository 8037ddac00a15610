const MARKS = /\p{M}+/gu;

/** Case, accent and compatibility folding of one token: "Conntrack" = "conntrack", "café" = "cafe". */
export function foldWord(raw: string): string {
  return raw.normalize("NFKC").normalize("NFD").replace(MARKS, "").toLowerCase().replaceAll("’", "'");
}

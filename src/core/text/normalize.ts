const MARKS = /\p{M}+/gu;

/** Case, accent and compatibility folding of one token: "Conntrack" = "conntrack", "café" = "cafe". */
export function foldWord(raw: string): string {
  // Plain ASCII needs only lower-casing (and has no curly apostrophe).
  if (isAscii(raw)) return raw.toLowerCase();
  return raw.normalize("NFKC").normalize("NFD").replace(MARKS, "").toLowerCase().replaceAll("’", "'");
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

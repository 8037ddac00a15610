// Our own list. Particles of phrasal verbs (out, up, down, off, over), question
// words (how, why) and "etc" (as in /etc/sysctl.d) are kept as content: "time
// out", "scale out" and "why so many" mean something their other words do not.
// Negators are deliberately absent: they carry meaning for
// negation scopes, and dropping them (as natural's list does) would turn
// "I would not use a pool" into praise for pooling.
export const STOPWORDS: ReadonlySet<string> = new Set([
  "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
  "into", "onto", "about", "per", "via", "than",
  "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done",
  "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may",
  "might", "must", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his",
  "she", "her", "it", "its", "they", "them", "their", "this", "that", "these", "those", "there",
  "here", "what", "which", "who", "whom", "whose", "where", "when", "if", "then",
  "so", "but", "because", "since", "while", "also", "just", "very", "really", "quite", "some",
  "any", "all", "each", "every", "both", "either", "such", "own", "same", "other", "another",
  "too", "only", "again", "further", "once", "yet", "still", "even", "ever", "s", "ll",
  "re", "ve", "m", "t", "um", "uh", "like", "okay", "ok", "well", "yeah", "let",
  "lets", "i'd", "i'm", "i'll", "i've", "it's", "that's", "there's", "we'd", "we'll", "we're",
  "you'd", "you're", "they're", "let's", "e.g", "eg", "ie",
]);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

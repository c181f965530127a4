/**
 * Tokenizer shared by indexing and querying, so both sides always agree on what a term is.
 *
 * Pipeline: NFKC (full-width letters, ligatures and compatibility forms fold to their plain
 * equivalents) → lower case → split on anything that is not a letter, digit or combining mark →
 * drop stop words and single characters → light suffix stemming.
 */

/**
 * Deliberately short: only function words so frequent that they never discriminate between
 * passages. Content words ("how", "get", "refund") must stay, or short queries lose all their terms.
 */
// biome-ignore format: one word list reads better packed than one word per line
const STOP_WORDS = new Set([
  "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was", "be", "it",
  "this", "that", "with", "as", "at", "by", "from", "we", "you", "your", "our", "can", "will",
  "not", "no",
]);

/**
 * Group 1 captures a run of scripts written without spaces between words (CJK). As a single token
 * such a run would only ever match the identical run, so it becomes overlapping bigrams (as Lucene's
 * CJK analyzer does): "退款" then finds "退款政策" without a dictionary-based segmenter. CJK is tried
 * first so a mixed run like "退款refund" splits into its CJK and Latin parts.
 */
const WORD =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|[\p{L}\p{N}\p{M}]+/gu;

const DIGITS = /^\p{N}+$/u;

/** The minimum stem left after stripping a suffix; shorter stems ("us" from "uses") over-conflate. */
const MIN_STEM = 3;

/**
 * A light, predictable stemmer (not Porter): enough that "refund", "refunds", "refunded" and
 * "refunding" share a term, and "policy"/"policies", "charge"/"charges"/"charged" do too.
 */
export function stem(word: string): string {
  let w = word;
  const can = (suffix: string) => w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM;
  if (can("ies")) w = `${w.slice(0, -3)}y`;
  else if (/(?:s|x|z|ch|sh)es$/.test(w) && can("es")) w = w.slice(0, -2);
  // "ss", "us", "is" are not plurals: class, status, analysis.
  else if (can("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (can("ing")) w = undouble(w.slice(0, -3));
  else if (can("ed")) w = undouble(w.slice(0, -2));
  // A final silent "e" is dropped so "charge" meets "charg(ed)" and "service" meets "servic(es)".
  if (w.endsWith("e") && w.length - 1 >= MIN_STEM) w = w.slice(0, -1);
  return w;
}

/** "shipped" → "shipp" → "ship"; but "billing" → "bill", "passed" → "pass" keep their double letter. */
function undouble(w: string): string {
  const last = w.at(-1);
  if (w.length > MIN_STEM && last === w.at(-2) && last && /[bcdfghjkmnpqrtvwxy]/.test(last))
    return w.slice(0, -1);
  return w;
}

function* bigrams(run: string): Generator<string> {
  const chars = [...run];
  if (chars.length === 1) {
    // A lone CJK character is usually a whole word (钱 "money"), unlike a lone Latin letter.
    yield run;
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) yield chars[i]! + chars[i + 1]!;
}

/**
 * Word → term, or null when the word is dropped. Real text is Zipfian, so a few thousand distinct
 * words cover most tokens and memoising them makes indexing cost little more than the regex scan.
 * Cleared when large so that a corpus of unique tokens cannot grow it without bound.
 */
const TERMS = new Map<string, string | null>();
const MAX_CACHED = 100_000;

function term(word: string): string | null {
  let t = TERMS.get(word);
  if (t === undefined) {
    if (DIGITS.test(word)) t = word;
    // Stop words are checked before stemming: "is"/"was" must not survive as stems.
    else if (STOP_WORDS.has(word) || [...word].length < 2) t = null;
    else t = stem(word);
    if (TERMS.size >= MAX_CACHED) TERMS.clear();
    TERMS.set(word, t);
  }
  return t;
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const [match, cjk] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    if (cjk) {
      for (const gram of bigrams(cjk)) out.push(gram);
      continue;
    }
    const t = term(match);
    if (t !== null) out.push(t);
  }
  return out;
}

import { distance } from 'fastest-levenshtein';
import { transliterate } from 'transliteration';

/**
 * Name normalisation for duplicate detection (issue 12): the keys the loader writes on every
 * entity (`nameKeys`) and the comparisons the duplicate scorer makes. Any script is first
 * transliterated to Latin (`transliteration`), so "Скейл" and "Scale" meet in one key space.
 */

/** Legal-form words that say nothing about which company it is ("SCALE AI, INC." = "Scale AI"). */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'cie',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'ev',
  'sa',
  'sas',
  'sarl',
  'sl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'pty',
  'pte',
  'kk',
  'ooo',
  'oao',
  'zao',
  'pao',
  'ao',
  'tov',
  'the',
]);

/** Lower-case Latin words of a name: transliterated, diacritics and punctuation gone. */
export function nameTokens(name: string): string[] {
  const latin = transliterate(name.normalize('NFKC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // "S.A." and "Inc." read as one word; other punctuation separates words.
    .replace(/\b([a-z])\.(?=[a-z]\b)/g, '$1')
    .replace(/[.'’`]/g, '')
    .replace(/&/g, ' and ');
  return latin.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/** The words that name the thing: legal forms dropped (unless too little is left: "Company A"). */
export function coreTokens(name: string): string[] {
  const tokens = nameTokens(name);
  const core = tokens.filter((t) => !LEGAL_FORMS.has(t));
  return core.join('').length >= 2 ? core : tokens;
}

/** Normalised name: core words, sorted (so "Wang Alexandr" = "Alexandr Wang"), one space apart. */
export function normalisedName(name: string): string {
  return [...coreTokens(name)].sort().join(' ');
}

/**
 * A spelling-tolerant skeleton of one word: what survives transliteration variants
 * (Aleksandr/Alexandr, Vang/Wang, Skeyl/Scale): first letter kept, then consonants only, with
 * the letters transliterations swap for one another folded together and repeats collapsed.
 */
export function wordSkeleton(word: string): string {
  const folded = word
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/(ck|q|c(?![eiy]))/g, 'k')
    .replace(/c/g, 's')
    .replace(/w/g, 'v')
    .replace(/z/g, 's')
    .replace(/j/g, 'y')
    .replace(/h/g, '');
  const head = /[aeiouy]/.test(folded[0] ?? '') ? 'a' : (folded[0] ?? '');
  const rest = folded.slice(1).replace(/[aeiouy]/g, '');
  return (head + rest).replace(/(.)\1+/g, '$1');
}

/** Skeleton of a whole name: its core words' skeletons, sorted. */
export function nameSkeleton(name: string): string {
  return coreTokens(name).map(wordSkeleton).sort().join(' ');
}

/**
 * The blocking keys of an entity, written by the loader as `nameKeys`: `n:<normalised name>` and
 * `s:<skeleton>` for its name and each alias. Two entities that share a key are compared.
 */
export function nameKeys(name: string, aliases: readonly string[] = []): string[] {
  const keys = new Set<string>();
  for (const n of [name, ...aliases]) {
    const norm = normalisedName(n);
    if (norm.length < 2) continue;
    keys.add(`n:${norm}`);
    const skeleton = nameSkeleton(n);
    // A skeleton of one or two letters would block far too much together.
    if (skeleton.replace(/ /g, '').length >= 3) keys.add(`s:${skeleton}`);
  }
  return [...keys];
}

/** The keys of a node's properties as stored (name, aliases). */
export function nameKeysOf(props: Record<string, unknown>): string[] {
  const name = typeof props.name === 'string' ? props.name : '';
  const aliases = Array.isArray(props.aliases)
    ? props.aliases.filter((a): a is string => typeof a === 'string')
    : [];
  return nameKeys(name, aliases);
}

/** 0..1: one minus the Levenshtein distance over the longer length, on normalised names. */
export function nameSimilarity(a: string, b: string): number {
  const x = normalisedName(a);
  const y = normalisedName(b);
  const longest = Math.max(x.length, y.length);
  return longest === 0 ? 0 : 1 - distance(x, y) / longest;
}

/** Whether a name holds letters outside Latin (Cyrillic, Greek, CJK…). */
export function isNonLatin(name: string): boolean {
  return /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(name);
}

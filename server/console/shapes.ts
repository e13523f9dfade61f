/**
 * Console layer 2b: bounds on the shape of a query, checked on the screen's tokens before
 * anything reaches Neo4j. Each limit below was measured against the bundled Neo4j 5.26 (see
 * SECURITY.md, "Console query shapes"); each refusal is 400 QUERY_TOO_COMPLEX naming the limit.
 *
 * - Nesting: Neo4j's parser falls off a cliff between 160 and 200 nested `[`, 320 and 640 nested
 *   `(`, 200 and 400 chained `NOT` (EXPLAIN then never returns and cannot be terminated).
 * - Token count: planning time grows with the number of operators (3 000 `+` ≈ 1 s of EXPLAIN).
 * - Relationship patterns: planning a chain of 10 hops took 2.3 s, 20 hops 7 s, 40 over 15 s
 *   (a 30-relationship cycle 11 s); 200 UNION parts 6.3 s, 50 parts 2.3 s.
 * - Expressions Neo4j evaluates without checking its transaction timeout or TERMINATE
 *   TRANSACTION (a 504 does not stop them): regular expressions with nested quantifiers
 *   (catastrophic backtracking) and `range()` lists that loop for minutes inside one row
 *   (`UNWIND range(…)` is free: it makes rows, and rows do stop at the timeout), and `reduce`
 *   steps that double their accumulator (a value that grows exponentially, unseen by
 *   db.memory.transaction.max).
 */
import type { Token } from './screen';

export const MAX_NESTING_DEPTH = 64;
export const MAX_NOT_CHAIN = 32;
export const MAX_TOKENS = 2000;
/** Elements one `range()` may produce, and all `range()` lists of a query multiplied. */
export const MAX_RANGE_ELEMENTS = 1_000_000;
export const MAX_REGEX_LENGTH = 200;
/** Relationship patterns per query: planning time grows steeply with them. */
export const MAX_RELATIONSHIPS = 12;
export const MAX_UNIONS = 32;

export interface ShapeRefusal {
  code: 'QUERY_TOO_COMPLEX';
  message: string;
  offset: number;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([')', ']', '}']);

function refuse(message: string, tok: Token | undefined): ShapeRefusal {
  return { code: 'QUERY_TOO_COMPLEX', message, offset: tok?.offset ?? 0 };
}

/**
 * A regular expression whose run time can explode: a quantified group that itself contains a
 * quantifier or an alternation (`(a+)+`, `(.*a){16}`, `(a|a)*`), or a backreference.
 */
export function unsafeRegex(pattern: string): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `regular expressions are limited to ${MAX_REGEX_LENGTH} characters`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed in regular expressions';
  // Walk groups: does a group containing a quantifier or `|` get quantified itself?
  const stack: { risky: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Character class: skip to its end (quantifiers inside are literals).
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') stack.push({ risky: false });
    else if (c === ')') {
      const group = stack.pop();
      const next = pattern[i + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      if (group?.risky && quantified) {
        return 'nested quantifiers in a regular expression (catastrophic backtracking)';
      }
      if (group?.risky && stack.length) stack[stack.length - 1].risky = true;
    } else if ('*+?{|'.includes(c) && stack.length) {
      stack[stack.length - 1].risky = true;
    }
  }
  return null;
}

/** The integer a token sequence `[-] INT` starting at i spells, with the index after it. */
function intAt(tokens: Token[], i: number): { value: number; next: number } | null {
  let sign = 1;
  let j = i;
  if (tokens[j]?.kind === 'symbol' && tokens[j].text === '-') {
    sign = -1;
    j++;
  }
  const t = tokens[j];
  if (t?.kind !== 'word' || !/^\d+$/.test(t.text)) return null;
  return { value: sign * Number(t.text), next: j + 1 };
}

/**
 * Returns why the query's shape is refused, or null. `params` lets a `range($from, $to)` or a
 * `=~ $pattern` be judged by the values sent with it.
 */
export function checkShapes(
  tokens: readonly Token[],
  params: Record<string, unknown> = {},
): ShapeRefusal | null {
  const stack: string[] = [];
  let notChain = 0;
  let rangeProduct = 1;
  let relationships = 0;
  let unions = 0;
  const isSym = (i: number, s: string) => tokens[i]?.kind === 'symbol' && tokens[i].text === s;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'symbol' && OPEN[t.text]) {
      stack.push(OPEN[t.text]);
      if (stack.length > MAX_NESTING_DEPTH) {
        return refuse(
          `Brackets may nest at most ${MAX_NESTING_DEPTH} levels deep in the console`,
          t,
        );
      }
    } else if (t.kind === 'symbol' && CLOSE.has(t.text)) {
      stack.pop();
    }
    // A relationship pattern follows a node pattern: `)-` or `)<-` (arithmetic on a parenthesised
    // expression counts too: the bound is loose enough for that).
    if (
      isSym(i, ')') &&
      (isSym(i + 1, '-') || (isSym(i + 1, '<') && isSym(i + 2, '-'))) &&
      ++relationships > MAX_RELATIONSHIPS
    ) {
      return refuse(
        `At most ${MAX_RELATIONSHIPS} relationship patterns per query in the console (use a variable-length pattern such as -[:OWNS*1..6]->)`,
        t,
      );
    }
    if (t.kind === 'word' && t.upper === 'UNION' && ++unions > MAX_UNIONS) {
      return refuse(`At most ${MAX_UNIONS} UNION per query in the console`, t);
    }
    notChain = t.kind === 'word' && t.upper === 'NOT' ? notChain + 1 : 0;
    if (notChain > MAX_NOT_CHAIN) {
      return refuse(`At most ${MAX_NOT_CHAIN} NOT in a row are accepted in the console`, t);
    }

    // `=~` (two symbol tokens): the pattern must be a literal or a parameter we can check.
    if (isSym(i, '=') && isSym(i + 1, '~') && tokens[i + 1].offset === t.offset + 1) {
      const p = tokens[i + 2];
      let pattern: unknown;
      if (p?.kind === 'string') pattern = p.text;
      else if (isSym(i + 2, '$') && tokens[i + 3]) pattern = params[tokens[i + 3].text];
      if (typeof pattern !== 'string') {
        return refuse(
          'The pattern of =~ must be a string literal or a string parameter in the console',
          t,
        );
      }
      const why = unsafeRegex(pattern);
      if (why) return refuse(`Regular expression refused: ${why}`, p);
    }

    // reduce(acc = …, x IN … | step): a step concatenating acc twice (`s + s`, `l + l`) doubles
    // the value per element — 28 steps make a 256 MB string Neo4j's memory limit does not see.
    // Tests of acc (`s IS NULL`, `s = ''`) and steps without `+` (`s * r.stake`) pass.
    if (t.kind === 'word' && t.upper === 'REDUCE' && isSym(i + 1, '(') && !isSym(i - 1, '.')) {
      const acc = tokens[i + 2];
      let depth = 0;
      let inStep = false;
      let uses = 0;
      let plus = false;
      for (let j = i + 1; j < tokens.length; j++) {
        const u = tokens[j];
        if (u.kind === 'symbol' && OPEN[u.text]) depth++;
        else if (u.kind === 'symbol' && CLOSE.has(u.text)) {
          if (--depth === 0) break;
        } else if (depth === 1 && isSym(j, '|')) inStep = true;
        else if (
          inStep &&
          acc &&
          (u.kind === 'word' || u.kind === 'quoted') &&
          u.text === acc.text &&
          !isSym(j - 1, '.') &&
          !isSym(j - 1, '$') &&
          // A test of the accumulator (`s IS NULL`, `s = ''`) does not grow it.
          !(tokens[j + 1]?.kind === 'word' && tokens[j + 1].upper === 'IS') &&
          !['=', '<', '>'].some((c) => isSym(j + 1, c))
        ) {
          uses++;
        } else if (inStep && isSym(j, '+')) {
          plus = true;
        }
      }
      if (uses > 1 && plus) {
        return refuse(
          'reduce() may use its accumulator once per step in the console (a step like s + s doubles the value each time)',
          t,
        );
      }
    }

    // range(a, b[, step]) with literal or parameter bounds, bounded in size.
    if (
      t.kind === 'word' &&
      t.upper === 'RANGE' &&
      isSym(i + 1, '(') &&
      !isSym(i - 1, '.') &&
      !isSym(i - 1, '$') &&
      // `UNWIND range(…)` makes rows, and rows check the timeout: only lists inside expressions.
      !(tokens[i - 1]?.kind === 'word' && tokens[i - 1].upper === 'UNWIND')
    ) {
      const args: number[] = [];
      let j = i + 2;
      for (;;) {
        let v: number | null = null;
        const lit = intAt(tokens as Token[], j);
        if (lit) {
          v = lit.value;
          j = lit.next;
        } else if (isSym(j, '$') && tokens[j + 1]) {
          const raw = params[tokens[j + 1].text];
          const n = typeof raw === 'object' && raw !== null ? Number(String(raw)) : Number(raw);
          if (Number.isSafeInteger(n)) v = n;
          j += 2;
        }
        if (v === null) {
          return refuse(
            'range() needs integer literals or integer parameters as bounds in the console',
            t,
          );
        }
        args.push(v);
        if (isSym(j, ',')) j++;
        else break;
      }
      if (!isSym(j, ')') || args.length < 2 || args.length > 3) {
        return refuse('range() takes two or three integer bounds', t);
      }
      const [from, to, step = 1] = args;
      const size = step === 0 ? Infinity : Math.max(0, Math.floor((to - from) / step) + 1);
      rangeProduct *= Math.max(1, size);
      if (rangeProduct > MAX_RANGE_ELEMENTS) {
        return refuse(
          `range() lists are limited to ${MAX_RANGE_ELEMENTS.toLocaleString('en')} elements in all (multiplied) in the console`,
          t,
        );
      }
    }
  }
  if (tokens.length > MAX_TOKENS) {
    return refuse(`Queries are limited to ${MAX_TOKENS} tokens in the console`, tokens[MAX_TOKENS]);
  }
  return null;
}

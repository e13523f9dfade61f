/**
 * Console layer 2: lexical pre-screen (pure, no database).
 *
 * The query is first put through the same `\uXXXX` unicode-escape pass Neo4j 5 applies to the
 * whole text before lexing (Java style: a backslash starts an escape only when preceded by an even
 * number of backslashes; exactly one `u`, four hex digits). Neo4j really does this — `// \u000a
 * CREATE (n)` ends the comment and creates a node — so screening the raw text would be bypassable.
 * It is then tokenised with `//` and `/* *\/` comments and '…' / "…" strings (backslash escapes)
 * dropped, and `…` backtick names kept as quoted identifiers (never keywords). Where Neo4j and
 * this lexer could disagree, the lexer errs towards exposing more text to the checks: line
 * comments end at any line terminator, Unicode spaces separate words.
 *
 * An unterminated comment, string or backticked name is a 400 CYPHER_SYNTAX_ERROR (Neo4j answers
 * an unterminated comment with a DatabaseError rather than a syntax error).
 *
 * Refused with 403 and a specific code:
 * - MULTIPLE_STATEMENTS: a `;` followed by anything but whitespace/comments;
 * - QUERY_OPTIONS_FORBIDDEN: a leading EXPLAIN, PROFILE or CYPHER option prefix;
 * - LOAD_CSV_FORBIDDEN: LOAD CSV;
 * - USE_FORBIDDEN: a USE clause (no other database, no `system`);
 * - ADMIN_FORBIDDEN: SHOW …, TERMINATE …, GRANT/DENY/REVOKE …, and CREATE/DROP/ALTER/START/STOP/
 *   RENAME/ENABLE … USER|ROLE|DATABASE|ALIAS|SERVER|PRIVILEGE;
 * - SCHEMA_FORBIDDEN: CREATE/DROP … INDEX|CONSTRAINT;
 * - WRITE_FORBIDDEN: write clauses (CREATE, MERGE, SET, REMOVE, DELETE, DETACH, FOREACH, INSERT)
 *   and CALL {…} IN TRANSACTIONS — defence in depth, the EXPLAIN gate decides on writes anyway;
 * - PROCEDURE_FORBIDDEN: `CALL name` for any procedure outside PROCEDURE_ALLOWLIST (apoc/gds never);
 * - APP_STATE_FORBIDDEN: a name or string that spells a label of the app's own state
 *   (`AppSession`, `AppCounter`, …: server/state/labels.ts, any case); what a query reaches
 *   without naming them is withheld from answers (server/console/run.ts) and opaque anyway;
 * - FUNCTION_FORBIDDEN: a namespaced function call `ns.fn(` outside the built-in namespaces in
 *   FUNCTION_NAMESPACES (plus db.nameFromElementId). Property access (`n.name`) is not a call.
 *
 * A keyword counts only as a bare word: not backticked, not after `.` `$` `:` (property, parameter,
 * label/type) and not before `:` (map key). Writes are also refused by the EXPLAIN gate and by the
 * read transaction itself; this layer gives precise codes and keeps LOAD CSV, USE, admin commands
 * and procedures from ever reaching the database.
 */
import { AppError } from '../errors';
import { APP_STATE_LABELS } from '../state/labels';
import { checkShapes } from './shapes';

const APP_STATE_NAMES = new Set(APP_STATE_LABELS.map((l) => l.toUpperCase()));

/** Read-only procedures the console may CALL (compared case-insensitively). */
export const PROCEDURE_ALLOWLIST: ReadonlySet<string> = new Set([
  'db.labels',
  'db.relationshiptypes',
  'db.propertykeys',
  'db.schema.visualization',
  'db.schema.nodetypeproperties',
  'db.schema.reltypeproperties',
  'db.index.fulltext.querynodes',
  'db.index.fulltext.queryrelationships',
]);

/** Namespaces of Cypher's built-in namespaced functions (`date.truncate`, `point.distance`, …). */
export const FUNCTION_NAMESPACES: ReadonlySet<string> = new Set([
  'date',
  'datetime',
  'localdatetime',
  'time',
  'localtime',
  'duration',
  'point',
  'vector',
  'vector.similarity',
]);

/** Fully named built-in functions allowed outside those namespaces. */
export const FUNCTION_ALLOWLIST: ReadonlySet<string> = new Set(['db.namefromelementid']);

export type ScreenCode =
  | 'CYPHER_SYNTAX_ERROR'
  | 'MULTIPLE_STATEMENTS'
  | 'QUERY_OPTIONS_FORBIDDEN'
  | 'LOAD_CSV_FORBIDDEN'
  | 'USE_FORBIDDEN'
  | 'ADMIN_FORBIDDEN'
  | 'SCHEMA_FORBIDDEN'
  | 'WRITE_FORBIDDEN'
  | 'PROCEDURE_FORBIDDEN'
  | 'FUNCTION_FORBIDDEN'
  | 'APP_STATE_FORBIDDEN'
  | 'QUERY_TOO_COMPLEX';

export interface ScreenRefusal {
  /** 400 for an unterminated comment, string or name; 403 for every policy refusal. */
  status: 400 | 403;
  code: ScreenCode;
  message: string;
  /** Offset in the query after unicode-escape decoding. */
  offset: number;
}

export type TokenKind = 'word' | 'quoted' | 'string' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** Word or quoted-identifier text (without backticks), string content; the character for symbols. */
  text: string;
  /** Upper-cased text of words, for keyword checks. */
  upper: string;
  offset: number;
}

/** Applies Neo4j's `\uXXXX` pre-lexing pass (Java-style backslash parity). */
export function decodeUnicodeEscapes(query: string): string {
  let out = '';
  let backslashes = 0;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === '\\' && backslashes % 2 === 0 && query[i + 1] === 'u') {
      const hex = query.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i += 5;
        backslashes = 0; // a decoded character never counts towards the next escape
        continue;
      }
    }
    backslashes = ch === '\\' ? backslashes + 1 : 0;
    out += ch;
  }
  return out;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
/** Cypher string escapes that matter for reading a pattern; others keep the escaped character. */
const STRING_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
const LINE_END = /[\n\r\u2028\u2029\u0085]/;

/** Tokens of a (decoded) query; comments and whitespace dropped, strings kept as one token. */
export function tokenize(src: string): Token[] & { unterminated?: Token } {
  const tokens: Token[] & { unterminated?: Token } = [];
  const open = (kind: TokenKind, offset: number) => {
    tokens.unterminated ??= { kind, text: '', upper: '', offset };
  };
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (ch === '/' && src[i + 1] === '/') {
      i += 2;
      while (i < n && !LINE_END.test(src[i])) i++;
    } else if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) open('symbol', i);
      i = end < 0 ? n : end + 2;
    } else if (ch === "'" || ch === '"') {
      const start = i;
      let text = '';
      i++;
      while (i < n && src[i] !== ch) {
        if (src[i] === '\\') {
          text += STRING_ESCAPES[src[i + 1]] ?? src[i + 1] ?? '';
          i += 2;
        } else text += src[i++];
      }
      if (i >= n) open('string', start);
      i++;
      tokens.push({ kind: 'string', text, upper: '', offset: start });
    } else if (ch === '`') {
      const start = i;
      let text = '';
      i++;
      while (i < n) {
        if (src[i] === '`') {
          if (src[i + 1] === '`') {
            text += '`';
            i += 2;
            continue;
          }
          break;
        }
        text += src[i++];
      }
      if (i >= n) open('quoted', start);
      i++;
      tokens.push({ kind: 'quoted', text, upper: '', offset: start });
    } else if (WORD_CHAR.test(ch)) {
      const start = i;
      // Neo4j 5's lexer accepts `$` inside a name (`a$` is one identifier, not `a` + parameter).
      while (i < n && (WORD_CHAR.test(src[i]) || src[i] === '$')) i++;
      const text = src.slice(start, i);
      tokens.push({ kind: 'word', text, upper: text.toUpperCase(), offset: start });
    } else if (/[!-/:-@[-^{-~]/.test(ch)) {
      tokens.push({ kind: 'symbol', text: ch, upper: ch, offset: i });
      i++;
    } else {
      // Any other character (Unicode spaces, format and control characters, symbols outside
      // ASCII) separates words: a keyword next to it is still seen as a keyword.
      i++;
    }
  }
  return tokens;
}

/** Words that may follow a variable in an expression: a keyword before one of them is a name. */
const CONTINUATION = new Set([
  'AS',
  'AND',
  'OR',
  'XOR',
  'IN',
  'IS',
  'STARTS',
  'ENDS',
  'CONTAINS',
  'WHERE',
  'RETURN',
  'WITH',
  'ORDER',
  'SKIP',
  'LIMIT',
  'OFFSET',
  'UNION',
  'MATCH',
  'OPTIONAL',
  'UNWIND',
  'YIELD',
  'ASC',
  'ASCENDING',
  'DESC',
  'DESCENDING',
  'THEN',
  'ELSE',
  'END',
  'WHEN',
]);

const ADMIN_VERBS = new Set(['SHOW', 'TERMINATE', 'GRANT', 'DENY', 'REVOKE']);
const OBJECT_VERBS = new Set([
  'CREATE',
  'DROP',
  'ALTER',
  'START',
  'STOP',
  'RENAME',
  'ENABLE',
  'DEALLOCATE',
  'REALLOCATE',
  'DRYRUN',
]);
const ADMIN_OBJECTS = new Set([
  'USER',
  'USERS',
  'ROLE',
  'ROLES',
  'DATABASE',
  'DATABASES',
  'ALIAS',
  'ALIASES',
  'SERVER',
  'SERVERS',
  'PRIVILEGE',
  'PRIVILEGES',
  'COMPOSITE',
  'CURRENT',
  'DEFAULT',
  'HOME',
]);
const SCHEMA_OBJECTS = new Set([
  'INDEX',
  'INDEXES',
  'CONSTRAINT',
  'CONSTRAINTS',
  'FULLTEXT',
  'TEXT',
  'RANGE',
  'POINT',
  'LOOKUP',
  'VECTOR',
  'BTREE',
]);
const WRITE_CLAUSES = new Set([
  'CREATE',
  'MERGE',
  'SET',
  'REMOVE',
  'DELETE',
  'DETACH',
  'NODETACH',
  'FOREACH',
  'INSERT',
]);
const FORBIDDEN_NAMESPACES = new Set(['apoc', 'gds']);

function refusal(code: ScreenCode, message: string, tok: Token | undefined): ScreenRefusal {
  return { status: 403, code, message, offset: tok?.offset ?? 0 };
}

/** Returns the first reason to refuse the query, or null when it may go on to the EXPLAIN gate. */
export function screenQuery(
  query: string,
  params: Record<string, unknown> = {},
): ScreenRefusal | null {
  const tokens = tokenize(decodeUnicodeEscapes(query));
  if (tokens.unterminated) {
    const what = { string: 'string', quoted: 'quoted name', symbol: 'comment' } as const;
    const kind = tokens.unterminated.kind as keyof typeof what;
    return {
      status: 400,
      code: 'CYPHER_SYNTAX_ERROR',
      message: `Unterminated ${what[kind] ?? 'token'} starting at offset ${tokens.unterminated.offset}`,
      offset: tokens.unterminated.offset,
    };
  }
  const shape = checkShapes(tokens, params);
  if (shape) return { status: 400, ...shape };
  const at = (i: number): Token | undefined => tokens[i];
  const isSym = (i: number, s: string) => at(i)?.kind === 'symbol' && at(i)!.text === s;
  const isName = (i: number) => at(i)?.kind === 'word' || at(i)?.kind === 'quoted';
  /** A bare keyword: an unquoted word that is not a property, parameter, label or map key. */
  const isKeyword = (i: number, word?: string | Set<string>): boolean => {
    const t = at(i);
    if (!t || t.kind !== 'word') return false;
    if (isSym(i - 1, '.') || isSym(i - 1, '$') || isSym(i - 1, ':')) return false;
    if (isSym(i + 1, ':')) return false;
    if (word === undefined) return true;
    return typeof word === 'string' ? t.upper === word : word.has(t.upper);
  };
  /** The next token starts a clause argument (a name that is not an expression keyword). */
  const nameFollows = (i: number): boolean =>
    at(i)?.kind === 'quoted' || (at(i)?.kind === 'word' && !CONTINUATION.has(at(i)!.upper));

  // 1. One statement only.
  for (let i = 0; i < tokens.length; i++) {
    if (isSym(i, ';') && i + 1 < tokens.length) {
      return refusal('MULTIPLE_STATEMENTS', 'Only one statement per request', at(i));
    }
  }

  // 2. No query options / EXPLAIN / PROFILE prefix (the console adds its own EXPLAIN).
  if (isKeyword(0, new Set(['EXPLAIN', 'PROFILE', 'CYPHER']))) {
    return refusal(
      'QUERY_OPTIONS_FORBIDDEN',
      `${at(0)!.upper} prefixes are not accepted by the console`,
      at(0),
    );
  }

  // LOAD CSV, whatever comes before it (`.`, `$`, `:`): a name read differently must not hide it.
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].kind === 'word' && tokens[i].upper === 'LOAD' && at(i + 1)?.upper === 'CSV') {
      return refusal('LOAD_CSV_FORBIDDEN', 'LOAD CSV is not allowed in the console', tokens[i]);
    }
  }

  // The app's sessions, counters and jobs are not the graph: not even by name.
  for (const t of tokens) {
    if (t.kind !== 'symbol' && APP_STATE_NAMES.has(t.text.trim().toUpperCase())) {
      return refusal(
        'APP_STATE_FORBIDDEN',
        `${t.text.trim()} holds the app's own state, not the graph: the console does not read it`,
        t,
      );
    }
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];

    if (isKeyword(i, 'USE')) {
      const prev = at(i - 1);
      const clauseStart =
        prev === undefined ||
        (prev.kind === 'symbol' && prev.text === '{') ||
        (prev.kind === 'word' && (prev.upper === 'UNION' || prev.upper === 'ALL'));
      if (clauseStart || nameFollows(i + 1)) {
        return refusal(
          'USE_FORBIDDEN',
          'USE is not allowed: the console reads this database only',
          t,
        );
      }
    }

    if (isKeyword(i, ADMIN_VERBS) && (i === 0 || isSym(i - 1, '{') || nameFollows(i + 1))) {
      return refusal('ADMIN_FORBIDDEN', `${t.upper} commands are not allowed in the console`, t);
    }

    if (isKeyword(i, OBJECT_VERBS)) {
      // Look past modifiers (OR REPLACE, IF NOT EXISTS, COMPOSITE, TEXT…) for the object kind.
      for (let j = i + 1; j <= i + 4 && at(j)?.kind === 'word'; j++) {
        const w = at(j)!.upper;
        if (ADMIN_OBJECTS.has(w)) {
          return refusal('ADMIN_FORBIDDEN', `${t.upper} ${w} is an administration command`, t);
        }
        if (SCHEMA_OBJECTS.has(w) && (w !== 'POINT' || at(j + 1)?.upper === 'INDEX')) {
          if (['CREATE', 'DROP'].includes(t.upper)) {
            return refusal('SCHEMA_FORBIDDEN', 'Schema commands are not allowed in the console', t);
          }
        }
        if (!['OR', 'REPLACE', 'IF', 'NOT', 'EXISTS', ...SCHEMA_OBJECTS].includes(w)) break;
      }
    }

    if (
      isKeyword(i, WRITE_CLAUSES) &&
      (isSym(i + 1, '(') || isSym(i + 1, '[') || nameFollows(i + 1))
    ) {
      return refusal('WRITE_FORBIDDEN', `${t.upper} writes; the console is read-only`, t);
    }

    if (isKeyword(i, new Set(['TRANSACTIONS', 'TRANSACTION']))) {
      // CALL { … } IN [n] [CONCURRENT] TRANSACTIONS: any IN between the subquery and this word.
      for (let j = i - 1; j >= 0 && !isSym(j, '}'); j--) {
        if (isKeyword(j, 'IN') || isKeyword(j, 'CONCURRENT')) {
          return refusal(
            'WRITE_FORBIDDEN',
            'CALL { … } IN TRANSACTIONS is not allowed in the console',
            t,
          );
        }
      }
    }

    if (isKeyword(i, 'CALL') && isName(i + 1)) {
      const { name, end } = dottedName(tokens, i + 1);
      void end;
      const lower = name.toLowerCase();
      if (FORBIDDEN_NAMESPACES.has(lower.split('.')[0]) || !PROCEDURE_ALLOWLIST.has(lower)) {
        return refusal('PROCEDURE_FORBIDDEN', `Procedure ${name} is not allowed in the console`, t);
      }
      i = end;
      continue;
    }

    // Namespaced function call: name(.name)+ followed by "(", not itself a property access.
    if (
      isName(i) &&
      !isSym(i - 1, '.') &&
      !isSym(i - 1, '$') &&
      !(t.kind === 'word' && /^\p{N}/u.test(t.text))
    ) {
      const { name, end, segments } = dottedName(tokens, i);
      if (segments > 1 && isSym(end + 1, '(')) {
        const lower = name.toLowerCase();
        const namespace = lower.slice(0, lower.lastIndexOf('.'));
        const allowed =
          !FORBIDDEN_NAMESPACES.has(lower.split('.')[0]) &&
          (FUNCTION_NAMESPACES.has(namespace) || FUNCTION_ALLOWLIST.has(lower));
        if (!allowed) {
          return refusal('FUNCTION_FORBIDDEN', `Function ${name} is not allowed in the console`, t);
        }
      }
      if (segments > 1) i = end;
    }
  }
  return null;
}

/** Reads `a.b.c` (words or backticked names joined by dots) starting at index i. */
function dottedName(tokens: Token[], i: number): { name: string; end: number; segments: number } {
  const parts = [tokens[i].text];
  let end = i;
  while (
    tokens[end + 1]?.kind === 'symbol' &&
    tokens[end + 1].text === '.' &&
    (tokens[end + 2]?.kind === 'word' || tokens[end + 2]?.kind === 'quoted')
  ) {
    parts.push(tokens[end + 2].text);
    end += 2;
  }
  return { name: parts.join('.'), end, segments: parts.length };
}

/** The screen as an AppError (403 with the refusal's code), or nothing when the query passes. */
export function assertScreened(query: string, params: Record<string, unknown> = {}): void {
  const r = screenQuery(query, params);
  if (r) throw new AppError(r.status, r.code, r.message);
}

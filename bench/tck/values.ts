/**
 * The openCypher TCK's value syntax (result tables and parameters) and its comparison with
 * Neo4j typed JSON (server/typed-json.ts). TCK values: null, true/false, integers, floats
 * (incl. NaN, Inf), 'strings' (temporals and durations are compared as their text, see
 * tckTemporalText), [lists],
 * {maps}, (:nodes {..}), [:RELS {..}], <paths>.
 */
import type { TypedValue } from '../../server/typed-json';

export type TckValue =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: TckValue[] }
  | { kind: 'map'; entries: Record<string, TckValue> }
  | { kind: 'node'; labels: string[]; props: Record<string, TckValue> }
  | { kind: 'rel'; type: string; props: Record<string, TckValue> }
  | { kind: 'path'; parts: { node?: TckValue; rel?: TckValue; dir?: 'out' | 'in' }[] };

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }
  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }
  eat(text: string): boolean {
    this.ws();
    if (this.s.startsWith(text, this.i)) {
      this.i += text.length;
      return true;
    }
    return false;
  }
  expect(text: string): void {
    if (!this.eat(text)) throw new Error(`TCK value: expected "${text}" at ${this.i} in ${this.s}`);
  }
  name(): string {
    this.ws();
    if (this.s[this.i] === '`') {
      const end = this.s.indexOf('`', this.i + 1);
      const n = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return n;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`TCK value: expected a name at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }
}

function props(r: Reader): Record<string, TckValue> {
  const out: Record<string, TckValue> = {};
  r.expect('{');
  if (r.eat('}')) return out;
  do {
    const key = r.name();
    r.expect(':');
    out[key] = value(r);
  } while (r.eat(','));
  r.expect('}');
  return out;
}

function node(r: Reader): TckValue {
  r.expect('(');
  const labels: string[] = [];
  while (r.eat(':')) labels.push(r.name());
  const p = r.peek() === '{' ? props(r) : {};
  r.expect(')');
  return { kind: 'node', labels, props: p };
}

function rel(r: Reader): TckValue {
  r.expect('[');
  r.expect(':');
  const type = r.name();
  const p = r.peek() === '{' ? props(r) : {};
  r.expect(']');
  return { kind: 'rel', type, props: p };
}

function value(r: Reader): TckValue {
  const c = r.peek();
  if (c === "'") {
    let out = '';
    r.i++;
    for (;;) {
      const ch = r.s[r.i++];
      if (ch === undefined) throw new Error(`TCK value: unterminated string in ${r.s}`);
      if (ch === '\\') out += r.s[r.i++];
      else if (ch === "'") break;
      else out += ch;
    }
    return { kind: 'string', value: out };
  }
  if (c === '[') {
    // A list, or a relationship `[:T]`.
    const save = r.i;
    r.expect('[');
    if (r.peek() === ':') {
      r.i = save;
      return rel(r);
    }
    const items: TckValue[] = [];
    if (!r.eat(']')) {
      do items.push(value(r));
      while (r.eat(','));
      r.expect(']');
    }
    return { kind: 'list', items };
  }
  if (c === '{') return { kind: 'map', entries: props(r) };
  if (c === '(') return node(r);
  if (c === '<') {
    r.expect('<');
    const parts: { node?: TckValue; rel?: TckValue; dir?: 'out' | 'in' }[] = [{ node: node(r) }];
    while (r.peek() === '-' || r.peek() === '<') {
      const back = r.eat('<-');
      if (!back) r.expect('-');
      const rv = rel(r);
      const fwd = r.eat('->');
      if (!fwd) r.expect('-');
      parts.push({ rel: rv, dir: back ? 'in' : 'out' }, { node: node(r) });
    }
    r.expect('>');
    return { kind: 'path', parts };
  }
  for (const [word, v] of [
    ['null', { kind: 'null' }],
    ['true', { kind: 'bool', value: true }],
    ['false', { kind: 'bool', value: false }],
    ['NaN', { kind: 'float', value: NaN }],
    ['-Infinity', { kind: 'float', value: -Infinity }],
    ['Infinity', { kind: 'float', value: Infinity }],
    ['-Inf', { kind: 'float', value: -Infinity }],
    ['Inf', { kind: 'float', value: Infinity }],
  ] as [string, TckValue][]) {
    if (r.eat(word)) return v;
  }
  r.ws();
  const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(r.s.slice(r.i));
  if (!m) throw new Error(`TCK value: cannot read "${r.s.slice(r.i)}"`);
  r.i += m[0].length;
  const isFloat = m[0].includes('.') || /e/i.test(m[0]);
  return isFloat ? { kind: 'float', value: Number(m[0]) } : { kind: 'int', value: BigInt(m[0]) };
}

/** Parses one TCK table cell. */
export function parseTckValue(text: string): TckValue {
  const r = new Reader(text.trim());
  const v = value(r);
  r.ws();
  if (r.i !== r.s.length) throw new Error(`TCK value: trailing "${r.s.slice(r.i)}"`);
  return v;
}

/** A TCK value as a typed-JSON parameter. */
export function tckToTyped(v: TckValue): TypedValue {
  switch (v.kind) {
    case 'null':
      return { $type: 'Null', _value: null };
    case 'bool':
      return { $type: 'Boolean', _value: v.value };
    case 'int':
      return { $type: 'Integer', _value: v.value.toString() };
    case 'float':
      return { $type: 'Float', _value: String(v.value) };
    case 'string':
      return { $type: 'String', _value: v.value };
    case 'list':
      return { $type: 'List', _value: v.items.map(tckToTyped) };
    case 'map':
      return {
        $type: 'Map',
        _value: Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, tckToTyped(x)])),
      };
    default:
      throw new Error(`a ${v.kind} cannot be a parameter`);
  }
}

/**
 * The TCK writes a temporal's time without its seconds when they are zero (`'12:31Z'`,
 * `'1984-10-11T12:00+01:00[Europe/Stockholm]'`); Neo4j 5 always writes them (`12:31:00Z`, see
 * `toString()` in Cypher). Same value, so the expected text gets its `:00` before comparing.
 */
export function tckTemporalText(text: string): string {
  return text.replace(/(^|T)(\d{2}:\d{2})(?!:|\d)/, '$1$2:00');
}

const TEXT_TYPES = new Set([
  'String',
  'Date',
  'Time',
  'LocalTime',
  'OffsetDateTime',
  'ZonedDateTime',
  'LocalDateTime',
  'Duration',
]);

function sameProps(e: Record<string, TckValue>, a: Record<string, TypedValue>, lists: boolean) {
  const ek = Object.keys(e).sort();
  const ak = Object.keys(a).sort();
  return ek.length === ak.length && ek.every((k, i) => k === ak[i] && matches(e[k], a[k], lists));
}

/**
 * Does a typed answer value match the TCK's expected value? Temporals match their text;
 * `unorderedLists` for "(ignoring element order for lists)".
 */
export function matches(e: TckValue, a: TypedValue, unorderedLists = false): boolean {
  switch (e.kind) {
    case 'null':
      return a.$type === 'Null';
    case 'bool':
      return a.$type === 'Boolean' && a._value === e.value;
    case 'int':
      return a.$type === 'Integer' && BigInt(a._value as string) === e.value;
    case 'float': {
      if (a.$type !== 'Float') return false;
      const n = Number(
        a._value === 'Infinity' ? Infinity : a._value === '-Infinity' ? -Infinity : a._value,
      );
      return (Number.isNaN(e.value) && Number.isNaN(n)) || n === e.value;
    }
    case 'string':
      if (a.$type === 'String') return a._value === e.value;
      return TEXT_TYPES.has(a.$type) && a._value === tckTemporalText(e.value);
    case 'list': {
      if (a.$type !== 'List') return false;
      const items = a._value as TypedValue[];
      if (items.length !== e.items.length) return false;
      if (!unorderedLists) return e.items.every((x, i) => matches(x, items[i], unorderedLists));
      return bagMatches(e.items, items, (x, y) => matches(x, y, unorderedLists));
    }
    case 'map':
      return (
        a.$type === 'Map' &&
        sameProps(e.entries, a._value as Record<string, TypedValue>, unorderedLists)
      );
    case 'node': {
      if (a.$type !== 'Node') return false;
      const n = a._value as { _labels: string[]; _properties: Record<string, TypedValue> };
      return (
        [...n._labels].sort().join(':') === [...e.labels].sort().join(':') &&
        sameProps(e.props, n._properties, unorderedLists)
      );
    }
    case 'rel': {
      if (a.$type !== 'Relationship') return false;
      const r = a._value as { _type: string; _properties: Record<string, TypedValue> };
      return r._type === e.type && sameProps(e.props, r._properties, unorderedLists);
    }
    case 'path': {
      if (a.$type !== 'Path') return false;
      const parts = a._value as TypedValue[];
      if (parts.length !== e.parts.length) return false;
      return e.parts.every((p, i) => {
        if (p.node) return matches(p.node, parts[i], unorderedLists);
        if (!matches(p.rel!, parts[i], unorderedLists)) return false;
        const r = parts[i]._value as { _start_node_element_id: string };
        const prev = parts[i - 1]._value as { _element_id: string };
        return (r._start_node_element_id === prev._element_id) === (p.dir === 'out');
      });
    }
  }
}

/** Multiset matching (small inputs: greedy with backtracking). */
export function bagMatches<E, A>(expected: E[], actual: A[], eq: (e: E, a: A) => boolean): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Array<boolean>(actual.length).fill(false);
  const go = (i: number): boolean => {
    if (i === expected.length) return true;
    for (let j = 0; j < actual.length; j++) {
      if (!used[j] && eq(expected[i], actual[j])) {
        used[j] = true;
        if (go(i + 1)) return true;
        used[j] = false;
      }
    }
    return false;
  };
  return go(0);
}

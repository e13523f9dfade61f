import { setDiagnostics } from '@codemirror/lint';
import { EditorSelection, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { createCypherEditor, type EditorApi } from '@neo4j-cypher/codemirror';
import '@neo4j-cypher/codemirror/css/cypher-codemirror.css';
import {
  ApiError,
  type ErrorPosition,
  type GraphPayload,
  type JsonValue,
  type NamedQuery,
  type QueryResult,
  type SchemaView,
} from './api';
import { h, replaceChildren } from './dom';
import { csvText } from './console-values';
import { rawCell, resultCell, type CellContext } from './console-cells';
import { exportCsv } from './export';

export interface ConsoleDeps {
  cypher(query: string, params: Record<string, JsonValue>): Promise<QueryResult>;
  runNamed(name: string, params: Record<string, JsonValue>): Promise<QueryResult>;
  schema(): Promise<SchemaView>;
  queries(): Promise<NamedQuery[]>;
  /** Entity ids to offer to a named query's entity parameters (focus, path ends), in order. */
  entityCandidates(): string[];
  /** Draws a result graph into the shared canvas. */
  showGraph(graph: GraphPayload, mode: 'add' | 'replace'): void;
  /** Selects a result's node or relationship (canvas id) on the canvas, adding it from the graph if gone. */
  select(id: string, graph: GraphPayload | undefined): void;
  /** The query, parameters and mode that produced the visible result (for the URL). */
  onRan(state: { query: string; params: string; mode: 'add' | 'replace' } | null): void;
}

export interface HistoryEntry {
  query: string;
  params: string;
  ranAt: string;
}

const HISTORY_KEY = 'entity-graph-explorer.history';
const HISTORY_MAX = 50;

export function loadHistory(): HistoryEntry[] {
  try {
    const raw = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(raw)
      ? raw.filter(
          (e): e is HistoryEntry =>
            !!e && typeof e.query === 'string' && typeof e.params === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

function saveHistory(entries: HistoryEntry[]): void {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, HISTORY_MAX)));
  } catch {
    // Storage full or disabled: history just isn't kept.
  }
}

/** Schema names as the Cypher editor wants them: labels and types with a leading colon. */
function names(list: unknown[], keys: string[]): string[] {
  return list
    .map((x) => {
      if (typeof x === 'string') return x;
      if (x && typeof x === 'object') {
        for (const k of keys) {
          const v = (x as Record<string, unknown>)[k];
          if (typeof v === 'string') return v;
        }
      }
      return null;
    })
    .filter((x): x is string => !!x);
}

export function editorSchema(s: SchemaView) {
  return {
    labels: names(s.labels ?? [], ['label', 'name']).map((l) => `:${l}`),
    relationshipTypes: names(s.relationshipTypes ?? [], ['type', 'name']).map((t) => `:${t}`),
    propertyKeys: names(s.propertyKeys ?? [], ['key', 'name', 'propertyKey']),
  };
}

/** Rows may come as arrays (aligned with columns) or as objects keyed by column. */
export function rowsAsArrays(columns: string[], rows: QueryResult['rows']): JsonValue[][] {
  return (rows as unknown[]).map((r) =>
    Array.isArray(r)
      ? (r as JsonValue[])
      : columns.map((c) => ((r as Record<string, JsonValue>)[c] ?? null) as JsonValue),
  );
}

export class CypherConsole {
  private editor: EditorApi;
  private view: EditorView;
  private params: HTMLTextAreaElement;
  private output: HTMLElement;
  private historySelect: HTMLSelectElement;
  private namedList: HTMLElement;
  private mode: 'add' | 'replace' = 'replace';
  private modeInputs: Record<'add' | 'replace', HTMLInputElement>;
  private lastTable: { columns: string[]; rows: JsonValue[][] } | null = null;
  /** Whether the table shows each cell's raw JSON instead of its reading; kept across runs. */
  private raw = false;
  private runSeq = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly deps: ConsoleDeps,
  ) {
    const editorHost = h('div', { class: 'editor', id: 'cypher-editor' });
    this.params = h('textarea', {
      id: 'cypher-params',
      rows: 3,
      spellcheck: 'false',
      placeholder: '{"id": "org:scale-ai"}',
    });
    this.params.value = '{}';
    this.output = h('div', {
      class: 'console-output',
      id: 'console-output',
      'aria-live': 'polite',
    });
    this.historySelect = h('select', { id: 'cypher-history', 'aria-label': 'Query history' });
    this.historySelect.addEventListener('change', () => {
      const entry = loadHistory()[Number(this.historySelect.value)];
      if (entry) {
        this.setQuery(entry.query, entry.params);
        this.view.focus();
      }
      this.historySelect.value = '';
    });
    this.namedList = h('div', { class: 'named', role: 'group', 'aria-label': 'Named queries' });
    const modeRadio = (value: 'add' | 'replace') => {
      const input = h('input', {
        type: 'radio',
        name: 'result-mode',
        id: `mode-${value}`,
        value,
        checked: value === this.mode,
      });
      input.addEventListener('change', () => {
        if (input.checked) this.mode = value;
      });
      return input;
    };
    this.modeInputs = { add: modeRadio('add'), replace: modeRadio('replace') };

    replaceChildren(
      root,
      h(
        'div',
        { class: 'console-left' },
        h('div', { class: 'console-bar' }, h('h2', {}, 'Cypher'), this.namedList),
        editorHost,
        h(
          'div',
          { class: 'console-controls' },
          h(
            'div',
            { class: 'params-wrap' },
            h('label', { for: 'cypher-params' }, 'Parameters (JSON)'),
            this.params,
          ),
          h(
            'div',
            { class: 'run-wrap' },
            h(
              'button',
              {
                type: 'button',
                id: 'cypher-run',
                class: 'primary',
                title: 'Run (Ctrl+Enter / Cmd+Enter)',
                onclick: () => void this.run(),
              },
              'Run ▶',
            ),
            h(
              'fieldset',
              { class: 'mode' },
              h('legend', {}, 'Graph result'),
              h(
                'span',
                {},
                this.modeInputs.replace,
                h('label', { for: 'mode-replace' }, 'Replace'),
              ),
              h('span', {}, this.modeInputs.add, h('label', { for: 'mode-add' }, 'Add')),
            ),
            this.historySelect,
          ),
        ),
      ),
      h('div', { class: 'console-right' }, this.output),
    );

    const runKey: Extension = Prec.highest(
      keymap.of([
        {
          key: 'Mod-Enter',
          run: () => {
            void this.run();
            return true;
          },
        },
      ]),
    );
    // The typings say EditorApi, but the function returns `{ editor: EditorApi }`.
    const { editor } = createCypherEditor(editorHost, {
      value: 'MATCH (o:Organization)-[r:OWNS]->(t)\nRETURN o, r, t',
      autofocus: false,
      lineNumbers: true,
      theme: 'light',
      preExtensions: [
        runKey,
        EditorView.lineWrapping,
        // tabindex: the editing area counts as focusable for the scroller around it (axe).
        EditorView.contentAttributes.of({ 'aria-label': 'Cypher query', tabindex: '0' }),
      ],
    }) as unknown as { editor: EditorApi };
    this.editor = editor;
    this.view = editor.codemirror as EditorView;
    this.renderHistory();
    this.params.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        void this.run();
      }
    });
    replaceChildren(this.output, h('p', { class: 'muted' }, 'Run a query: Ctrl+Enter.'));
  }

  /** Loads the schema for autocompletion and the named queries; failures leave the console usable. */
  async init(): Promise<void> {
    const [schema, queries] = await Promise.allSettled([this.deps.schema(), this.deps.queries()]);
    if (schema.status === 'fulfilled') {
      this.editor.setSchema(editorSchema(schema.value));
      this.root.dataset.schema = 'loaded';
    }
    if (queries.status === 'fulfilled') this.renderNamed(queries.value);
    else replaceChildren(this.namedList, h('span', { class: 'muted' }, 'No named queries'));
  }

  query(): string {
    return this.view.state.doc.toString();
  }

  setQuery(query: string, params = '{}', mode?: 'add' | 'replace'): void {
    this.editor.setValue(query);
    this.params.value = params;
    if (mode) {
      this.mode = mode;
      this.modeInputs[mode].checked = true;
    }
  }

  focus(): void {
    this.view.focus();
  }

  private parseParams(): Record<string, JsonValue> | null {
    const text = this.params.value.trim() || '{}';
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, JsonValue>;
    } catch {
      // fall through
    }
    this.showError('Parameters must be a JSON object, e.g. {"id": "org:scale-ai"}.', 'PARAMS');
    this.params.focus();
    return null;
  }

  async run(): Promise<void> {
    const query = this.query();
    if (!query.trim()) return;
    const params = this.parseParams();
    if (!params) return;
    const paramsText = this.params.value.trim() || '{}';
    const entries = loadHistory().filter((e) => e.query !== query || e.params !== paramsText);
    saveHistory([{ query, params: paramsText, ranAt: new Date().toISOString() }, ...entries]);
    this.renderHistory();
    await this.execute(() => this.deps.cypher(query, params), { query, params: paramsText });
  }

  async runNamed(name: string, title = name): Promise<void> {
    const params = this.parseParams();
    if (!params) return;
    await this.execute(() => this.deps.runNamed(name, params), null, title);
  }

  private async execute(
    call: () => Promise<QueryResult>,
    state: { query: string; params: string } | null,
    title?: string,
  ): Promise<void> {
    const mine = ++this.runSeq;
    this.view.dispatch(setDiagnostics(this.view.state, []));
    replaceChildren(this.output, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Running…'));
    try {
      const result = await call();
      if (mine !== this.runSeq) return;
      this.render(result, title);
      const graph = result.graph;
      if (graph && (graph.nodes.length || graph.edges.length))
        this.deps.showGraph(graph, this.mode);
      this.deps.onRan(state ? { ...state, mode: this.mode } : null);
    } catch (err) {
      if (mine !== this.runSeq) return;
      if (err instanceof ApiError) {
        this.showError(err.message, err.code, err.status, err.position);
        if (err.position) this.markError(err.position, err.message);
      } else {
        this.showError((err as Error).message, 'NETWORK');
      }
    }
  }

  /** Underlines the error in the editor and puts the cursor there. */
  private markError(pos: ErrorPosition, message: string): void {
    const doc = this.view.state.doc;
    let from: number;
    if (typeof pos.offset === 'number') from = pos.offset;
    else {
      const line = doc.line(Math.min(Math.max(1, pos.line), doc.lines));
      from = line.from + Math.max(0, pos.column - 1);
    }
    from = Math.min(Math.max(0, from), doc.length);
    const lineEnd = doc.lineAt(from).to;
    const wordEnd = /^\w+/.exec(doc.sliceString(from, lineEnd))?.[0].length ?? 1;
    const to = Math.min(from + Math.max(1, wordEnd), doc.length);
    this.view.dispatch(
      setDiagnostics(this.view.state, [
        { from, to: Math.max(to, from), severity: 'error', message, source: 'Neo4j' },
      ]),
      { selection: EditorSelection.cursor(from), scrollIntoView: true },
    );
  }

  private showError(message: string, code: string, status?: number, pos?: ErrorPosition): void {
    const refused = status === 403;
    replaceChildren(
      this.output,
      h(
        'div',
        { class: refused ? 'error refused' : 'error', role: 'alert', id: 'console-error' },
        h(
          'strong',
          {},
          refused
            ? 'Refused'
            : status === 400
              ? 'Syntax error'
              : `Error${status ? ` ${status}` : ''}`,
        ),
        pos ? h('span', { class: 'pos' }, ` at line ${pos.line}, column ${pos.column}`) : null,
        h('p', {}, message),
        h('p', { class: 'muted' }, h('code', {}, code)),
      ),
    );
  }

  private render(result: QueryResult, title?: string): void {
    const columns = result.columns ?? [];
    const rows = rowsAsArrays(columns, result.rows ?? []);
    this.lastTable = { columns, rows };
    const graph = result.graph;
    const g = graph ? `${graph.nodes.length} nodes, ${graph.edges.length} relationships` : null;
    const ctx: CellContext = { graph, select: (id) => this.deps.select(id, graph) };
    const tbody = h('tbody', {});
    const fill = () =>
      replaceChildren(
        tbody,
        ...rows.map((r) =>
          h('tr', {}, ...r.map((c) => (this.raw ? rawCell(c) : resultCell(c, ctx)))),
        ),
      );
    fill();
    const rawToggle = h(
      'button',
      {
        type: 'button',
        id: 'result-raw',
        'aria-pressed': String(this.raw),
        title: 'Show each cell as the JSON the server sent',
        disabled: !rows.length,
      },
      'Raw JSON',
    );
    rawToggle.addEventListener('click', () => {
      this.raw = !this.raw;
      rawToggle.setAttribute('aria-pressed', String(this.raw));
      fill();
    });
    replaceChildren(
      this.output,
      h(
        'div',
        { class: 'result-head' },
        title ? h('strong', {}, title) : null,
        h('span', { id: 'result-count' }, `${rows.length} row${rows.length === 1 ? '' : 's'}`),
        typeof result.summary?.resultAvailableAfterMs === 'number'
          ? h(
              'span',
              { class: 'muted' },
              ` · ${result.summary.resultAvailableAfterMs + (result.summary.resultConsumedAfterMs ?? 0)} ms`,
            )
          : null,
        g && graph?.nodes.length
          ? h(
              'span',
              {},
              ` · graph: ${g} ${this.mode === 'replace' ? 'replaced the canvas' : 'added to the canvas'}`,
            )
          : null,
        h(
          'span',
          { class: 'result-actions' },
          rawToggle,
          h(
            'button',
            {
              type: 'button',
              id: 'export-csv',
              disabled: !rows.length,
              onclick: () =>
                this.lastTable &&
                exportCsv(
                  this.lastTable.columns,
                  this.lastTable.rows.map((r) => r.map((c) => csvText(c, graph))),
                ),
            },
            'CSV',
          ),
        ),
      ),
      result.truncated
        ? h(
            'p',
            { class: 'truncated', role: 'alert', id: 'result-truncated' },
            `Truncated${result.truncatedBy === 'bytes' ? ' (response size cap)' : result.truncatedBy === 'rows' ? ' (row cap)' : ''}: only the first ${rows.length} rows are shown. Add a LIMIT or narrow the query.`,
          )
        : null,
      columns.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'results', id: 'result-table' },
              h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
              tbody,
            ),
          )
        : h('p', { class: 'muted' }, 'No columns returned.'),
    );
  }

  private renderHistory(): void {
    const entries = loadHistory();
    replaceChildren(
      this.historySelect,
      h('option', { value: '' }, `History (${entries.length})`),
      ...entries.map((e, i) =>
        h('option', { value: i }, e.query.replace(/\s+/g, ' ').slice(0, 70)),
      ),
    );
    this.historySelect.value = '';
  }

  private renderNamed(queries: NamedQuery[]): void {
    if (!queries.length) {
      replaceChildren(this.namedList, h('span', { class: 'muted' }, 'No named queries'));
      return;
    }
    replaceChildren(
      this.namedList,
      ...queries.map((q) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            title: `${q.description ?? q.name}${paramHelp(q)}`,
            'data-query': q.name,
            onclick: () => void this.clickNamed(q),
          },
          q.title ?? q.name,
        ),
      ),
    );
  }

  /**
   * One click runs a named query: its parameters come from what is in the box (when it names
   * them), then defaults, then the focused entity and path ends for entity parameters. When a
   * required one is still missing, the box shows what to fill in instead.
   */
  private async clickNamed(q: NamedQuery): Promise<void> {
    let box: Record<string, JsonValue> = {};
    try {
      const v = JSON.parse(this.params.value || '{}') as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) box = v as Record<string, JsonValue>;
    } catch {
      // replaced below
    }
    const candidates = [...new Set(this.deps.entityCandidates())];
    const params: Record<string, JsonValue> = {};
    const missing: string[] = [];
    for (const p of q.params ?? []) {
      if (p.name in box && box[p.name] !== '') params[p.name] = box[p.name];
      else if (p.default !== undefined) params[p.name] = p.default;
      else if (p.type === 'entityId' && candidates.length) params[p.name] = candidates.shift()!;
      else if (p.required) {
        params[p.name] = '';
        missing.push(p.name);
      }
    }
    this.params.value = JSON.stringify(params);
    if (missing.length) {
      this.showError(
        `Fill in ${missing.join(', ')} in the parameters, then click "${q.title ?? q.name}" again.${paramHelp(q)}`,
        'PARAMS',
      );
      this.params.focus();
      return;
    }
    await this.runNamed(q.name, q.title ?? q.name);
  }
}

function paramHelp(q: NamedQuery): string {
  const ps = q.params ?? [];
  if (!ps.length) return '';
  return `\nParameters: ${ps
    .map(
      (p) =>
        `${p.name}${p.required ? '' : '?'} (${p.type}${p.description ? ` — ${p.description}` : ''})`,
    )
    .join('; ')}`;
}

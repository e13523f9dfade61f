import type { EdgeSingular, NodeSingular, SingularElementArgument } from 'cytoscape';
import type { EntityDetails, JsonValue, RelationshipCount } from './api';
import { h, pct, replaceChildren } from './dom';
import { stakeLabel } from './elements';
import { KIND_STYLE, FAMILY_STYLE, iconUri, type StyledKind } from './style';

export interface InspectorActions {
  loadDetails(id: string): Promise<EntityDetails>;
  expand(id: string): void;
  collapse(id: string): void;
  hide(id: string): void;
  ownership(id: string): void;
  beneficialOwners(id: string): void;
  /** Opens the timeline (Gantt) of the entity's relationships. */
  timeline(id: string): void;
  pathEnd(end: 'from' | 'to', id: string, name: string): void;
  focus(id: string): void;
  nameOf(id: string): string;
  /** The editing UI's buttons and the element's history (edit-workspace.ts). */
  workspace?(el: SingularElementArgument): {
    actions: HTMLElement | null;
    history: HTMLElement | null;
  };
}

// nameKeys: duplicate detection's keys; mergedFrom: shown with its Unmerge buttons.
const HIDDEN_KEYS = new Set(['name', 'id', 'nameKeys', 'mergedFrom']);
/** Who wrote it, when, and its version: the History section says it (edit-workspace.ts). */
const WRITE_KEYS = ['version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'];

/** A value as display text; objects as compact JSON. Always text, never markup. */
export function display(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v);
}

function propTable(props: Record<string, JsonValue>, skip: Set<string>): HTMLElement | null {
  const keys = Object.keys(props)
    .filter((k) => !skip.has(k))
    .sort();
  if (!keys.length) return null;
  return h(
    'dl',
    { class: 'props' },
    keys.flatMap((k) => [h('dt', {}, k), h('dd', {}, display(props[k]))]),
  );
}

function dates(props: Record<string, JsonValue>): HTMLElement | null {
  const since = props.since;
  const until = props.until;
  if (!since && !until) return null;
  const text = `${since ? `from ${display(since)}` : 'until'}${until ? `${since ? ' until ' : ' '}${display(until)}` : ' (ongoing)'}`;
  return h('p', { class: 'dates' }, text);
}

export class Inspector {
  private current: string | null = null;
  /** Told when the panel opens or closes (the canvas keeps fits clear of it). */
  onToggle: (open: boolean) => void = () => undefined;
  /** Told when an element is shown, with the panel to add sections to (notes: client/src/notes.ts). */
  onShown: (id: string, root: HTMLElement) => void = () => undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: InspectorActions,
  ) {}

  get shownId(): string | null {
    return this.current;
  }

  show(el: SingularElementArgument | null): void {
    if (!el || el.removed() || el.hasClass('more')) {
      this.current = null;
      this.root.hidden = true;
      replaceChildren(this.root);
      this.onToggle(false);
      return;
    }
    this.current = el.id();
    this.root.hidden = false;
    this.onToggle(true);
    if (el.isNode()) this.node(el);
    else this.edge(el as EdgeSingular);
    this.onShown(this.current, this.root);
  }

  /** Extra content (the ownership view) below the inspector's own. */
  append(section: HTMLElement): void {
    this.root.querySelector('.extra')?.replaceChildren(section);
  }

  private header(title: string, sub: HTMLElement): HTMLElement {
    return h(
      'div',
      { class: 'inspector-head' },
      h('h2', { id: 'inspector-title' }, title),
      sub,
      h(
        'button',
        {
          type: 'button',
          class: 'close',
          'aria-label': 'Close inspector',
          onclick: () => this.show(null),
        },
        '×',
      ),
    );
  }

  private node(n: NodeSingular): void {
    const id = n.id();
    const kind = (n.data('kind') ?? 'Other') as StyledKind;
    const style = KIND_STYLE[kind] ?? KIND_STYLE.Other;
    const props = (n.data('properties') ?? {}) as Record<string, JsonValue>;
    const name = String(n.data('name') ?? props.name ?? id);
    const details = h('div', { class: 'details', 'aria-busy': 'true' }, 'Loading details…');
    const btn = (label: string, fn: () => void, title?: string) =>
      h('button', { type: 'button', onclick: fn, title }, label);
    const ws = this.actions.workspace?.(n);
    replaceChildren(
      this.root,
      this.header(
        name,
        h(
          'p',
          { class: 'kind-line' },
          h('img', {
            class: 'kind-dot',
            alt: '',
            src: iconUri(kind),
            style: `background:${style.color}`,
          }),
          h('span', {}, style.label),
          h('code', {}, id),
        ),
      ),
      h(
        'div',
        { class: 'btn-row', role: 'group', 'aria-label': 'Entity actions' },
        btn('Expand', () => this.actions.expand(id), 'Load neighbours (double-click)'),
        btn('Collapse', () => this.actions.collapse(id)),
        btn('Hide', () => this.actions.hide(id)),
        btn('Ownership', () => this.actions.ownership(id), 'Owners and holdings'),
        btn(
          'Beneficial owners',
          () => this.actions.beneficialOwners(id),
          'Persons, states and unknown owners above a threshold',
        ),
        btn('Timeline', () => this.actions.timeline(id), 'Relationships over time'),
      ),
      h(
        'div',
        { class: 'btn-row', role: 'group', 'aria-label': 'Path finder ends' },
        btn('Path from here', () => this.actions.pathEnd('from', id, name)),
        btn('Path to here', () => this.actions.pathEnd('to', id, name)),
      ),
      ws?.actions,
      typeof props.description === 'string' ? h('p', { class: 'desc' }, props.description) : null,
      h('h3', {}, 'Properties'),
      propTable(props, new Set([...HIDDEN_KEYS, ...WRITE_KEYS, 'description'])) ??
        h('p', {}, 'None'),
      details,
      ws?.history,
      h('div', { class: 'extra' }),
    );
    this.actions
      .loadDetails(id)
      .then((d) => {
        if (this.current !== id) return;
        replaceChildren(details, ...this.detailSections(d));
        details.removeAttribute('aria-busy');
      })
      .catch(() => {
        if (this.current !== id) return;
        replaceChildren(details, h('p', { class: 'muted' }, 'No details from the server.'));
        details.removeAttribute('aria-busy');
      });
  }

  private detailSections(d: EntityDetails): HTMLElement[] {
    const out: HTMLElement[] = [];
    const rel = d.relationships;
    if (rel) {
      const rows = (list: RelationshipCount[], key: 'family' | 'type') =>
        list.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, display(r[key] ?? 'other')),
            h('td', { class: 'num' }, String(r.in)),
            h('td', { class: 'num' }, String(r.out)),
            h('td', { class: 'num' }, String(r.total)),
          ),
        );
      const head = (first: string) =>
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, first),
            h('th', { scope: 'col', class: 'num' }, 'in'),
            h('th', { scope: 'col', class: 'num' }, 'out'),
            h('th', { scope: 'col', class: 'num' }, 'all'),
          ),
        );
      out.push(
        h('h3', {}, `Relationships (${rel.total})`),
        h(
          'table',
          { class: 'mini counts' },
          head('Family'),
          h('tbody', {}, ...rows(rel.byFamily ?? [], 'family')),
        ),
        h(
          'table',
          { class: 'mini counts' },
          head('Type'),
          h('tbody', {}, ...rows(rel.byType ?? [], 'type')),
        ),
      );
    }
    const sources = d.sources ?? [];
    if (sources.length) {
      out.push(
        h('h3', {}, 'Sources'),
        h(
          'ul',
          { class: 'sources' },
          ...sources.map((src) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: 'link', onclick: () => this.actions.focus(src.id) },
                display(src.name ?? src.id),
              ),
              typeof src.relationships === 'number'
                ? h('span', { class: 'muted' }, ` · ${src.relationships} relationship(s)`)
                : null,
            ),
          ),
        ),
      );
    }
    return out;
  }

  private edge(e: EdgeSingular): void {
    const props = (e.data('properties') ?? {}) as Record<string, JsonValue>;
    const family = e.data('family') as keyof typeof FAMILY_STYLE | 'other';
    const fam = family !== 'other' ? FAMILY_STYLE[family] : null;
    const endLink = (id: string) =>
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => this.actions.focus(id) },
        this.actions.nameOf(id),
      );
    const source = typeof props.source === 'string' ? props.source : null;
    const ws = this.actions.workspace?.(e);
    replaceChildren(
      this.root,
      this.header(
        String(e.data('type')),
        h('p', { class: 'kind-line' }, h('span', {}, fam ? fam.label : 'Relationship')),
      ),
      h('p', { class: 'ends' }, endLink(e.source().id()), ' → ', endLink(e.target().id())),
      ws?.actions,
      family === 'ownership' || family === 'control'
        ? h('p', { class: 'stake' }, 'Stake: ', h('strong', {}, stakeLabel(props) || pct(null)))
        : null,
      dates(props),
      h('h3', {}, 'Provenance'),
      h(
        'dl',
        { class: 'props provenance' },
        h('dt', {}, 'source'),
        h(
          'dd',
          {},
          source
            ? h(
                'button',
                { type: 'button', class: 'link', onclick: () => this.actions.focus(source) },
                this.actions.nameOf(source),
              )
            : '—',
        ),
        h('dt', {}, 'evidence'),
        h('dd', {}, display(props.evidence)),
        h('dt', {}, 'confidence'),
        h('dd', {}, typeof props.confidence === 'number' ? pct(props.confidence) : '—'),
      ),
      h('h3', {}, 'Properties'),
      propTable(
        props,
        new Set(['source', 'evidence', 'confidence', 'since', 'until', ...WRITE_KEYS]),
      ) ?? h('p', {}, 'None'),
      h('p', { class: 'muted' }, h('code', {}, e.id())),
      ws?.history,
    );
  }
}

import type { Core } from 'cytoscape';
import { analystApi, type GraphDiff } from './analyst-api';
import type { GraphPayload } from './api';
import { h, replaceChildren } from './dom';

export interface CompareHost {
  cy: Core;
  /** Replaces the canvas with a payload and lays it out. */
  show(graph: GraphPayload): Promise<void>;
  /** Selects an element on the canvas and brings it into view. */
  select(id: string): void;
  /** Leaves compare mode: the explorer's own view comes back. */
  restore(): Promise<void>;
  nameOf(id: string): string;
}

const CHANGE_TEXT = { added: 'added', removed: 'removed', changed: 'changed' } as const;
const EVENT_TEXT: Record<string, string> = {
  began: 'began',
  ended: 'ended',
  'began-and-ended': 'began and ended',
  founded: 'founded',
  dissolved: 'dissolved',
  occurred: 'occurred',
};
const DIFF_CLASSES = 'diff-added diff-removed diff-changed diff-context';

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' && v >= 0 && v <= 1 && !Number.isInteger(v))
    return `${+(v * 100).toFixed(2)}%`;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Compare mode: two dates (or two instants, in record time), the canvas showing what changed —
 * added green and solid, removed red and dashed, changed amber and dotted — and the list of
 * changes beside it; a click (or Enter) on an item selects it on the canvas.
 */
export class CompareMode {
  private readonly fromInput = h('input', {
    type: 'date',
    id: 'compare-from',
    value: '2025-01-01',
  });
  private readonly toInput = h('input', { type: 'date', id: 'compare-to', value: '2025-12-31' });
  private readonly recorded = h('input', { type: 'checkbox', id: 'compare-recorded' });
  private readonly exitBtn = h(
    'button',
    { type: 'button', id: 'compare-exit', disabled: true },
    'Exit compare',
  );
  private readonly summary = h('p', {
    class: 'compare-summary',
    role: 'status',
    'aria-live': 'polite',
  });
  private readonly list = h('ul', {
    class: 'compare-list',
    id: 'compare-list',
    'aria-label': 'Changes',
  });
  active: { from: string; to: string; recorded: boolean } | null = null;

  constructor(
    root: HTMLElement,
    private readonly host: CompareHost,
  ) {
    const form = h(
      'form',
      {
        class: 'compare-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.run();
        },
      },
      h('label', { for: 'compare-from' }, 'From'),
      this.fromInput,
      h('label', { for: 'compare-to' }, 'To'),
      this.toInput,
      h('label', { class: 'compare-recorded' }, this.recorded, ' As recorded (edits and imports)'),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', id: 'compare-run' }, 'Compare'),
        this.exitBtn,
      ),
    );
    this.exitBtn.addEventListener('click', () => void this.exit());
    root.append(form, this.summary, this.list);
  }

  async run(opts?: { from: string; to: string; recorded: boolean }): Promise<void> {
    if (opts) {
      this.fromInput.value = opts.from;
      this.toInput.value = opts.to;
      this.recorded.checked = opts.recorded;
    }
    const from = this.fromInput.value;
    const to = this.toInput.value;
    if (!from || !to) {
      this.summary.textContent = 'Pick both dates.';
      return;
    }
    this.summary.textContent = 'Comparing…';
    let diff: GraphDiff;
    try {
      diff = await analystApi.diff(from, to, this.recorded.checked);
    } catch (err) {
      this.summary.textContent = (err as Error).message;
      return;
    }
    this.active = { from, to, recorded: this.recorded.checked };
    await this.host.show({ nodes: diff.nodes, edges: diff.edges });
    const cy = this.host.cy;
    cy.elements().removeClass(DIFF_CLASSES);
    for (const el of [...diff.nodes, ...diff.edges]) {
      cy.getElementById(el.id).addClass(el.change ? `diff-${el.change}` : 'diff-context');
    }
    this.exitBtn.disabled = false;
    const c = diff.counts;
    this.summary.textContent = `${from} → ${to}${this.active.recorded ? ' (as recorded)' : ''}: ${c.added} added, ${c.removed} removed, ${c.changed} changed${diff.truncated ? ` — only the first ${diff.limit} listed` : ''}`;
    this.renderList(diff);
  }

  private renderList(diff: GraphDiff): void {
    const items = [...diff.edges, ...diff.nodes]
      .filter((x) => x.change)
      .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.id.localeCompare(b.id));
    replaceChildren(
      this.list,
      items.map((x) => {
        const label =
          'source' in x
            ? `${this.host.nameOf(x.source)} ${x.type} ${this.host.nameOf(x.target)}`
            : String(x.properties.name ?? x.id);
        // A date boundary reads as what happened; other changes as field: before → after.
        const event = x.reason && x.reason in EVENT_TEXT ? EVENT_TEXT[x.reason] : null;
        const fields = event
          ? ''
          : Object.entries(x.changes ?? {})
              .map(([k, v]) => `${k}: ${fmt(v.from)} → ${fmt(v.to)}`)
              .join('; ');
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: `compare-item diff-${x.change!}`,
              'data-id': x.id,
              onclick: () => this.host.select(x.id),
            },
            h('span', { class: 'compare-badge' }, CHANGE_TEXT[x.change!]),
            h(
              'span',
              { class: 'compare-when' },
              `${event ?? ''} ${x.at ? x.at.slice(0, 10) : ''}`.trim(),
            ),
            h('span', { class: 'compare-label' }, label),
            fields ? h('span', { class: 'compare-fields' }, fields) : null,
          ),
        );
      }),
    );
    if (!items.length)
      this.list.append(h('li', { class: 'empty' }, 'Nothing changed between these dates.'));
  }

  async exit(): Promise<void> {
    if (!this.active) return;
    this.active = null;
    this.host.cy.elements().removeClass(DIFF_CLASSES);
    replaceChildren(this.list, []);
    this.summary.textContent = '';
    this.exitBtn.disabled = true;
    await this.host.restore();
  }
}

import type { Family, GraphEdge, GraphNode, JsonValue, NeighborsPayload } from './api';
import { FAMILIES } from './api';
import { h, replaceChildren } from './dom';
import { nameOf } from './elements';
import { FAMILY_STYLE } from './style';

const DAY = 86_400_000;

export interface GanttDeps {
  /** The entity's relationships (all families, all dates). */
  load(id: string): Promise<NeighborsPayload>;
  /** A bar was clicked: bring the relationship onto the canvas and select it. */
  select(edge: GraphEdge, other: GraphNode | undefined): void;
  /** Told when the panel opens or closes. */
  onToggle?(open: boolean): void;
}

export interface GanttRow {
  edge: GraphEdge;
  other: GraphNode | undefined;
  family: Family | 'other';
  /** Bar span in days since the epoch; open ends are null. */
  start: number | null;
  end: number | null;
  /** An event's own date (a milestone) when the relationship has no dates of its own. */
  milestone: number | null;
}

const day = (v: JsonValue | undefined): number | null => {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(`${v.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
};

/** One row per relationship of `id`, with its dates (and its event's date for event links). */
export function ganttRows(id: string, payload: NeighborsPayload): GanttRow[] {
  const nodes = new Map(payload.nodes.map((n) => [n.id, n]));
  // An event's own undated links (who took part, which source reported it) sit on its date.
  const self = nodes.get(id);
  const ownDate = self?.labels.includes('Event') ? day(self.properties.date) : null;
  return payload.edges
    .filter((e) => e.source === id || e.target === id)
    .map((edge) => {
      const other = nodes.get(edge.source === id ? edge.target : edge.source);
      const start = day(edge.properties.since);
      const end = day(edge.properties.until);
      const eventDate = other?.labels.includes('Event') ? day(other.properties.date) : null;
      return {
        edge,
        other,
        family: edge.family ?? 'other',
        start,
        end,
        milestone:
          start === null && end === null
            ? (eventDate ?? day(edge.properties.date) ?? ownDate)
            : null,
      };
    });
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The timeline (Gantt) of an entity's relationships: one bar per relationship from `since` to
 * `until`, grouped by family; open ends fade out, event links are diamonds on the event's date,
 * an event's own date is a line across. Clicking a row selects the relationship on the canvas.
 */
export function gantt(root: HTMLElement, deps: GanttDeps) {
  let shownId: string | null = null;
  /** Where the keyboard focus was when the panel opened: it goes back there on close. */
  let opener: HTMLElement | null = null;
  const close = () => {
    const hadFocus = root.contains(document.activeElement);
    shownId = null;
    root.hidden = true;
    replaceChildren(root);
    deps.onToggle?.(false);
    if (hadFocus && opener?.isConnected) opener.focus();
  };
  root.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    ev.stopPropagation(); // the page's Escape would also close the inspector
    close();
  });

  async function show(entity: GraphNode): Promise<void> {
    shownId = entity.id;
    root.hidden = false;
    deps.onToggle?.(true);
    const title = h('h2', { id: 'gantt-title', tabindex: -1 }, `Timeline · ${nameOf(entity)}`);
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const closeBtn = h(
      'button',
      { type: 'button', class: 'close', 'aria-label': 'Close timeline', onclick: close },
      '×',
    );
    replaceChildren(
      root,
      h('div', { class: 'gantt-head' }, title, closeBtn),
      h('p', { class: 'hint' }, 'Loading…'),
    );
    let payload: NeighborsPayload;
    try {
      payload = await deps.load(entity.id);
    } catch (err) {
      if (shownId !== entity.id) return;
      replaceChildren(
        root,
        h('div', { class: 'gantt-head' }, title, closeBtn),
        h(
          'p',
          { class: 'error', role: 'alert' },
          `Could not load the relationships: ${(err as Error).message}`,
        ),
      );
      return;
    }
    if (shownId !== entity.id) return;
    const rows = ganttRows(entity.id, payload);
    const ownDate = entity.labels.includes('Event') ? day(entity.properties.date) : null;
    const known = rows
      .flatMap((r) => [r.start, r.end, r.milestone])
      .filter((x): x is number => x !== null);
    if (ownDate !== null) known.push(ownDate);
    const today = Date.now();
    const lo = known.length ? Math.min(...known) : today - 365 * DAY;
    const hiData = known.length ? Math.max(...known) : today;
    // A margin either side, so open ends and milestones at the edges stay visible.
    const pad = Math.max(30 * DAY, (hiData - lo) * 0.08);
    const from = lo - pad;
    const to = Math.max(hiData + pad, Math.min(today, hiData + 365 * DAY));
    const pos = (ms: number) => `${(((ms - from) / (to - from)) * 100).toFixed(2)}%`;

    const axis = h(
      'div',
      { class: 'gantt-axis', 'aria-hidden': 'true' },
      ticks(from, to).map((t) => h('span', { class: 'tick', style: `left:${pos(t.ms)}` }, t.label)),
    );
    const overlays = [
      ownDate !== null
        ? h('div', {
            class: 'gantt-line own',
            style: `left:${pos(ownDate)}`,
            title: `Event date ${iso(ownDate)}`,
          })
        : null,
      today <= to
        ? h('div', { class: 'gantt-line today', style: `left:${pos(today)}`, title: 'Today' })
        : null,
    ];
    const groups = [...FAMILIES, 'other' as const]
      .map((family) => ({ family, rows: rows.filter((r) => r.family === family) }))
      .filter((g) => g.rows.length)
      .map(({ family, rows: fr }) => {
        const style = family === 'other' ? null : FAMILY_STYLE[family];
        const color = style?.color ?? '#6b7280';
        // Dated rows first, in time order; undated ones after.
        // Dated rows in time order (an unknown start first), undated ones last.
        const key = (r: GanttRow) =>
          r.start ??
          r.milestone ??
          (r.end !== null ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
        fr.sort((a, b) => key(a) - key(b));
        return h(
          'section',
          { class: 'gantt-group', 'data-family': family, 'aria-label': style?.label ?? 'Other' },
          h('h3', {}, `${style?.label ?? 'Other'} (${fr.length})`),
          h(
            'ul',
            {},
            fr.map((r) => {
              const otherName = r.other ? nameOf(r.other) : '?';
              const dir = r.edge.source === entity.id ? '→' : '←';
              const span =
                r.milestone !== null
                  ? `on ${iso(r.milestone)}`
                  : r.start === null && r.end === null
                    ? 'dates unknown'
                    : `${r.start !== null ? iso(r.start) : 'unknown start'} – ${r.end !== null ? iso(r.end) : 'ongoing'}`;
              let mark: HTMLElement;
              if (r.milestone !== null) {
                mark = h('span', {
                  class: 'milestone',
                  style: `left:${pos(r.milestone)};background:${color}`,
                });
              } else if (r.start === null && r.end === null) {
                // No bar: a full-width box would read as "all the time".
                mark = h('span', { class: 'undated' }, 'no dates recorded');
              } else {
                const a = r.start ?? from;
                const b = r.end ?? to;
                mark = h('span', {
                  class: `bar${r.start === null ? ' open-start' : ''}${r.end === null ? ' open-end' : ''}`,
                  style: `left:${pos(a)};width:calc(${pos(b)} - ${pos(a)});--bar:${color}`,
                });
              }
              return h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'gantt-row',
                    'data-edge': r.edge.id,
                    title: `${r.edge.type} ${dir} ${otherName}: ${span}`,
                    onclick: () => deps.select(r.edge, r.other),
                  },
                  h(
                    'span',
                    { class: 'gantt-label' },
                    h('span', { class: 'type' }, r.edge.type),
                    ` ${dir} ${otherName}`,
                  ),
                  h('span', { class: 'gantt-track' }, mark),
                  h('span', { class: 'sr-only' }, `, ${span}`),
                ),
              );
            }),
          ),
        );
      });
    replaceChildren(
      root,
      h('div', { class: 'gantt-head' }, title, closeBtn),
      rows.length
        ? h(
            'div',
            { class: 'gantt-body' },
            axis,
            h('div', { class: 'gantt-overlay' }, overlays),
            groups,
          )
        : h('p', { class: 'hint' }, 'No relationships.'),
    );
    title.focus({ preventScroll: true }); // keyboard users land in the panel
  }

  return { show, close, shownId: () => shownId };
}

/** Axis ticks on month starts, 1, 2, 3, 6 or 12 months apart: at most about seven labels. */
function ticks(from: number, to: number): { ms: number; label: string }[] {
  const months = (to - from) / (30.44 * DAY);
  const every = [1, 2, 3, 6, 12, 24, 60].find((n) => months / n <= 7) ?? 120;
  const out: { ms: number; label: string }[] = [];
  const d = new Date(from);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % Math.min(every, 12)) + Math.min(every, 12));
  while (d.getTime() < to) {
    const ms = d.getTime();
    out.push({ ms, label: every >= 12 ? String(d.getUTCFullYear()) : iso(ms).slice(0, 7) });
    d.setUTCMonth(d.getUTCMonth() + every);
  }
  return out;
}

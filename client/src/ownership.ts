import type { OwnershipRow, OwnershipView } from './api';
import { h, pct } from './dom';
import { display } from './inspector';

export interface OwnershipDeps {
  load(id: string): Promise<OwnershipView>;
  focus(id: string): void;
  /** Highlights the entity, its owners and holdings on the canvas. */
  highlight(ids: string[]): void;
}

function rowName(r: OwnershipRow): string {
  return display(r.name ?? r.id);
}

function stakeOf(r: OwnershipRow, key: 'direct' | 'effective'): unknown {
  const o = r as Record<string, unknown>;
  return key === 'direct'
    ? (o.directStake ?? o.direct ?? o.stake)
    : (o.effectiveStake ?? o.effective ?? null);
}

function table(
  caption: string,
  rows: OwnershipRow[],
  focus: (id: string) => void,
): HTMLTableElement | HTMLParagraphElement {
  if (!rows.length) return h('p', { class: 'muted' }, `${caption}: none known`);
  return h(
    'table',
    { class: 'mini ownership-table' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Entity'),
        h('th', { scope: 'col' }, 'Direct'),
        h('th', { scope: 'col' }, 'Effective'),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          h(
            'td',
            {},
            h('button', { type: 'button', class: 'link', onclick: () => focus(r.id) }, rowName(r)),
          ),
          h('td', { class: 'num' }, stakeOrDash(stakeOf(r, 'direct'))),
          h('td', { class: 'num' }, stakeOrDash(stakeOf(r, 'effective'))),
        ),
      ),
    ),
  );
}

function stakeOrDash(v: unknown): string {
  return v === undefined ? '—' : pct(v);
}

/** Owners and holdings of one entity with direct and effective stakes. */
export async function ownershipSection(id: string, deps: OwnershipDeps): Promise<HTMLElement> {
  try {
    const view = await deps.load(id);
    const owners = Array.isArray(view.owners) ? view.owners : [];
    const holdings = Array.isArray(view.holdings) ? view.holdings : [];
    const ids = [id, ...owners.map((o) => o.id), ...holdings.map((o) => o.id)];
    return h(
      'section',
      { class: 'ownership', 'aria-label': 'Ownership' },
      h('h3', {}, 'Ownership'),
      table('Owners', owners, deps.focus),
      table('Holdings', holdings, deps.focus),
      h(
        'p',
        { class: 'muted' },
        'Effective stake multiplies stakes along each chain; "unknown" when a link has no stake.',
      ),
      h('button', { type: 'button', onclick: () => deps.highlight(ids) }, 'Highlight on canvas'),
    );
  } catch (err) {
    return h(
      'section',
      { class: 'ownership' },
      h('h3', {}, 'Ownership'),
      h('p', { class: 'error' }, `Could not load ownership: ${(err as Error).message}`),
    );
  }
}

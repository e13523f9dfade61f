import type { ControlRow, OwnershipRow, OwnershipView } from './api';
import { h, pct } from './dom';
import { rangeText } from './beneficial-owners';
import { display } from './inspector';

export interface OwnershipDeps {
  load(id: string): Promise<OwnershipView>;
  focus(id: string): void;
  nameOf(id: string): string;
  /** Highlights the entity, its owners and holdings on the canvas. */
  highlight(ids: string[]): void;
}

/** Effective stake: exact, or the range the claims allow ("11.3–30%"); [0, 1] reads unknown. */
function effective(r: OwnershipRow): string {
  if (typeof r.effectiveStake === 'number') return pct(r.effectiveStake);
  const lo = r.effectiveStakeMin ?? r.effectiveStakeAtLeast ?? 0;
  const hi = r.effectiveStakeMax ?? 1;
  if (lo === 0 && hi === 1) return 'unknown';
  return rangeText(lo, hi);
}

function table(
  caption: string,
  rows: OwnershipRow[],
  deps: OwnershipDeps,
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
        h('th', { scope: 'col', class: 'num' }, 'Direct'),
        h('th', { scope: 'col', class: 'num' }, 'Effective'),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) => {
        // Indirect holdings say through whom: the chain's middle entities, by name.
        const via = r.chains
          .map((c) => c.path.slice(1, -1))
          .filter((mid) => mid.length)
          .map((mid) => mid.map((id) => deps.nameOf(id)).join(' → '));
        return h(
          'tr',
          {},
          h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'link', onclick: () => deps.focus(r.id) },
              display(r.name ?? r.id),
            ),
            via.length ? h('div', { class: 'via' }, `via ${[...new Set(via)].join('; ')}`) : null,
            ...(r.declared ?? []).map((d) =>
              h(
                'div',
                { class: 'via' },
                `declared indirect ${rangeText(d.claim.stakeMin, d.claim.stakeMax)}`,
                d.counted
                  ? ' (its chain is not in our data: counted)'
                  : ` (summarises ${d.summarises.map((p) => p.map((x) => deps.nameOf(x)).join(' → ')).join('; ')}: not counted twice)`,
              ),
            ),
          ),
          h(
            'td',
            { class: 'num' },
            r.directStake !== null
              ? pct(r.directStake)
              : typeof r.directStakeMin === 'number' && typeof r.directStakeMax === 'number'
                ? r.directStakeMin === 0 && r.directStakeMax === 1
                  ? 'unknown'
                  : rangeText(r.directStakeMin, r.directStakeMax)
                : !via.length
                  ? 'unknown'
                  : '—',
          ),
          h('td', { class: 'num' }, effective(r)),
        );
      }),
    ),
  );
}

/** Who controls the entity, or what it controls, each with the chain that gives control. */
function controlList(caption: string, rows: ControlRow[], deps: OwnershipDeps): HTMLElement {
  if (!rows.length) return h('p', { class: 'muted' }, `${caption}: none known`);
  return h(
    'div',
    { class: 'control-list' },
    h('h4', {}, caption),
    h(
      'ul',
      {},
      ...rows.map((r) =>
        h(
          'li',
          { 'data-id': r.id },
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => deps.focus(r.id) },
            display(r.name ?? r.id),
          ),
          ' ',
          h('span', { class: 'badge' }, r.certain ? 'controls' : 'may control'),
          r.chains[0] && r.chains[0].path.length > 2
            ? h(
                'div',
                { class: 'via' },
                `via ${r.chains[0].path
                  .slice(1, -1)
                  .map((x) => deps.nameOf(x))
                  .join(' → ')}`,
              )
            : null,
        ),
      ),
    ),
  );
}

/** Owners and holdings of one entity with direct and effective stakes. */
export async function ownershipSection(id: string, deps: OwnershipDeps): Promise<HTMLElement> {
  try {
    const view = await deps.load(id);
    const ids = [id, ...view.owners.map((o) => o.id), ...view.holdings.map((o) => o.id)];
    return h(
      'section',
      { class: 'ownership', 'aria-label': 'Ownership' },
      h('h3', {}, 'Ownership'),
      table('Owners', view.owners, deps),
      table('Holdings', view.holdings, deps),
      controlList('Controlled by', view.controllers ?? [], deps),
      controlList('Controls', view.controlled ?? [], deps),
      view.truncated ? h('p', { class: 'truncated' }, 'Truncated: too many chains.') : null,
      h(
        'p',
        { class: 'muted small' },
        'Effective = sum over chains of the product of stakes (ranges multiply bound by bound, capped at 100%); unknown when nothing bounds it.',
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

import { h } from './dom';
import { fieldText, same, type Fields } from './edit-fields';

/**
 * The 409 case: someone saved the element after you read it. Both versions side by side — yours
 * (what you read, with your changes) and the current one — every differing field marked, the
 * fields you changed named, so the analyst decides knowingly: reapply on top, or discard.
 */
export function conflictView(opts: {
  what: string;
  mine: Fields;
  current: Fields | null;
  changed: readonly string[];
  readVersion: number;
  currentVersion: number;
  retracted?: boolean;
}): HTMLElement {
  const keys = [...new Set([...Object.keys(opts.mine), ...Object.keys(opts.current ?? {})])];
  const changed = new Set(opts.changed);
  // Your changed fields first, then the other differing ones, then the rest.
  const rank = (k: string) => (changed.has(k) ? 0 : !same(opts.mine[k], opts.current?.[k]) ? 1 : 2);
  keys.sort((a, b) => rank(a) - rank(b));
  const rows = keys.map((k) => {
    const differs = !same(opts.mine[k], opts.current?.[k]);
    return h(
      'tr',
      { class: differs ? 'differs' : '', 'data-key': k },
      h(
        'th',
        { scope: 'row' },
        k,
        differs ? h('span', { class: 'diff-mark', title: 'Differs' }, ' ≠') : null,
        differs ? h('span', { class: 'sr-only' }, ' (differs)') : null,
      ),
      h(
        'td',
        { class: changed.has(k) ? 'mine changed' : 'mine' },
        fieldText(opts.mine[k]),
        changed.has(k) ? h('span', { class: 'badge' }, 'your change') : null,
      ),
      h('td', { class: 'theirs' }, opts.current ? fieldText(opts.current[k]) : '—'),
    );
  });
  return h(
    'section',
    { class: 'conflict', 'aria-labelledby': 'conflict-title' },
    h('h3', { id: 'conflict-title' }, 'Someone saved this first'),
    h(
      'p',
      {},
      `You edited version ${opts.readVersion} of this ${opts.what}; it is now at version ${opts.currentVersion}${
        opts.retracted ? ' and has been retracted' : ''
      }. Nothing of yours was saved.`,
    ),
    h(
      'table',
      { class: 'conflict-table' },
      h(
        'caption',
        { class: 'sr-only' },
        `Your version and the current version of the ${opts.what}`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Field'),
          h('th', { scope: 'col' }, `Yours (from v${opts.readVersion})`),
          h('th', { scope: 'col' }, `Current (v${opts.currentVersion})`),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
    h(
      'p',
      { class: 'hint' },
      'Reapply writes only the fields you changed on top of the current version; the others keep their current values.',
    ),
  );
}

import type { Change, JsonValue } from './api';
import { h, replaceChildren } from './dom';
import { fieldText, same, SYSTEM_KEYS } from './edit-fields';

export interface HistoryActions {
  /** The element the history is about: changes to others (its relationships) say what they touched. */
  self: string;
  load(): Promise<Change[]>;
  /** Absent for viewers: no Revert buttons. */
  revert?(change: Change): Promise<void>;
  nameOf(id: string): string;
  focus(id: string): void;
}

const ACTION_LABEL: Record<string, string> = {
  create: 'Created',
  update: 'Edited',
  retract: 'Retracted',
  revert: 'Reverted',
  merge: 'Merged',
  unmerge: 'Unmerged',
  import: 'Imported',
  'dataset-delete': 'Dataset deleted',
  note: 'Note',
};

type Snapshot = Record<string, unknown>;

/** A snapshot's properties (`{entity|relationship: {properties, typed…}}`), without system keys. */
function flat(s: Snapshot | null): Record<string, JsonValue> {
  if (!s) return {};
  const inner = (s.entity ?? s.relationship ?? s) as Snapshot;
  const props = (inner.properties ?? {}) as Snapshot;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(props)) {
    if (!SYSTEM_KEYS.has(k)) out[k] = v as JsonValue;
  }
  return out;
}

/** What an update changed, as "field: old → new" lines (at most six, then a count). */
function changedFields(c: Change): HTMLElement | null {
  if (c.action !== 'update' && c.action !== 'revert') return null;
  const a = flat(c.before as Snapshot | null);
  const b = flat(c.after as Snapshot | null);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => !same(a[k], b[k]),
  );
  if (!keys.length) return null;
  const shown = keys.slice(0, 6);
  return h(
    'ul',
    { class: 'change-fields' },
    ...shown.map((k) =>
      h(
        'li',
        {},
        h('span', { class: 'k' }, k),
        ': ',
        h('del', {}, fieldText(a[k])),
        ' → ',
        h('ins', {}, fieldText(b[k])),
      ),
    ),
    keys.length > shown.length
      ? h('li', { class: 'muted' }, `+${keys.length - shown.length} more`)
      : null,
  );
}

/** "OWNS: Acme → Scale AI" for a change to one of the element's relationships; null for its own. */
function about(c: Change, self: string, nameOf: (id: string) => string): string | null {
  if (c.target === self) return null;
  const snap = (c.after ?? c.before) as Snapshot | null;
  const rel = snap?.relationship as { type?: string; from?: string; to?: string } | undefined;
  if (c.targetType === 'relationship' && rel?.type && rel.from && rel.to) {
    return `${rel.type}: ${nameOf(rel.from)} → ${nameOf(rel.to)}`;
  }
  return `${c.targetType} ${nameOf(c.target)}`;
}

/** The source's name: from the canvas, else from the Source the change itself created. */
function sourceName(c: Change, nameOf: (id: string) => string): string {
  const known = nameOf(c.source!);
  if (known !== c.source) return known;
  const created = (c.after as Snapshot | null)?.source as Snapshot | undefined;
  const name = (created?.properties as Snapshot | undefined)?.name;
  return typeof name === 'string' ? name : known;
}

function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The inspector's History: every change to the element, newest first — who, when, what, from
 * which source, why — each with Revert (editors), which undoes it as a new change.
 */
export function historySection(actions: HistoryActions): HTMLElement {
  const list = h('ol', { class: 'history-list', 'aria-busy': 'true' });
  const status = h('p', { class: 'muted history-status', role: 'status' }, 'Loading history…');
  const root = h(
    'section',
    { class: 'history', 'aria-labelledby': 'history-h' },
    h('h3', { id: 'history-h' }, 'History'),
    status,
    list,
  );
  const render = (changes: Change[]) => {
    list.removeAttribute('aria-busy');
    status.textContent = changes.length
      ? `${changes.length} change${changes.length === 1 ? '' : 's'}`
      : 'No recorded changes: as loaded or seeded.';
    replaceChildren(
      list,
      ...changes.map((c) => {
        const label = ACTION_LABEL[c.action] ?? c.action;
        const revertBtn =
          actions.revert && c.action !== 'import'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'revert',
                  'aria-label': `Revert: ${label.toLowerCase()} by ${c.user}, ${when(c.at)}`,
                },
                'Revert',
              )
            : null;
        const li = h(
          'li',
          { class: `change action-${c.action}`, 'data-change': c.id },
          h(
            'p',
            { class: 'change-head' },
            h('span', { class: 'action' }, label),
            ...(() => {
              const what = about(c, actions.self, actions.nameOf);
              return what ? [' ', h('span', { class: 'change-about' }, what)] : [];
            })(),
            ' by ',
            h('strong', {}, c.user),
            ' · ',
            h('time', { datetime: c.at }, when(c.at)),
          ),
          changedFields(c),
          c.source
            ? h(
                'p',
                { class: 'change-source' },
                'Source: ',
                h(
                  'button',
                  { type: 'button', class: 'link', onclick: () => actions.focus(c.source!) },
                  sourceName(c, actions.nameOf),
                ),
              )
            : null,
          c.reason ? h('p', { class: 'change-reason' }, `Reason: ${c.reason}`) : null,
          revertBtn,
        );
        revertBtn?.addEventListener('click', async () => {
          revertBtn.disabled = true;
          status.textContent = 'Reverting…';
          try {
            await actions.revert!(c);
            status.textContent = `Reverted: ${label.toLowerCase()} by ${c.user}`;
            await reload();
          } catch (err) {
            status.textContent = `Could not revert: ${(err as Error).message}`;
            revertBtn.disabled = false;
          }
        });
        return li;
      }),
    );
  };
  const reload = async () => {
    try {
      render(await actions.load());
    } catch (err) {
      list.removeAttribute('aria-busy');
      status.textContent = `No history: ${(err as Error).message}`;
    }
  };
  void reload();
  return root;
}

import type {
  DecisionResult,
  DuplicateDecisionValue,
  DuplicateEvidence,
  DuplicatePair,
  DuplicateSide,
  DuplicatesView,
  UnmergeResult,
} from '../../server/model/duplicates';
import { ApiError, type JsonValue } from './api';
import { h, replaceChildren } from './dom';
import { display } from './inspector';

export interface DuplicatesApi {
  list(limit: number): Promise<DuplicatesView>;
  decide(body: {
    a: string;
    b: string;
    decision: DuplicateDecisionValue;
    canonical?: string;
    versions?: Record<string, number>;
  }): Promise<DecisionResult>;
  unmerge(canonical: string, merged: string): Promise<UnmergeResult>;
}

export interface DuplicatesActions {
  /** A pair was merged: the canvas drops the merged entity and shows the canonical one. */
  merged(canonical: string, merged: string): void;
  /** A merge was undone: both entities are back. */
  unmerged(canonical: string, merged: string): void;
  focus(id: string): void;
  setStatus(text: string): void;
}

const EVIDENCE_LABEL: Record<DuplicateEvidence['type'], string> = {
  identifier: 'Same identifier',
  name: 'Same name',
  transliteration: 'Same name, other script',
  'similar-name': 'Close spelling',
  address: 'Shared address',
  birthDate: 'Same birth date',
  neighbours: 'Shared neighbours',
  'different-identifier': 'Different registration',
  'different-birthDate': 'Different birth date',
  'different-kind': 'Different kind',
  linked: 'Linked to each other',
};

/** Facts shown side by side besides name, kind, aliases and identifiers, when either has them. */
const COMPARED: ReadonlyArray<[string, string]> = [
  ['jurisdiction', 'Jurisdiction'],
  ['country', 'Country'],
  ['birthDate', 'Birth date'],
  ['foundingDate', 'Founded'],
  ['addresses', 'Addresses'],
  ['address', 'Address'],
  ['nationality', 'Nationality'],
  ['nationalities', 'Nationalities'],
];

const pct = (x: number) => `${Math.round(x * 100)}%`;
const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');

function evidenceItem(e: DuplicateEvidence): HTMLElement {
  const against = e.weight < 0;
  return h(
    'li',
    { class: `dup-evidence ${against ? 'against' : 'for'}`, 'data-type': e.type },
    h('span', { class: 'dup-evidence-type' }, `${against ? '−' : '+'} ${EVIDENCE_LABEL[e.type]}`),
    h('span', { class: 'dup-evidence-detail' }, e.detail),
    e.a !== undefined && e.b !== undefined
      ? h('span', { class: 'dup-evidence-sides' }, `“${e.a}” · “${e.b}”`)
      : null,
  );
}

function scoreBadge(score: number): HTMLElement {
  const level = score >= 0.9 ? 'high' : score >= 0.6 ? 'mid' : 'low';
  return h(
    'span',
    { class: `dup-score ${level}`, title: 'How likely the two are one entity' },
    pct(score),
  );
}

/**
 * The Duplicates panel (issue 12): candidate pairs with their score and evidence, the two
 * entities side by side, and the analyst's decision — same (merge), different, unsure.
 * A drawer above the console, opened from the toolbar.
 */
export function duplicatesPanel(api: DuplicatesApi, actions: DuplicatesActions) {
  const toggle = h(
    'button',
    {
      type: 'button',
      id: 'toggle-duplicates',
      'aria-controls': 'duplicates',
      'aria-expanded': 'false',
      title: 'Review entities that may be the same',
    },
    'Duplicates',
  );
  const consoleToggle = document.getElementById('toggle-console');
  const toolbar = document.getElementById('toolbar');
  if (consoleToggle) consoleToggle.before(toggle);
  else toolbar?.append(toggle);

  const listEl = h('ul', { class: 'dup-list', id: 'dup-list', 'aria-label': 'Candidate pairs' });
  const compare = h('div', { class: 'dup-compare', id: 'dup-compare', 'aria-live': 'polite' });
  const summary = h('p', { class: 'dup-summary muted', id: 'dup-summary' });
  const refresh = h('button', { type: 'button', id: 'dup-refresh' }, 'Refresh');
  const close = h(
    'button',
    { type: 'button', class: 'close', 'aria-label': 'Close duplicates' },
    '×',
  );
  const root = h(
    'section',
    { id: 'duplicates', class: 'duplicates', 'aria-labelledby': 'duplicates-h', hidden: true },
    h(
      'div',
      { class: 'dup-left' },
      h(
        'div',
        { class: 'dup-bar' },
        h('h2', { id: 'duplicates-h' }, 'Possible duplicates'),
        refresh,
        close,
      ),
      summary,
      listEl,
    ),
    compare,
  );
  const consoleEl = document.getElementById('console');
  if (consoleEl) consoleEl.before(root);
  else document.body.append(root);

  let pairs: DuplicatePair[] = [];
  let current: string | null = null;

  const setOpen = (open: boolean) => {
    root.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('duplicates-open', open);
    if (open) void load();
  };
  toggle.addEventListener('click', () => setOpen(root.hidden));
  close.addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  refresh.addEventListener('click', () => void load());

  async function load(): Promise<void> {
    summary.textContent = 'Looking for duplicates…';
    try {
      const view = await api.list(100);
      pairs = view.pairs;
      summary.textContent = pairs.length
        ? `${pairs.length} pair${pairs.length > 1 ? 's' : ''} to review (of ${view.candidates} compared)`
        : 'No candidate pairs: nothing looks duplicated.';
      renderList();
      const keep = pairs.find((p) => p.pair === current) ?? pairs[0];
      show(keep ?? null);
    } catch (err) {
      summary.textContent = `Could not load duplicates: ${(err as Error).message}`;
    }
  }

  function renderList(): void {
    replaceChildren(
      listEl,
      pairs.map((p) =>
        h(
          'li',
          { 'data-pair': p.pair },
          h(
            'button',
            {
              type: 'button',
              class: `dup-item${p.pair === current ? ' current' : ''}`,
              'aria-current': p.pair === current ? 'true' : undefined,
              onclick: () => show(p),
            },
            scoreBadge(p.score),
            h(
              'span',
              { class: 'dup-names' },
              h('span', { class: 'dup-name' }, p.a.name),
              h('span', { class: 'dup-vs', 'aria-label': 'and' }, '⇄'),
              h('span', { class: 'dup-name' }, p.b.name),
            ),
            h('span', { class: 'dup-ids' }, `${p.a.id} · ${p.b.id}`),
            h(
              'span',
              { class: 'dup-why' },
              p.evidence
                .filter((e) => e.weight > 0)
                .map((e) => EVIDENCE_LABEL[e.type].toLowerCase())
                .join(' · '),
              p.decision === 'unsure' ? ' · marked unsure' : '',
            ),
          ),
        ),
      ),
    );
  }

  function sideHeader(s: DuplicateSide, canonical: boolean, name: string): HTMLElement {
    return h(
      'th',
      { scope: 'col' },
      h(
        'button',
        { type: 'button', class: 'link dup-focus', onclick: () => actions.focus(s.id) },
        s.name,
      ),
      h('code', { class: 'dup-id' }, s.id),
      h(
        'label',
        { class: 'dup-keep' },
        h('input', {
          type: 'radio',
          name,
          value: s.id,
          checked: canonical,
          'data-side': s.id,
        }),
        ' keep this id',
      ),
    );
  }

  function show(p: DuplicatePair | null): void {
    current = p?.pair ?? null;
    for (const b of listEl.querySelectorAll<HTMLButtonElement>('.dup-item')) {
      const on = b.parentElement?.dataset.pair === current;
      b.classList.toggle('current', on);
      if (on) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    if (!p) {
      replaceChildren(compare, h('p', { class: 'muted' }, 'Pick a pair to compare.'));
      return;
    }
    const { a, b } = p;
    // The better connected keeps its id unless the analyst picks the other.
    const keepA = a.degree >= b.degree;
    const radio = `keep-${p.pair}`;
    // Rows whose values agree are tinted; counts and datasets agreeing say nothing.
    const row = (label: string, x: string, y: string, compared = true) =>
      h(
        'tr',
        { class: compared && x === y && x !== '—' ? 'same' : undefined },
        h('th', { scope: 'row' }, label),
        h('td', {}, x),
        h('td', {}, y),
      );
    const fact = (s: DuplicateSide, k: string) =>
      s.properties[k] === undefined ? '—' : display(s.properties[k] as JsonValue);
    const has = (k: string) => a.properties[k] !== undefined || b.properties[k] !== undefined;
    // FtM keeps an address both as `address` and in `addresses`: one row is enough.
    const facts = COMPARED.filter(([k]) => has(k) && !(k === 'address' && has('addresses')));
    const buttons = h(
      'div',
      { class: 'btn-row dup-actions', role: 'group', 'aria-label': 'Decision' },
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-decision': 'same',
          onclick: () => void decide('same'),
        },
        'Same — merge',
      ),
      h(
        'button',
        { type: 'button', 'data-decision': 'different', onclick: () => void decide('different') },
        'Different',
      ),
      h(
        'button',
        { type: 'button', 'data-decision': 'unsure', onclick: () => void decide('unsure') },
        'Unsure',
      ),
    );
    const message = h('p', { class: 'dup-message', role: 'status' });
    replaceChildren(
      compare,
      h(
        'div',
        { class: 'dup-head' },
        scoreBadge(p.score),
        h('h3', {}, 'Are these the same?'),
        p.decision === 'unsure' ? h('span', { class: 'muted' }, 'marked unsure before') : null,
        buttons,
      ),
      message,
      h('h4', {}, 'Evidence'),
      h('ul', { class: 'dup-evidence-list' }, p.evidence.map(evidenceItem)),
      h(
        'table',
        { class: 'dup-table' },
        h(
          'thead',
          {},
          h('tr', {}, h('td', {}), sideHeader(a, keepA, radio), sideHeader(b, !keepA, radio)),
        ),
        h(
          'tbody',
          {},
          row('Kind', a.kind ?? '—', b.kind ?? '—'),
          row('Also known as', list(a.aliases), list(b.aliases)),
          row('Identifiers', list(a.identifiers), list(b.identifiers)),
          row('Datasets', list(a.datasets), list(b.datasets), false),
          row('Relationships', String(a.degree), String(b.degree), false),
          ...facts.map(([k, label]) => row(label, fact(a, k), fact(b, k))),
        ),
      ),
    );
    compare.scrollTop = 0;

    async function decide(decision: DuplicateDecisionValue): Promise<void> {
      const keep = compare.querySelector<HTMLInputElement>(
        `input[name="${CSS.escape(radio)}"]:checked`,
      );
      for (const btn of buttons.querySelectorAll('button')) btn.disabled = true;
      message.textContent = decision === 'same' ? 'Merging…' : 'Saving…';
      try {
        const res = await api.decide({
          a: a.id,
          b: b.id,
          decision,
          ...(decision === 'same'
            ? { canonical: keep?.value ?? a.id, versions: { [a.id]: a.version, [b.id]: b.version } }
            : {}),
        });
        if (res.merge) {
          actions.setStatus(`Merged ${res.merge.merged} into ${res.merge.canonical}`);
          actions.merged(res.merge.canonical, res.merge.merged);
        } else {
          actions.setStatus(`Marked ${a.name} / ${b.name} as ${decision}`);
        }
        const i = pairs.findIndex((x) => x.pair === p!.pair);
        const gone = new Set(res.merge ? [res.merge.merged] : []);
        pairs =
          decision === 'unsure'
            ? pairs.map((x) => (x.pair === p!.pair ? { ...x, decision: 'unsure' as const } : x))
            : pairs.filter((x) => x.pair !== p!.pair);
        // A merged entity has left the graph: no pair of it is left to decide.
        pairs = pairs.filter((x) => !gone.has(x.a.id) && !gone.has(x.b.id));
        renderList();
        const next = decision === 'unsure' ? pairs[i + 1] : pairs[i];
        show(next ?? pairs[0] ?? null);
        summary.textContent = `${pairs.length} pair${pairs.length === 1 ? '' : 's'} to review`;
      } catch (err) {
        for (const btn of buttons.querySelectorAll('button')) btn.disabled = false;
        message.textContent =
          err instanceof ApiError && err.status === 409
            ? `${err.message} — refresh to see the current state.`
            : `Could not save: ${(err as Error).message}`;
      }
    }
  }

  return {
    open: () => setOpen(true),
    reload: () => load(),
    /**
     * "Merged from …" with an Unmerge button per merged id, for the inspector of an entity that
     * absorbed others.
     */
    mergedNote(canonical: string, mergedFrom: readonly string[]): HTMLElement {
      const note = h('p', { class: 'dup-message', role: 'status' });
      return h(
        'section',
        { class: 'merged-from', 'aria-label': 'Merged entities' },
        h('h3', {}, 'Merged from'),
        h(
          'ul',
          {},
          mergedFrom.map((id) =>
            h(
              'li',
              {},
              h('code', {}, id),
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'unmerge',
                  'data-merged': id,
                  onclick: async (ev: Event) => {
                    const btn = ev.currentTarget as HTMLButtonElement;
                    btn.disabled = true;
                    note.textContent = 'Unmerging…';
                    try {
                      await api.unmerge(canonical, id);
                      note.textContent = `${id} is an entity of its own again.`;
                      actions.setStatus(`Unmerged ${id} from ${canonical}`);
                      actions.unmerged(canonical, id);
                      // The pair is a candidate again: the open panel shows it.
                      if (!root.hidden) void load();
                    } catch (err) {
                      btn.disabled = false;
                      note.textContent = `Could not unmerge: ${(err as Error).message}`;
                    }
                  },
                },
                'Unmerge',
              ),
            ),
          ),
        ),
        note,
      );
    },
  };
}

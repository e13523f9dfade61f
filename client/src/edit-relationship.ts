import type { RelationshipType } from '../../server/model/families';
import {
  conflictOf,
  workspaceApi,
  type GraphEdge,
  type RelationshipAnswer,
  type RelationshipCreate,
  type RelationshipPatch,
  type SearchResult,
} from './api';
import { h } from './dom';
import { conflictView } from './edit-conflict';
import { editDialog, type EditDialog } from './edit-dialog';
import { relationshipFields, same, type Fields } from './edit-fields';
import { entityPicker } from './search';
import { field, sourceForm } from './source-form';

// Keyed by the model's RelationshipType: a type added there and missing here fails the type-check.
const TYPE_HINTS = {
  OWNS: 'owner → what it holds',
  CONTROLS: 'controller → controlled',
  CLIENT_OF: 'client → supplier',
  WORKS_ON: 'supplier → project',
  CEO_OF: 'person → organization',
  LEADS: 'person → organization or unit',
  FOUNDED: 'founder → organization',
  SPOKESPERSON_FOR: 'person → organization',
  DEVELOPS: 'organization → project',
  OFFICER_OF: 'officer → organization',
  ROLE_IN: 'party → trust or arrangement',
  BENEFITS_FROM: 'beneficiary → subject',
  HAS_INTEREST: 'party → subject',
  ASSOCIATED_WITH: 'person ↔ person',
  PAID: 'payer → beneficiary',
  INITIATED: 'actor → event',
  PARTICIPATED_IN: 'entity → event',
  AFFECTED_BY: 'entity → event',
  REPORTS: 'source → event',
} satisfies Record<RelationshipType, string>;
const TYPES = Object.keys(TYPE_HINTS) as RelationshipType[];
const STAKED = new Set<string>(['OWNS', 'CONTROLS', 'BENEFITS_FROM', 'HAS_INTEREST']);

let counter = 0;

/** A percentage input's value as a share 0..1, or an error. */
function share(
  input: HTMLInputElement,
  what: string,
): number | { field: HTMLElement; message: string } {
  const v = Number(input.value);
  if (input.value.trim() === '' || Number.isNaN(v) || v < 0 || v > 100)
    return { field: input, message: `${what}: a percentage from 0 to 100` };
  return Math.round(v * 1000) / 100000;
}
const pctText = (x: unknown) =>
  typeof x === 'number' ? String(Math.round(x * 100000) / 1000) : '';

export interface RelationshipEnds {
  from: { id: string; name: string };
  /** Absent: the form asks for the other end (keyboard path from the inspector). */
  to?: { id: string; name: string };
}

/**
 * Create a relationship (after a drag from one node to another, or from the inspector), or edit
 * one: type, stake (exact, a range, or unknown), since/until, and the source form.
 */
export function relationshipDialog(opts: {
  search: (q: string) => Promise<SearchResult[]>;
  ends?: RelationshipEnds;
  existing?: { relationship: GraphEdge; version: number; names: RelationshipEnds };
  saved: (answer: RelationshipAnswer) => void;
  nameOf: (id: string) => string;
}): EditDialog {
  const p = `rel${++counter}`;
  const base = opts.existing ? relationshipFields(opts.existing.relationship) : null;
  const ends = opts.existing?.names ?? opts.ends!;
  const type = h(
    'select',
    { id: `${p}-type`, 'data-field': 'type', disabled: !!base },
    TYPES.map((t) =>
      h('option', { value: t, selected: base?.type === t }, `${t} — ${TYPE_HINTS[t]}`),
    ),
  );
  const toPicker = ends.to
    ? null
    : entityPicker({
        id: `${p}-to`,
        label: 'To',
        visibleLabel: true,
        placeholder: 'Search the other entity…',
        search: opts.search,
        onPick: () => undefined,
      });
  const exact = typeof base?.stake === 'number';
  const ranged =
    !exact && (typeof base?.stakeMin === 'number' || typeof base?.stakeMax === 'number');
  const stakeMode = (v: string, label: string, checked: boolean) =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: `${p}-stake-mode`, value: v, checked }),
      ` ${label}`,
    );
  const modes = [
    stakeMode('unknown', 'Unknown', !exact && !ranged),
    stakeMode('exact', 'Exact', exact),
    stakeMode('range', 'Range', ranged),
  ];
  const stake = h('input', {
    id: `${p}-stake`,
    type: 'number',
    min: 0,
    max: 100,
    step: 'any',
    'data-field': 'stake',
    value: pctText(base?.stake),
  });
  const stakeMin = h('input', {
    id: `${p}-stake-min`,
    type: 'number',
    min: 0,
    max: 100,
    step: 'any',
    'data-field': 'stakeMin',
    value: pctText(base?.stakeMin),
  });
  const stakeMax = h('input', {
    id: `${p}-stake-max`,
    type: 'number',
    min: 0,
    max: 100,
    step: 'any',
    'data-field': 'stakeMax',
    value: pctText(base?.stakeMax),
  });
  const exactBox = h('div', { class: 'stake-exact' }, field(`${p}-stake`, 'Stake (%)', stake));
  const rangeBox = h(
    'div',
    { class: 'stake-range form-grid' },
    field(`${p}-stake-min`, 'At least (%)', stakeMin),
    field(`${p}-stake-max`, 'At most (%)', stakeMax),
  );
  const modeOf = () =>
    (modes.map((m) => m.querySelector('input')!).find((i) => i.checked)?.value ?? 'unknown') as
      'unknown' | 'exact' | 'range';
  const stakeBox = h(
    'fieldset',
    { class: 'stake-form' },
    h('legend', {}, 'Stake'),
    h('div', { class: 'choices', role: 'radiogroup', 'aria-label': 'Stake' }, ...modes),
    exactBox,
    rangeBox,
  );
  const syncStake = () => {
    const m = modeOf();
    exactBox.hidden = m !== 'exact';
    rangeBox.hidden = m !== 'range';
    stakeBox.hidden = !STAKED.has(type.value);
  };
  for (const m of modes) m.addEventListener('change', syncStake);
  type.addEventListener('change', syncStake);
  syncStake();
  const since = h('input', {
    id: `${p}-since`,
    type: 'date',
    'data-field': 'since',
    value: typeof base?.since === 'string' ? base.since : '',
  });
  const until = h('input', {
    id: `${p}-until`,
    type: 'date',
    'data-field': 'until',
    value: typeof base?.until === 'string' ? base.until : '',
  });
  const src = sourceForm({ search: opts.search });
  if (base && typeof base.source === 'string') {
    src.preset({ id: base.source, name: opts.nameOf(base.source) });
  }

  const read = (): { fields: RelationshipCreate } | { field: HTMLElement; message: string } => {
    let to = ends.to?.id;
    if (!to) {
      const picked = toPicker!.value();
      if (!picked) return { field: toPicker!.input, message: 'Pick the entity it goes to' };
      to = picked.id;
    }
    if (to === ends.from.id && !base)
      return {
        field: toPicker?.input ?? type,
        message: 'A relationship joins two different entities',
      };
    const f: RelationshipCreate = { type: type.value as RelationshipType, from: ends.from.id, to };
    if (STAKED.has(type.value)) {
      const m = modeOf();
      if (m === 'exact') {
        const s = share(stake, 'Stake');
        if (typeof s !== 'number') return s;
        f.stake = s;
        f.stakeMin = null;
        f.stakeMax = null;
      } else if (m === 'range') {
        const lo = share(stakeMin, 'At least');
        if (typeof lo !== 'number') return lo;
        const hi = share(stakeMax, 'At most');
        if (typeof hi !== 'number') return hi;
        if (lo > hi) return { field: stakeMax, message: 'At most is below at least' };
        f.stake = null;
        f.stakeMin = lo;
        f.stakeMax = hi;
      } else {
        f.stake = null;
        f.stakeMin = null;
        f.stakeMax = null;
      }
    }
    if (since.value && until.value && until.value <= since.value)
      return { field: until, message: 'Until (exclusive) must come after since' };
    f.since = since.value || null;
    f.until = until.value || null;
    return { fields: f };
  };

  const EDITABLE = ['stake', 'stakeMin', 'stakeMax', 'since', 'until'] as const;
  const patchOf = (f: RelationshipCreate) => {
    const patch: Record<string, string | number | null> = {};
    const changed: string[] = [];
    for (const k of EDITABLE) {
      if (k in f && !same(f[k] ?? null, base?.[k])) {
        patch[k] = f[k] ?? null;
        changed.push(k);
      }
    }
    return { patch: patch as RelationshipPatch, changed };
  };

  const update = async (
    dialog: EditDialog,
    version: number,
    body: Parameters<typeof workspaceApi.updateRelationship>[2],
    changed: string[],
  ): Promise<boolean> => {
    const ex = opts.existing!;
    try {
      opts.saved(await workspaceApi.updateRelationship(ex.relationship.id, version, body));
      return true;
    } catch (err) {
      const current = conflictOf(err);
      if (!current) throw err;
      const now = current.relationship ?? null;
      const reapply = h(
        'button',
        { type: 'button', class: 'primary', disabled: !!current.retracted || !now },
        `Reapply my changes on v${current.version}`,
      );
      const discard = h('button', { type: 'button' }, 'Discard mine, keep current');
      reapply.addEventListener('click', async () => {
        reapply.disabled = true;
        try {
          if (await update(dialog, current.version, body, changed)) dialog.close();
        } catch (e) {
          dialog.error((e as Error).message);
          reapply.disabled = false;
        }
      });
      discard.addEventListener('click', () => {
        if (now) opts.saved({ relationship: now, version: current.version });
        dialog.close();
      });
      const mine: Fields = { ...base };
      for (const k of changed) mine[k] = (body as unknown as Fields)[k] ?? null;
      dialog.replace(
        [
          conflictView({
            what: 'relationship',
            mine,
            current: now ? relationshipFields(now) : null,
            changed,
            readVersion: ex.version,
            currentVersion: current.version,
            retracted: current.retracted,
          }),
        ],
        [reapply, discard],
      );
      return false;
    }
  };

  return editDialog({
    title: base ? `Edit ${String(base.type)}` : 'New relationship',
    submitLabel: base ? 'Save changes' : 'Create relationship',
    body: [
      h(
        'p',
        { class: 'ends' },
        h('strong', {}, ends.from.name),
        ' → ',
        ends.to ? h('strong', {}, ends.to.name) : h('em', {}, 'pick below'),
      ),
      toPicker ? toPicker.root : null,
      field(`${p}-type`, 'Type', type),
      stakeBox,
      h(
        'div',
        { class: 'form-grid' },
        field(`${p}-since`, 'Since', since),
        field(`${p}-until`, 'Until (exclusive)', until),
      ),
      src.root,
    ].filter((x): x is HTMLElement => !!x),
    submit: async (dialog) => {
      const r = read();
      if ('message' in r) {
        dialog.error(r.message, r.field);
        return false;
      }
      const prov = src.read();
      if ('message' in prov) {
        dialog.error(prov.message, prov.field);
        return false;
      }
      if (!opts.existing) {
        // A create sends only what is known: no nulls for a stake or dates not given.
        const body = Object.fromEntries(
          Object.entries(r.fields).filter(([, v]) => v !== null),
        ) as RelationshipCreate;
        opts.saved(await workspaceApi.createRelationship({ ...body, ...prov }));
        return true;
      }
      const { patch, changed } = patchOf(r.fields);
      if (!changed.length) {
        dialog.error('Nothing changed', since);
        return false;
      }
      return update(dialog, opts.existing.version, { ...patch, ...prov }, changed);
    },
  });
}

import {
  conflictOf,
  workspaceApi,
  type EntityAnswer,
  type EntityCreate,
  type EntityPatch,
  type GraphNode,
  type JsonValue,
  type SearchResult,
} from './api';
import { h } from './dom';
import { conflictView } from './edit-conflict';
import { editDialog, type EditDialog } from './edit-dialog';
import { entityFields, extraProperties, same, type Fields } from './edit-fields';
import { KINDS } from './elements';
import { field, sourceForm } from './source-form';
import { KIND_STYLE } from './style';

let counter = 0;
const PROVENANCE = new Set(['source', 'evidence', 'confidence', 'reason']);

/** Key/value rows for an entity's extra properties (headquarters, country, date…). */
function propertyRows(p: string, initial: Record<string, string | number | boolean>) {
  const list = h('ul', { class: 'prop-rows', 'data-field': 'properties', tabindex: -1 });
  let n = 0;
  const types = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, typeof v]));
  const row = (key = '', value = '') => {
    const i = ++n;
    const k = h('input', {
      type: 'text',
      id: `${p}-pk${i}`,
      value: key,
      'aria-label': `Property ${i} name`,
      placeholder: 'name',
      maxlength: 60,
    });
    const v = h('input', {
      type: 'text',
      id: `${p}-pv${i}`,
      value,
      'aria-label': `Property ${i} value`,
      placeholder: 'value',
    });
    const li = h(
      'li',
      {},
      k,
      v,
      h(
        'button',
        {
          type: 'button',
          class: 'remove',
          'aria-label': `Remove property ${i}`,
          onclick: () => li.remove(),
        },
        '×',
      ),
    );
    list.append(li);
    return k;
  };
  for (const [k, v] of Object.entries(initial)) row(k, String(v));
  const add = h(
    'button',
    { type: 'button', class: 'add-prop', onclick: () => row().focus() },
    'Add property',
  );
  return {
    root: h('div', { class: 'field' }, h('span', { class: 'label' }, 'Properties'), list, add),
    /** Name → value; values keep the type they had (a number stays a number). */
    read():
      | { ok: true; value: Record<string, string | number | boolean> }
      | { ok: false; field: HTMLElement; message: string } {
      const out: Record<string, string | number | boolean> = {};
      for (const li of list.querySelectorAll('li')) {
        const [ki, vi] = li.querySelectorAll('input');
        const key = ki.value.trim();
        if (!key && !vi.value.trim()) continue;
        if (!/^[A-Za-z][\w]{0,59}$/.test(key))
          return {
            ok: false,
            field: ki,
            message: `Property name "${key}": a letter, then letters, digits or _`,
          };
        if (key in out)
          return { ok: false, field: ki, message: `Property "${key}" is there twice` };
        const raw = vi.value.trim();
        const t = types.get(key);
        out[key] =
          t === 'number' && raw !== '' && !Number.isNaN(Number(raw))
            ? Number(raw)
            : t === 'boolean' && (raw === 'true' || raw === 'false')
              ? raw === 'true'
              : raw;
      }
      return { ok: true, value: out };
    },
  };
}

/**
 * Create an entity, or edit one (PATCH with If-Match = the version read): kind, name, aliases,
 * description, properties, and the source form. A 409 turns the dialog into the conflict view.
 */
export function entityDialog(opts: {
  search: (q: string) => Promise<SearchResult[]>;
  /** Editing: the entity as read and its version. Absent: create. */
  existing?: { entity: GraphNode; version: number };
  saved: (answer: EntityAnswer) => void;
}): EditDialog {
  const p = `ent${++counter}`;
  const base = opts.existing ? entityFields(opts.existing.entity) : null;
  const kind = h(
    'select',
    { id: `${p}-kind`, 'data-field': 'kind', disabled: !!base },
    KINDS.map((k) => h('option', { value: k, selected: base?.kind === k }, KIND_STYLE[k].label)),
  );
  const name = h('input', {
    id: `${p}-name`,
    type: 'text',
    'data-field': 'name',
    required: true,
    maxlength: 300,
    value: typeof base?.name === 'string' ? base.name : '',
  });
  const aliases = h('textarea', {
    id: `${p}-aliases`,
    'data-field': 'aliases',
    rows: 2,
    'aria-describedby': `${p}-aliases-hint`,
  });
  aliases.value = Array.isArray(base?.aliases) ? base.aliases.join('\n') : '';
  const description = h('textarea', {
    id: `${p}-description`,
    'data-field': 'description',
    rows: 3,
    maxlength: 4000,
  });
  description.value = typeof base?.description === 'string' ? base.description : '';
  const props = propertyRows(p, base ? extraProperties(base) : {});
  const src = sourceForm({ search: opts.search });

  const read = (): { fields: EntityCreate } | { field: HTMLElement; message: string } => {
    if (!name.value.trim()) return { field: name, message: 'Give the entity a name' };
    const extra = props.read();
    if (!extra.ok) return extra;
    return {
      fields: {
        kind: kind.value as EntityCreate['kind'],
        name: name.value.trim(),
        aliases: aliases.value
          .split('\n')
          .map((a) => a.trim())
          .filter(Boolean),
        description: description.value.trim(),
        properties: extra.value,
      },
    };
  };

  /** What changed against the version read: a merge patch (removed properties as null). */
  const patchOf = (f: EntityCreate): { patch: EntityPatch; changed: string[] } => {
    const patch: EntityPatch = {};
    const changed: string[] = [];
    if (!base) return { patch: f, changed: Object.keys(f) };
    for (const k of ['name', 'aliases', 'description'] as const) {
      if (same(f[k], base[k])) continue;
      Object.assign(patch, { [k]: f[k] });
      changed.push(k);
    }
    const before = extraProperties(base);
    const props: NonNullable<EntityPatch['properties']> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (!same(v, before[k])) props[k] = v;
    }
    for (const k of Object.keys(before)) if (!(k in (f.properties ?? {}))) props[k] = null;
    if (Object.keys(props).length) {
      patch.properties = props;
      changed.push(...Object.keys(props));
    }
    return { patch, changed };
  };

  const mineOf = (patch: EntityPatch): Fields => {
    const out: Fields = { ...(base ?? {}) };
    for (const [k, v] of Object.entries(patch)) {
      if (PROVENANCE.has(k)) continue;
      if (k === 'properties') {
        for (const [pk, pv] of Object.entries(v as Record<string, JsonValue>)) out[pk] = pv;
      } else out[k] = v as JsonValue;
    }
    return out;
  };

  const update = async (
    dialog: EditDialog,
    version: number,
    body: Parameters<typeof workspaceApi.updateEntity>[2],
    changed: string[],
  ): Promise<boolean> => {
    const ex = opts.existing!;
    try {
      opts.saved(await workspaceApi.updateEntity(ex.entity.id, version, body));
      return true;
    } catch (err) {
      const current = conflictOf(err);
      if (!current) throw err;
      showConflict(
        dialog,
        body,
        changed,
        current.entity ?? null,
        current.version,
        current.retracted,
      );
      return false;
    }
  };

  const showConflict = (
    dialog: EditDialog,
    body: Parameters<typeof workspaceApi.updateEntity>[2],
    changed: string[],
    current: GraphNode | null,
    version: number,
    retracted?: boolean,
  ) => {
    const reapply = h(
      'button',
      { type: 'button', class: 'primary', disabled: !!retracted || !current },
      `Reapply my changes on v${version}`,
    );
    const discard = h('button', { type: 'button' }, 'Discard mine, keep current');
    reapply.addEventListener('click', async () => {
      reapply.disabled = true;
      try {
        if (await update(dialog, version, body, changed)) dialog.close();
      } catch (err) {
        dialog.error((err as Error).message);
        reapply.disabled = false;
      }
    });
    discard.addEventListener('click', () => {
      if (current) opts.saved({ entity: current, version });
      dialog.close();
    });
    dialog.replace(
      [
        conflictView({
          what: 'entity',
          mine: mineOf(body),
          current: current ? entityFields(current) : null,
          changed,
          readVersion: opts.existing!.version,
          currentVersion: version,
          retracted,
        }),
      ],
      [reapply, discard],
    );
  };

  return editDialog({
    title: base ? `Edit ${String(base.name)}` : 'New entity',
    submitLabel: base ? 'Save changes' : 'Create entity',
    body: [
      h(
        'div',
        { class: 'form-grid' },
        field(`${p}-kind`, 'Kind', kind),
        field(`${p}-name`, 'Name', name),
      ),
      field(`${p}-aliases`, 'Aliases', aliases, 'One per line, any script'),
      field(`${p}-description`, 'Description', description),
      props.root,
      src.root,
    ],
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
        opts.saved(await workspaceApi.createEntity({ ...r.fields, ...prov }));
        return true;
      }
      const { patch, changed } = patchOf(r.fields);
      if (!changed.length) {
        dialog.error('Nothing changed', name);
        return false;
      }
      return update(dialog, opts.existing.version, { ...patch, ...prov }, changed);
    },
  });
}

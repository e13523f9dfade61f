import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { familyOf } from '../families';
import { propertiesToJson, type GraphEdge, type GraphNode, type JsonValue } from '../mapper';
import type { Change, ChangeSnapshot } from '../model/changes';
import { changeFromProperties } from '../workspace/change-log';
import {
  byWhen,
  countChanges,
  fieldChanges,
  nodesByIds,
  scopeIds,
  type DiffEdge,
  type DiffNode,
  type DiffOptions,
  type GraphDiff,
} from './diff-common';

/** Change-log entries and import rows read at most: past it the answer says `truncated`. */
const SCAN_CAP = 20_000;

/** Bookkeeping that every write touches: not a change the analyst made. */
const WRITE_BOOKKEEPING = new Set(['version', 'updatedAt', 'updatedBy']);

type Element = { kind: 'node'; value: GraphNode } | { kind: 'edge'; value: GraphEdge };

interface Track {
  before: Element | null;
  after: Element | null;
  at: string;
  changeIds: string[];
  note?: { from: string | null; to: string | null };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function props(v: unknown): Record<string, JsonValue> {
  return isObject(v) ? (v as Record<string, JsonValue>) : {};
}

/** Elements a change-log snapshot holds (docs/workspace.md: entity, relationship(s), source). */
function snapshotElements(s: ChangeSnapshot | null): Map<string, Element> {
  const out = new Map<string, Element>();
  if (!s) return out;
  const node = (x: unknown) => {
    if (!isObject(x) || typeof x.id !== 'string') return;
    const labels = Array.isArray(x.labels) ? x.labels.map(String) : [];
    out.set(`n:${x.id}`, {
      kind: 'node',
      value: { id: x.id, labels, properties: props(x.properties) },
    });
  };
  const edge = (x: unknown) => {
    if (!isObject(x) || typeof x.id !== 'string' || typeof x.type !== 'string') return;
    out.set(`e:${x.id}`, {
      kind: 'edge',
      value: {
        id: x.id,
        type: x.type,
        family: familyOf(x.type) ?? null,
        source: String(x.from),
        target: String(x.to),
        properties: props(x.properties),
      },
    });
  };
  node(s.entity);
  node(s.source);
  edge(s.relationship);
  if (Array.isArray(s.relationships)) s.relationships.forEach(edge);
  return out;
}

/** Gone from today's view: retracted, or merged into another entity. */
function gone(e: Element | null): boolean {
  if (!e) return true;
  return (
    e.value.properties.retractedAt != null ||
    (e.kind === 'node' && e.value.labels.includes('Merged'))
  );
}

function noteText(s: ChangeSnapshot | null): string | null {
  const note = s && isObject(s.note) ? s.note : null;
  return note && typeof note.text === 'string' ? note.text : null;
}

/** Record time: what was written into the graph between two instants (change log, imports). */
export async function recordedDiff(db: Db, opts: DiffOptions): Promise<GraphDiff> {
  const { from, to } = opts;
  return db.readTx(async (tx) => {
    const ids = opts.entity ? await scopeIds(db, tx, opts.entity, opts.depth) : null;
    const inScope = new Set(ids ?? []);
    const res = await tx.run(db.queries.get('diff-changes'), {
      since: from,
      until: to,
      cap: intParam(SCAN_CAP),
    });
    let truncated = res.records.length >= SCAN_CAP;
    const changes: Change[] = res.records.map((r) =>
      changeFromProperties(r.get('change') as Record<string, unknown>),
    );

    // Per element: its state before its first change in the window, after its last one.
    const tracks = new Map<string, Track>();
    const noteTargets = new Map<string, Track>();
    for (const c of changes) {
      if (c.action === 'note') {
        const key = `n:${c.target}`;
        const t = noteTargets.get(key) ?? {
          before: null,
          after: null,
          at: c.at,
          changeIds: [],
          note: { from: noteText(c.before), to: null },
        };
        t.note!.to = noteText(c.after);
        t.at = c.at;
        t.changeIds.push(c.id);
        if (c.targetType === 'entity') noteTargets.set(key, t);
        continue;
      }
      const before = snapshotElements(c.before);
      const after = snapshotElements(c.after);
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const t = tracks.get(key);
        if (!t) {
          tracks.set(key, {
            before: before.get(key) ?? null,
            after: after.get(key) ?? null,
            at: c.at,
            changeIds: [c.id],
          });
        } else {
          // An element absent from a later snapshot keeps the state it had.
          t.after = after.get(key) ?? (before.has(key) ? null : t.after);
          t.at = c.at;
          t.changeIds.push(c.id);
        }
      }
    }

    const nodes: DiffNode[] = [];
    const edges: DiffEdge[] = [];
    const keep = (e: Element) =>
      e.kind === 'node'
        ? (ids === null || inScope.has(e.value.id)) && !opts.families
        : (ids === null || (inScope.has(e.value.source) && inScope.has(e.value.target))) &&
          (!opts.families || (e.value.family !== null && opts.families.includes(e.value.family)));
    for (const t of tracks.values()) {
      const shown = t.after ?? t.before!;
      if (!keep(shown)) continue;
      const was = gone(t.before) ? null : t.before;
      const is = gone(t.after) ? null : t.after;
      if (!was && !is) continue;
      const mark = { reason: 'recorded' as const, at: t.at, changeIds: t.changeIds };
      let out;
      if (!was) {
        out = { ...is!.value, ...mark, change: 'added' as const };
      } else if (!is) {
        out = { ...was.value, ...mark, change: 'removed' as const };
      } else {
        const changes = fieldChanges(was.value.properties, is.value.properties, WRITE_BOOKKEEPING);
        if (Object.keys(changes).length === 0) continue;
        out = { ...is.value, ...mark, change: 'changed' as const, changes };
      }
      if (shown.kind === 'node') nodes.push(out as DiffNode);
      else edges.push(out as DiffEdge);
    }

    // Imports: every relationship a dataset imported in the window brought, and the entities it
    // was the first to assert.
    const imports = await tx.run(db.queries.get('diff-imports'), {
      since: from,
      until: to,
      ids,
      families: opts.families ?? null,
      cap: intParam(SCAN_CAP),
    });
    const listedEdges = new Set(edges.map((e) => e.id));
    const listedNodes = new Set(nodes.map((n) => n.id));
    for (const r of imports.records) {
      const at = new Date(String(r.get('importedAt'))).toISOString();
      const dataset = String(r.get('dataset'));
      const mark = {
        change: 'added' as const,
        reason: 'recorded' as const,
        at,
        changes: { dataset: { from: null, to: dataset } },
      };
      const rows = r.get('edges') as Array<Record<string, unknown>>;
      if (rows.length >= SCAN_CAP) truncated = true;
      for (const e of rows) {
        const id = String(e.id);
        if (listedEdges.has(id)) continue;
        listedEdges.add(id);
        const type = String(e.type);
        edges.push({
          id,
          type,
          family: familyOf(type) ?? null,
          source: String(e.source),
          target: String(e.target),
          properties: propertiesToJson(e.properties as Record<string, unknown>),
          ...mark,
        });
      }
      if (opts.families) continue;
      for (const n of r.get('nodes') as Array<Record<string, unknown>>) {
        const id = String(n.id);
        if (listedNodes.has(id)) continue;
        listedNodes.add(id);
        nodes.push({
          id,
          labels: (n.labels as string[]) ?? [],
          properties: propertiesToJson(n.properties as Record<string, unknown>),
          ...mark,
        });
      }
    }

    // Notes mark the entity they are about as changed (when nothing else did).
    for (const [key, t] of noteTargets) {
      const id = key.slice(2);
      if (listedNodes.has(id) || (ids !== null && !inScope.has(id)) || opts.families) continue;
      const [node] = (await nodesByIds(db, tx, [id])).values();
      if (!node) continue;
      listedNodes.add(id);
      nodes.push({
        ...node,
        change: 'changed',
        reason: 'recorded',
        at: t.at,
        changeIds: t.changeIds,
        changes: { note: { from: t.note!.from, to: t.note!.to } },
      });
    }

    const listed = [...nodes, ...edges].sort(byWhen);
    if (listed.length > opts.limit) truncated = true;
    const kept = listed.slice(0, opts.limit);
    const keptEdges = kept.filter((x): x is DiffEdge => 'source' in x);
    const keptNodes = kept.filter((x): x is DiffNode => !('source' in x));
    const have = new Set(keptNodes.map((n) => n.id));
    const ends = [...new Set(keptEdges.flatMap((e) => [e.source, e.target]))].filter(
      (id) => !have.has(id),
    );
    const context = [...(await nodesByIds(db, tx, ends)).values()];
    const allNodes: DiffNode[] = [...keptNodes, ...context];
    return {
      nodes: allNodes,
      edges: keptEdges,
      from,
      to,
      time: 'recorded',
      counts: countChanges(kept),
      truncated,
      limit: opts.limit,
    };
  });
}

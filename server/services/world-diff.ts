import type { Db } from '../db/db';
import { intParam } from '../db/params';
import type { GraphEdge, GraphNode, JsonValue } from '../mapper';
import type { DiffMark } from '../model/diff';
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
import { toGraphEdge, toGraphNode } from './graph-service';

/** Candidate rows read at most: past it the answer says `truncated`. */
const SCAN_CAP = 50_000;

/** Properties that differ between versions of one record without saying anything new. */
const VERSION_BOOKKEEPING = new Set([
  'id',
  'since',
  'until',
  'datePrecision',
  'sourceRecord',
  'statementDate',
  'evidence',
  'record',
  'version',
]);

const str = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : null);

function validAt(e: GraphEdge, date: string): boolean {
  const since = str(e.properties.since);
  const until = str(e.properties.until);
  return (since === null || since <= date) && (until === null || date < until);
}

/** An edge that began, ended, or both inside the window, marked from its own dates. */
function markAlone(e: GraphEdge, from: string, to: string): DiffEdge {
  const since = str(e.properties.since);
  const until = str(e.properties.until);
  const atFrom = validAt(e, from);
  const atTo = validAt(e, to);
  if (!atFrom && atTo) {
    return {
      ...e,
      change: 'added',
      reason: 'began',
      at: since!,
      changes: { since: { from: null, to: since } },
    };
  }
  if (atFrom && !atTo) {
    return {
      ...e,
      change: 'removed',
      reason: 'ended',
      at: until!,
      changes: { until: { from: null, to: until } },
    };
  }
  // Valid at neither date: it existed only inside the window (gone again at `to`).
  return {
    ...e,
    change: 'removed',
    reason: 'began-and-ended',
    at: since ?? until!,
    changes: { since: { from: null, to: since }, until: { from: null, to: until } },
  };
}

/**
 * The versions of one source record (`record`) seen in the window: the version valid at `from`
 * against the one valid at `to` is one "changed" edge (stake 30% → 45%), not a removal and an
 * addition; a record that starts or stops inside the window is added or removed.
 */
function markRecord(versions: GraphEdge[], from: string, to: string): DiffEdge[] {
  const before = versions.find((v) => validAt(v, from));
  const after = versions.find((v) => validAt(v, to));
  if (before && after) {
    if (before.id === after.id) return [];
    const changes = fieldChanges(before.properties, after.properties, VERSION_BOOKKEEPING);
    if (after.type !== before.type) changes.type = { from: before.type, to: after.type };
    if (Object.keys(changes).length === 0) return [];
    return [
      {
        ...after,
        change: 'changed',
        reason: 'version',
        at: str(after.properties.since) ?? to,
        changes,
        previous: before.id,
      },
    ];
  }
  if (before) return [markAlone(before, from, to)];
  if (after) return [markAlone(after, from, to)];
  // Every version began and ended inside the window: the last one stands for the record.
  const since = (e: GraphEdge) => str(e.properties.since) ?? '';
  const last = [...versions].sort((a, b) => since(a).localeCompare(since(b))).pop();
  return last ? [markAlone(last, from, to)] : [];
}

function entityDate(n: GraphNode, keys: string[]): string | null {
  for (const k of keys) {
    const v = str(n.properties[k]);
    if (v !== null) return v;
  }
  return null;
}

/** An entity whose own dates fall in the window: founded/born, dissolved/died, an event. */
function markByDates(n: GraphNode, from: string, to: string): DiffNode {
  const inWindow = (d: string | null) => d !== null && d > from && d <= to;
  const ended = entityDate(n, ['dissolutionDate', 'deathDate']);
  if (inWindow(ended)) {
    const key = n.properties.dissolutionDate !== undefined ? 'dissolutionDate' : 'deathDate';
    return {
      ...n,
      change: 'removed',
      reason: 'dissolved',
      at: ended!,
      changes: { [key]: { from: null, to: ended } },
    };
  }
  const isEvent = n.labels.includes('Event');
  const key = isEvent
    ? 'date'
    : n.properties.foundingDate !== undefined
      ? 'foundingDate'
      : 'birthDate';
  const began = str(n.properties[key]);
  return {
    ...n,
    change: 'added',
    reason: isEvent ? 'occurred' : 'founded',
    at: began ?? to,
    changes: { [key]: { from: null, to: began } },
  };
}

/** World time: how the graph's picture of the world at `from` differs from the one at `to`. */
export async function worldDiff(db: Db, opts: DiffOptions): Promise<GraphDiff> {
  const { from, to } = opts;
  return db.readTx(async (tx) => {
    const ids = opts.entity ? await scopeIds(db, tx, opts.entity, opts.depth) : null;
    const relRes = await tx.run(db.queries.get('diff-relationships'), {
      from,
      to,
      ids,
      families: opts.families ?? null,
      cap: intParam(SCAN_CAP),
    });
    let truncated = relRes.records.length >= SCAN_CAP;
    const rels = relRes.records.map((r) =>
      toGraphEdge(r.toObject() as Parameters<typeof toGraphEdge>[0]),
    );

    const byRecord = new Map<string, GraphEdge[]>();
    const marked: DiffEdge[] = [];
    for (const e of rels) {
      const record = str(e.properties.record);
      if (record === null) marked.push(markAlone(e, from, to));
      else byRecord.set(record, [...(byRecord.get(record) ?? []), e]);
    }
    for (const versions of byRecord.values()) marked.push(...markRecord(versions, from, to));

    // Families scope relationships only; entity dates are listed when no family is asked for.
    const dated = opts.families
      ? []
      : (
          await tx.run(db.queries.get('diff-entity-dates'), {
            from,
            to,
            ids,
            cap: intParam(SCAN_CAP),
          })
        ).records.map((r) =>
          markByDates(toGraphNode(r.toObject() as Parameters<typeof toGraphNode>[0]), from, to),
        );

    // One list of changes in time order, cut at the limit.
    const listed = [...marked, ...dated].sort(byWhen);
    if (listed.length > opts.limit) truncated = true;
    const kept = listed.slice(0, opts.limit);
    const edges = kept.filter((x): x is DiffEdge => 'source' in x);
    const nodeMarks = new Map<string, DiffMark>(
      kept.filter((x): x is DiffNode => !('source' in x)).map((n) => [n.id, n]),
    );

    // Ends of the listed edges: appeared or left when they have no valid relationship at one date.
    const ends = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
    const presence = await tx.run(db.queries.get('diff-entity-presence'), {
      ids: ends.filter((id) => !nodeMarks.has(id)),
      from,
      to,
    });
    for (const r of presence.records) {
      const id = r.get('id') as string;
      const atFrom = Number(r.get('atFrom'));
      const atTo = Number(r.get('atTo'));
      if ((atFrom === 0) === (atTo === 0)) continue;
      const endEdges = edges.filter((e) => e.source === id || e.target === id);
      const at = endEdges.map((e) => e.at ?? to).sort()[0] ?? to;
      nodeMarks.set(id, {
        change: atFrom === 0 ? 'added' : 'removed',
        reason: 'relationships',
        at,
        changes: { relationships: { from: atFrom, to: atTo } },
      });
    }

    const nodes = await nodesByIds(db, tx, [...new Set([...ends, ...nodeMarks.keys()])]);
    const nodeList: DiffNode[] = [...nodes.values()].map((n) => {
      const mark = nodeMarks.get(n.id);
      if (!mark) return n;
      const { labels, properties, id } = n;
      return { ...mark, id, labels, properties };
    });
    nodeList.sort(byWhen);
    return {
      nodes: nodeList,
      edges,
      from,
      to,
      time: 'world',
      counts: countChanges([...nodeList, ...edges]),
      truncated,
      limit: opts.limit,
    };
  });
}

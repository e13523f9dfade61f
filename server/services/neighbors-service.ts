import type { ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { notFound } from '../errors';
import { typesOf, type Family } from '../families';
import type { GraphEdge, GraphNode } from '../mapper';
import { toGraphEdge, toGraphNode } from './graph-service';

export type Direction = 'out' | 'in' | 'both';

export interface NeighborsOptions {
  id: string;
  families?: Family[];
  direction: Direction;
  depth: number;
  limit: number;
  at?: string;
}

export interface NeighborNode extends GraphNode {
  /** Hops from the center (0 for the center itself). */
  distance: number;
  /** All relationships of the entity, any family, any time. */
  degree: number;
}

export interface NeighborsView {
  center: string;
  nodes: NeighborNode[];
  edges: GraphEdge[];
  /** True when neighbours were left out to stay under `limit`. */
  truncated: boolean;
  /** How many neighbours were left out. */
  omitted: number;
  /** Neighbours found (center excluded), kept or not. */
  total: number;
  /** False when the expansion itself stopped early (a huge hub): `omitted` is then a lower bound. */
  exhaustive: boolean;
  /** Which neighbours are kept when there are too many. */
  order: 'distance, degree desc, id';
  depth: number;
  direction: Direction;
  families: Family[] | null;
  at: string | null;
}

/** The expansion stops discovering past this many entities, and reads this many edges per hop. */
const EXPLORE_CAP = 20_000;
const ROW_CAP = 100_000;

interface EdgeRecord {
  elementId: string;
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
}

interface StepRecord extends Omit<EdgeRecord, 'properties'> {
  neighbor: string;
}

interface Filters {
  direction: Direction;
  types: string[] | null;
  at: string | null;
}

/** What an expansion found: the kept ids (center first, in rank order) and their edges. */
interface Found {
  kept: string[];
  distance: Map<string, number>;
  degree: Map<string, number>;
  /** Neighbours found, kept or not (center excluded). */
  total: number;
  exhaustive: boolean;
  edges: EdgeRecord[];
  /** The kept entities, when the expansion already read them. */
  nodes?: Map<string, GraphNode>;
}

interface KeptRecord {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
  edges: EdgeRecord[];
}

export class NeighborsService {
  constructor(private readonly db: Db) {}

  /**
   * Breadth-first expansion. When more than `limit` neighbours are found, the closest are kept,
   * then the most connected, then by id: so the kept set is always connected. One hop (an
   * expand click, the common case) is ranked in the database so a hub costs `limit` rows.
   */
  async neighbors(opts: NeighborsOptions): Promise<NeighborsView> {
    return this.db.readTx(async (tx) => {
      const filters = {
        direction: opts.direction,
        types: opts.families ? typesOf(opts.families) : null,
        at: opts.at ?? null,
      };
      const found =
        opts.depth === 1
          ? await this.ranked(tx, opts, filters)
          : await this.expanded(tx, opts, filters);
      if (!found) throw notFound(`Entity ${opts.id}`);
      return this.view(tx, opts, found);
    });
  }

  /** Depth 1 in two queries: neighbours ranked and cut in Cypher, then the kept ones whole. */
  private async ranked(
    tx: ManagedTransaction,
    opts: NeighborsOptions,
    filters: Filters,
  ): Promise<Found | null> {
    const res = await tx.run(this.db.queries.get('neighbors-ranked'), {
      id: opts.id,
      ...filters,
      limit: intParam(opts.limit),
    });
    const row = res.records[0];
    if (!row) return null;
    const ranked = row.get('kept') as Array<{ id: string; degree: unknown }>;
    const kept = [opts.id, ...ranked.map((k) => k.id)];
    const degree = new Map<string, number>([
      [opts.id, Number(row.get('degree'))],
      ...ranked.map((k): [string, number] => [k.id, Number(k.degree)]),
    ]);
    const keptResult = await tx.run(this.db.queries.get('neighbors-kept'), {
      id: opts.id,
      ids: kept,
      ...filters,
    });
    const nodes = new Map<string, GraphNode>();
    const edges: EdgeRecord[] = [];
    for (const r of keptResult.records) {
      const rec = r.toObject() as unknown as KeptRecord;
      nodes.set(rec.id, toGraphNode(rec));
      edges.push(...rec.edges);
    }
    return {
      kept,
      distance: new Map(kept.map((id, i) => [id, i === 0 ? 0 : 1])),
      degree,
      total: Number(row.get('total')),
      exhaustive: true,
      edges,
      nodes,
    };
  }

  /** Deeper: one query per hop from the frontier, then rank everything found. */
  private async expanded(
    tx: ManagedTransaction,
    opts: NeighborsOptions,
    filters: Filters,
  ): Promise<Found | null> {
    const q = (name: string) => this.db.queries.get(name);
    const center = await tx.run(q('entity-by-id'), { id: opts.id, at: opts.at ?? null });
    if (center.records.length === 0) return null;
    const distance = new Map<string, number>([[opts.id, 0]]);
    const edges = new Map<string, StepRecord>();
    let frontier = [opts.id];
    let exhaustive = true;
    for (let d = 1; d <= opts.depth && frontier.length > 0; d++) {
      const step = await tx.run(q('neighbors-step'), {
        frontier,
        ...filters,
        rowCap: intParam(ROW_CAP),
      });
      if (step.records.length >= ROW_CAP) exhaustive = false;
      const next: string[] = [];
      for (const rec of step.records) {
        const row = rec.toObject() as unknown as StepRecord;
        edges.set(row.id, row);
        if (!distance.has(row.neighbor)) {
          distance.set(row.neighbor, d);
          next.push(row.neighbor);
        }
      }
      frontier = next;
      if (distance.size > EXPLORE_CAP) {
        exhaustive = exhaustive && d === opts.depth;
        break;
      }
    }

    const found = [...distance.keys()].filter((n) => n !== opts.id);
    const degreeResult = await tx.run(q('entity-degrees'), { ids: [opts.id, ...found] });
    const degree = new Map<string, number>(
      degreeResult.records.map((r) => [r.get('id') as string, Number(r.get('degree'))]),
    );
    found.sort(
      (a, b) =>
        distance.get(a)! - distance.get(b)! ||
        (degree.get(b) ?? 0) - (degree.get(a) ?? 0) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
    const kept = [opts.id, ...found.slice(0, opts.limit)];
    const keptSet = new Set(kept);
    const keptEdges = [...edges.values()].filter(
      (e) => keptSet.has(e.source) && keptSet.has(e.target),
    );
    const propsResult = await tx.run(q('relationship-properties-by-element-ids'), {
      elementIds: keptEdges.map((e) => e.elementId),
    });
    const props = new Map<string, Record<string, unknown>>(
      propsResult.records.map((r) => [r.get('elementId'), r.get('properties')]),
    );
    return {
      kept,
      distance,
      degree,
      total: found.length,
      exhaustive,
      edges: keptEdges.map((e) => ({ ...e, properties: props.get(e.elementId) ?? {} })),
    };
  }

  private async entities(
    tx: ManagedTransaction,
    ids: string[],
    at: string | null,
  ): Promise<Map<string, GraphNode>> {
    const res = await tx.run(this.db.queries.get('entities-by-ids'), { ids, at });
    return new Map(
      res.records.map((r) => {
        const node = toGraphNode(r.toObject() as Parameters<typeof toGraphNode>[0]);
        return [node.id, node];
      }),
    );
  }

  private async view(
    tx: ManagedTransaction,
    opts: NeighborsOptions,
    found: Found,
  ): Promise<NeighborsView> {
    const { kept, distance, degree } = found;
    const byId = found.nodes ?? (await this.entities(tx, kept, opts.at ?? null));
    const nodes: NeighborNode[] = kept
      .filter((n) => byId.has(n))
      .map((n) => ({ ...byId.get(n)!, distance: distance.get(n)!, degree: degree.get(n) ?? 0 }));
    const edgeList = found.edges
      .map((e) => toGraphEdge(e))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const omitted = found.total - (kept.length - 1);
    return {
      center: opts.id,
      nodes,
      edges: edgeList,
      truncated: omitted > 0 || !found.exhaustive,
      omitted,
      total: found.total,
      exhaustive: found.exhaustive,
      order: 'distance, degree desc, id',
      depth: opts.depth,
      direction: opts.direction,
      families: opts.families ?? null,
      at: opts.at ?? null,
    };
  }
}

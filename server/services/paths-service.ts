import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { badRequest, notFound } from '../errors';
import { typesOf, type Family } from '../families';
import type { GraphEdge, GraphNode } from '../mapper';
import { toGraphEdge, toGraphNode } from './graph-service';
import type { PathPayload, PathsView } from '../model/payloads';
export type { PathPayload, PathsView };

export interface PathsOptions {
  from: string;
  to: string;
  maxHops: number;
  families?: Family[];
  at?: string;
  limit: number;
}

type NodeRec = Parameters<typeof toGraphNode>[0];
type EdgeRec = Parameters<typeof toGraphEdge>[0];

export class PathsService {
  constructor(private readonly db: Db) {}

  /** All shortest undirected paths (allShortestPaths, bounded; no exhaustive fallback). */
  async paths(opts: PathsOptions): Promise<PathsView> {
    if (opts.from === opts.to) throw badRequest('from and to must be two different entities');
    return this.db.readTx(async (tx) => {
      const existing = await tx.run(this.db.queries.get('entities-existing'), {
        ids: [opts.from, opts.to],
      });
      const found = new Set(existing.records.map((r) => r.get('id') as string));
      const missing = [opts.from, opts.to].filter((id) => !found.has(id));
      if (missing.length > 0) throw notFound(`Entity ${missing.join(' and ')}`);

      const result = await tx.run(this.db.queries.get('paths-all-shortest'), {
        from: opts.from,
        to: opts.to,
        maxHops: intParam(opts.maxHops),
        types: opts.families ? typesOf(opts.families) : null,
        at: opts.at ?? null,
        limit: intParam(opts.limit + 1),
      });
      const truncated = result.records.length > opts.limit;
      const paths = result.records.slice(0, opts.limit).map((rec): PathPayload => {
        const edges = (rec.get('edges') as EdgeRec[]).map((e) => toGraphEdge(e));
        return {
          nodes: (rec.get('nodes') as NodeRec[]).map((n) => toGraphNode(n)),
          edges,
          length: edges.length,
        };
      });
      const nodes = new Map<string, GraphNode>();
      const edges = new Map<string, GraphEdge>();
      for (const p of paths) {
        p.nodes.forEach((n) => nodes.set(n.id, n));
        p.edges.forEach((e) => edges.set(e.id, e));
      }
      return {
        from: opts.from,
        to: opts.to,
        length: paths.length ? paths[0].length : null,
        paths,
        graph: { nodes: [...nodes.values()], edges: [...edges.values()] },
        truncated,
        maxHops: opts.maxHops,
        families: opts.families ?? null,
        at: opts.at ?? null,
      };
    });
  }
}

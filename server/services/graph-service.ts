import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { familyOf } from '../families';
import { propertiesToJson, type GraphEdge, type GraphNode, type GraphPayload } from '../mapper';

interface NodeRecord {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
}

interface EdgeRecord extends NodeRecord {
  type: string;
  source: string;
  target: string;
}

export interface GraphView extends GraphPayload {
  truncated: boolean;
  totalNodes: number;
}

export function toGraphNode(rec: NodeRecord): GraphNode {
  return { id: rec.id, labels: rec.labels, properties: propertiesToJson(rec.properties) };
}

export function toGraphEdge(rec: Omit<EdgeRecord, 'labels'>): GraphEdge {
  return {
    id: rec.id,
    type: rec.type,
    family: familyOf(rec.type) ?? null,
    source: rec.source,
    target: rec.target,
    properties: propertiesToJson(rec.properties),
  };
}

export class GraphService {
  constructor(private readonly db: Db) {}

  /** The whole graph up to `cap` nodes; past it, the `cap` most connected entities and their edges. */
  async graph(opts: { cap: number; at?: string }): Promise<GraphView> {
    return this.db.readTx(async (tx) => {
      const counts = await tx.run(this.db.queries.get('graph-counts'), { at: opts.at ?? null });
      const totalNodes = counts.records[0].get('nodes').toNumber();
      const truncated = totalNodes > opts.cap;
      const nodeResult = truncated
        ? await tx.run(this.db.queries.get('graph-overview-nodes'), {
            limit: intParam(opts.cap),
            at: opts.at ?? null,
          })
        : await tx.run(this.db.queries.get('graph-all-nodes'), { at: opts.at ?? null });
      const nodes = nodeResult.records.map((r) => toGraphNode(r.toObject() as NodeRecord));
      const edgeResult = await tx.run(this.db.queries.get('graph-edges-among'), {
        ids: nodes.map((n) => n.id),
        at: opts.at ?? null,
      });
      const edges = edgeResult.records.map((r) => toGraphEdge(r.toObject() as EdgeRecord));
      return { nodes, edges, truncated, totalNodes };
    });
  }
}

import type { Db } from '../db/db';
import { AppError, notFound } from '../errors';
import { FAMILIES, familyOf, type Family } from '../families';
import { propertiesToJson, type GraphNode, type JsonValue } from '../mapper';
import { toGraphNode } from './graph-service';

export interface TypeCount {
  type: string;
  family: Family | null;
  in: number;
  out: number;
  total: number;
}

export interface FamilyCount {
  family: Family | 'other';
  in: number;
  out: number;
  total: number;
}

export interface SourceMention {
  id: string;
  /** Null when a relationship names a source id that has no node. */
  name: string | null;
  labels: string[];
  properties: Record<string, JsonValue>;
  /** `provenance`: named as `source` of its relationships; `reports`: a REPORTS edge points at it. */
  via: Array<'provenance' | 'reports'>;
  /** How many of its relationships cite this source. */
  relationships: number;
}

export interface EntityDetails {
  entity: GraphNode;
  relationships: {
    total: number;
    in: number;
    out: number;
    byType: TypeCount[];
    byFamily: FamilyCount[];
  };
  sources: SourceMention[];
}

/** 410: the entity was retracted; as-of reads from before the retraction still show it. */
function retracted(id: string, r: Record<string, unknown>): AppError {
  return new AppError(
    410,
    'ENTITY_RETRACTED',
    `Entity ${id} was retracted on ${String(r.retractedAt)} by ${String(r.retractedBy)} (change ${String(r.change)}); GET /api/changes?entity=${id} shows why, ?at= a day before shows it`,
  );
}

export class EntityService {
  constructor(private readonly db: Db) {}

  /** An entity with its relationship counts and sources, as of the day `at` (default: today). */
  async details(id: string, at?: string): Promise<EntityDetails> {
    return this.db.readTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('entity-by-id'), { id, at: at ?? null });
      if (found.records.length === 0) {
        const gone = await tx.run(this.db.queries.get('entity-retraction'), { id });
        if (gone.records.length > 0) throw retracted(id, gone.records[0].toObject());
        throw notFound(`Entity ${id}`);
      }
      const entity = toGraphNode(found.records[0].toObject() as Parameters<typeof toGraphNode>[0]);

      const counts = await tx.run(this.db.queries.get('entity-relationship-counts'), {
        id,
        at: at ?? null,
      });
      const byType = new Map<string, TypeCount>();
      for (const rec of counts.records) {
        const type = rec.get('type') as string;
        const row = byType.get(type) ?? {
          type,
          family: familyOf(type) ?? null,
          in: 0,
          out: 0,
          total: 0,
        };
        const n = Number(rec.get('count'));
        if (rec.get('direction') === 'out') row.out += n;
        else row.in += n;
        row.total += n;
        byType.set(type, row);
      }
      const byFamily = new Map<string, FamilyCount>();
      for (const t of byType.values()) {
        const family = t.family ?? 'other';
        const row = byFamily.get(family) ?? { family, in: 0, out: 0, total: 0 };
        row.in += t.in;
        row.out += t.out;
        row.total += t.total;
        byFamily.set(family, row);
      }
      const familyOrder = [...FAMILIES, 'other'];
      const types = [...byType.values()];

      const sourceResult = await tx.run(this.db.queries.get('entity-sources'), {
        id,
        at: at ?? null,
      });
      const sources = sourceResult.records.map((rec): SourceMention => {
        const properties = rec.get('properties') as Record<string, unknown> | null;
        return {
          id: rec.get('id') as string,
          name: typeof properties?.name === 'string' ? properties.name : null,
          labels: (rec.get('labels') as string[] | null) ?? [],
          properties: properties ? propertiesToJson(properties) : {},
          via: [...new Set(rec.get('via') as Array<'provenance' | 'reports'>)].sort(),
          relationships: Number(rec.get('relationships')),
        };
      });

      return {
        entity,
        relationships: {
          total: types.reduce((s, t) => s + t.total, 0),
          in: types.reduce((s, t) => s + t.in, 0),
          out: types.reduce((s, t) => s + t.out, 0),
          byType: types,
          byFamily: [...byFamily.values()].sort(
            (a, b) => familyOrder.indexOf(a.family) - familyOrder.indexOf(b.family),
          ),
        },
        sources,
      };
    });
  }
}

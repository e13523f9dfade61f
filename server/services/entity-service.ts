import type { Db } from '../db/db';
import { notFound } from '../errors';
import { FAMILIES, familyOf } from '../families';
import { propertiesToJson } from '../mapper';
import { toGraphNode } from './graph-service';
import type { EntityDetails, FamilyCount, SourceMention, TypeCount } from '../model/payloads';
export type { EntityDetails, FamilyCount, SourceMention, TypeCount };

export class EntityService {
  constructor(private readonly db: Db) {}

  async details(id: string): Promise<EntityDetails> {
    return this.db.readTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('entity-by-id'), { id });
      if (found.records.length === 0) throw notFound(`Entity ${id}`);
      const entity = toGraphNode(found.records[0].toObject() as Parameters<typeof toGraphNode>[0]);

      const counts = await tx.run(this.db.queries.get('entity-relationship-counts'), { id });
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

      const sourceResult = await tx.run(this.db.queries.get('entity-sources'), { id });
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

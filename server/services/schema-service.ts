import type { Db } from '../db/db';
import { ENTITY_KINDS, FAMILIES, familyOf, typesOf } from '../families';
import type { SchemaView } from '../model/payloads';
export type { SchemaView };

function countMap(list: unknown, key: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of (list as Array<Record<string, unknown>>) ?? []) {
    out.set(String(item[key]), Number(item.count));
  }
  return out;
}

export class SchemaService {
  constructor(private readonly db: Db) {}

  /** What the console autocompletes from: labels, types (with family), keys, and counts. */
  async schema(): Promise<SchemaView> {
    return this.db.readTx(async (tx) => {
      const q = (name: string) => tx.run(this.db.queries.get(name));
      const labels = (await q('schema-labels')).records.map((r) => r.get('label') as string);
      const types = (await q('schema-relationship-types')).records.map(
        (r) => r.get('type') as string,
      );
      const keys = (await q('schema-property-keys')).records.map((r) => r.get('key') as string);
      const stats = (await q('schema-counts')).records[0];
      const labelCounts = countMap(stats.get('labelCounts'), 'label');
      const typeCounts = countMap(stats.get('typeCounts'), 'type');
      return {
        labels: labels.map((label) => ({ label, count: labelCounts.get(label) ?? 0 })),
        relationshipTypes: types.map((type) => ({
          type,
          family: familyOf(type) ?? null,
          count: typeCounts.get(type) ?? 0,
        })),
        propertyKeys: keys,
        families: FAMILIES.map((family) => ({ family, types: typesOf([family]) })),
        kinds: [...ENTITY_KINDS],
        counts: {
          nodes: Number(stats.get('nodes') ?? 0),
          relationships: Number(stats.get('relationships') ?? 0),
          labels: labels.length,
          relationshipTypes: types.length,
          propertyKeys: keys.length,
        },
      };
    });
  }
}

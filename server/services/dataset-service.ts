import type { Db } from '../db/db';
import { AppError } from '../errors';
import { recordChange } from '../workspace/change-log';

export interface DatasetSummary {
  id: string;
  name: string;
  format: string | null;
  importedAt: string | null;
  importedBy: string | null;
  entities: number;
  relationships: number;
}

const toNumber = (v: unknown) =>
  typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber();

/** Imported datasets: list them and delete what only one of them asserts. */
export class DatasetService {
  constructor(private readonly db: Db) {}

  async list(): Promise<DatasetSummary[]> {
    const r = await this.db.read('datasets-list');
    return r.records.map((x) => ({
      id: x.get('id') as string,
      name: x.get('name') as string,
      format: (x.get('format') as string | null) ?? null,
      importedAt: (x.get('importedAt') as string | null) ?? null,
      importedBy: (x.get('importedBy') as string | null) ?? null,
      entities: toNumber(x.get('entities')),
      relationships: toNumber(x.get('relationships')),
    }));
  }

  /**
   * Removes the dataset's relationships, then the entities no other dataset (nor the seed)
   * asserts and nothing else still links, then its Source node. Each step is batched and
   * idempotent: a delete cut short is finished by running it again.
   */
  async remove(id: string, user = 'local'): Promise<{ id: string; before: DatasetSummary }> {
    const before = (await this.list()).find((d) => d.id === id);
    if (!before) throw new AppError(404, 'NOT_FOUND', `No dataset ${id}`);
    for (const q of [
      'dataset-delete-relationships',
      'dataset-delete-entities',
      'dataset-unlist',
      'dataset-delete-source',
    ]) {
      await this.db.autoCommit(this.db.queries.get(q), { id });
    }
    await recordChange(this.db, {
      user,
      action: 'dataset-delete',
      targetType: 'dataset',
      target: id,
      before: { ...before },
    });
    return { id, before };
  }
}

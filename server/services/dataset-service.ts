import type { Db } from '../db/db';
import { AppError } from '../errors';
import { recordChange } from '../workspace/change-log';
import { entityRow } from '../ingest/loader';
import type { EntityRecord } from '../model/records';
import { distinctList, PROVENANCE_SEP as SEP } from '../ingest/provenance-lists';

/**
 * The node's properties once `next`'s kept view owns it: that record as the loader writes it, and
 * what the datasets after it still add (names, identifiers, their views).
 */
export function promotedRow(
  id: string,
  datasets: string[],
  views: string[],
  names: string[],
  ids: string[],
  deleted: string,
): { id: string; date?: string; p: Record<string, unknown> } | null {
  const remaining = datasets.filter((d) => d !== deleted);
  const next = remaining[0];
  const view = views.find((v) => v.startsWith(next + SEP));
  if (!view) return null;
  const record = JSON.parse(view.slice(next.length + 1)) as EntityRecord;
  const row = entityRow({ ...record, id, dataset: undefined });
  const keep = (x: string) => !x.startsWith(next + SEP) && !x.startsWith(deleted + SEP);
  const restViews = views.filter(keep);
  const restNames = names.filter(keep);
  const restIds = ids.filter(keep);
  const p: Record<string, unknown> = { ...row.p, datasets: remaining };
  if (restViews.length) {
    const own = (row.p.aliases as string[] | undefined) ?? [];
    const ownIds = (row.p.identifiers as string[] | undefined) ?? [];
    const value = (x: string) => x.slice(x.indexOf(SEP) + 1);
    Object.assign(p, {
      assertedBy: restViews,
      otherNames: restNames,
      otherIdentifiers: restIds,
      ownAliases: own,
      ownIdentifiers: ownIds,
      aliases: distinctList([...own, ...restNames.map(value)], record.name),
      identifiers: distinctList([...ownIds, ...restIds.map(value)]),
    });
  }
  return { id, date: row.date, p };
}

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
      'dataset-retract',
    ]) {
      await this.db.autoCommit(this.db.queries.get(q), { id });
    }
    await this.promoteNext(id);
    for (const q of ['dataset-unlist', 'dataset-delete-source']) {
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

  /** Entities the dataset asserted first and others restated: the next one's view takes over. */
  private async promoteNext(id: string): Promise<void> {
    const r = await this.db.read('dataset-owned-shared', { id });
    const rows = r.records
      .map((x) =>
        promotedRow(
          x.get('id') as string,
          x.get('datasets') as string[],
          x.get('views') as string[],
          x.get('names') as string[],
          x.get('ids') as string[],
          id,
        ),
      )
      .filter((x) => x !== null);
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await this.db.writeTx((tx) =>
        tx.run(this.db.queries.get('dataset-promote'), { rows: batch }),
      );
    }
  }
}

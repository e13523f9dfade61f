import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { ENTITY_KINDS } from '../families';
import { propertiesToJson } from '../mapper';
import type { DuplicatePair, DuplicateSide, DuplicatesView } from '../model/duplicates';
import { compare, scoreOf, type ScoredEntity } from './duplicate-scoring';
import { versionOf } from '../workspace/versions';

/** Entities sharing one key beyond this are not compared pair by pair (a very common name). */
export const BLOCK_CAP = 30;
/** Neighbours read per entity to find shared ones. */
const NEIGHBOUR_CAP = 200;
/** Properties the side-by-side view leaves out (keys, or shown on their own). */
const SIDE_HIDDEN = new Set(['nameKeys', 'name', 'aliases', 'identifiers', 'datasets', 'version']);

export interface DuplicatesOptions {
  limit: number;
  minScore: number;
  /** Only the candidates of this entity. */
  entity?: string;
}

/** `<a>|<b>`, ids sorted: one key per pair whichever way it is asked. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

interface EntityRow {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
  degree: unknown;
  neighbours: string[];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const firstString = (v: unknown): string | null =>
  typeof v === 'string' ? v : (strings(v)[0] ?? null);

function kindOf(labels: string[]): string | null {
  return labels.find((l) => (ENTITY_KINDS as readonly string[]).includes(l)) ?? null;
}

function scored(row: EntityRow): ScoredEntity {
  const p = row.properties;
  const addresses = [...strings(p.addresses), ...strings(p.address)];
  if (typeof p.address === 'string') addresses.push(p.address);
  return {
    id: row.id,
    kind: kindOf(row.labels),
    name: typeof p.name === 'string' ? p.name : row.id,
    aliases: strings(p.aliases),
    identifiers: strings(p.identifiers),
    birthDate: firstString(p.birthDate),
    addresses,
    neighbours: row.neighbours,
  };
}

function side(row: EntityRow, e: ScoredEntity): DuplicateSide {
  const props = propertiesToJson(row.properties);
  for (const k of SIDE_HIDDEN) delete props[k];
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    aliases: e.aliases,
    identifiers: e.identifiers,
    datasets: strings(row.properties.datasets),
    degree: Number(row.degree),
    version: versionOf(row.properties.version),
    properties: props,
  };
}

/**
 * Duplicate candidates: blocked by shared keys in the database (normalised name, spelling
 * skeleton, identifier), then scored pair by pair on the evidence. Merged entities have left the
 * graph and pairs decided "different" are dropped, so neither is proposed again.
 */
export class DuplicatesService {
  constructor(private readonly db: Db) {}

  async candidates(opts: DuplicatesOptions): Promise<DuplicatesView> {
    return this.db.readTx(async (tx) => {
      const blocks = opts.entity
        ? await tx.run(this.db.queries.get('duplicates-blocks-of'), {
            id: opts.entity,
            blockCap: intParam(BLOCK_CAP),
          })
        : await tx.run(this.db.queries.get('duplicates-blocks'), { blockCap: intParam(BLOCK_CAP) });
      const pairs = new Map<string, [string, string]>();
      const skippedBlocks: Array<{ key: string; size: number }> = [];
      for (const rec of blocks.records) {
        const ids = rec.get('ids') as string[];
        const size = Number(rec.get('size'));
        if (ids.length === 0) {
          skippedBlocks.push({ key: rec.get('key') as string, size });
          continue;
        }
        const sorted = [...new Set(ids)].sort();
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) {
            if (opts.entity && sorted[i] !== opts.entity && sorted[j] !== opts.entity) continue;
            pairs.set(`${sorted[i]}|${sorted[j]}`, [sorted[i], sorted[j]]);
          }
        }
      }
      skippedBlocks.sort((a, b) => b.size - a.size);

      const decided = await tx.run(this.db.queries.get('duplicates-decisions'), {
        pairs: [...pairs.keys()],
      });
      const decisions = new Map(
        decided.records.map((r) => [r.get('pair') as string, r.get('decision') as string]),
      );
      for (const [key, decision] of decisions) if (decision !== 'unsure') pairs.delete(key);

      const ids = [...new Set([...pairs.values()].flat())];
      const rows = await tx.run(this.db.queries.get('duplicates-entities'), {
        ids,
        neighbourCap: intParam(NEIGHBOUR_CAP),
      });
      const byId = new Map<string, { row: EntityRow; e: ScoredEntity }>();
      for (const r of rows.records) {
        const row = r.toObject() as unknown as EntityRow;
        byId.set(row.id, { row, e: scored(row) });
      }

      const out: DuplicatePair[] = [];
      for (const [key, [a, b]] of pairs) {
        const x = byId.get(a);
        const y = byId.get(b);
        if (!x || !y) continue;
        const evidence = compare(x.e, y.e);
        const score = scoreOf(evidence);
        if (score < opts.minScore) continue;
        out.push({
          pair: key,
          a: side(x.row, x.e),
          b: side(y.row, y.e),
          score,
          evidence: evidence.sort((p, q) => q.weight - p.weight),
          decision: decisions.get(key) === 'unsure' ? 'unsure' : null,
        });
      }
      // Undecided first, then by score; ties by pair so the order is stable.
      out.sort(
        (p, q) =>
          Number(p.decision !== null) - Number(q.decision !== null) ||
          q.score - p.score ||
          (p.pair < q.pair ? -1 : 1),
      );
      return {
        pairs: out.slice(0, opts.limit),
        candidates: pairs.size,
        skippedBlocks: skippedBlocks.slice(0, 20),
        limit: opts.limit,
        minScore: opts.minScore,
      };
    });
  }
}

import type { ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { toJson } from '../mapper';
import type { SearchAnswer, SearchResult } from '../model/payloads';
export type { SearchAnswer, SearchResult };

/** Characters the Lucene query parser treats as syntax (`&&` and `||` are covered by & and |). */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** At most this many words go into one Lucene query. */
const MAX_WORDS = 8;

export function escapeLucene(word: string): string {
  return word.replace(LUCENE_SPECIAL, '\\$&');
}

/**
 * The user's words, split where the index's standard analyzer splits (so "scale-ai" is two words
 * and "x.ai" one), lower-cased since prefix and fuzzy terms are not analyzed.
 */
export function searchWords(q: string): string[] {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}._']+/u)
    .map((w) => w.replace(/^[._']+|[._']+$/g, ''))
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
}

/** One word: exact (boosted), prefix, and fuzzy for words of 4+ characters (2 edits from 8: two typos in a shorter word match too much, and cost more at 1M names). */
function wordClause(word: string): string {
  const w = escapeLucene(word);
  const clauses = [`${w}^4`, `${w}*`];
  if (word.length >= 4) clauses.push(`${w}~${word.length >= 8 ? 2 : 1}`);
  return `(${clauses.join(' OR ')})`;
}

/** A Lucene query string from user words: every word escaped; `AND` or `OR` between words. */
export function buildLuceneQuery(words: string[], mode: 'all' | 'any'): string {
  return words.map(wordClause).join(mode === 'all' ? ' AND ' : ' OR ');
}

export class SearchService {
  constructor(private readonly db: Db) {}

  /**
   * Ranked matches on names and aliases, then entities found by their notes' text (marked
   * `matchedBy: 'note'`); if nothing matches every word, any word will do.
   */
  async search(q: string, limit: number): Promise<SearchAnswer> {
    const words = searchWords(q);
    if (words.length === 0) return { query: q, match: 'none', results: [] };
    // One transaction for the two or four lookups: one round trip each, not a transaction each.
    return this.db.readTx(async (tx) => {
      const all = await this.both(tx, buildLuceneQuery(words, 'all'), limit);
      if (all.length > 0 || words.length === 1) {
        return { query: q, match: all.length ? 'all' : 'none', results: all };
      }
      const any = await this.both(tx, buildLuceneQuery(words, 'any'), limit);
      return { query: q, match: any.length ? 'any' : 'none', results: any };
    });
  }

  /** Name matches first; note matches fill the rest, one per entity. */
  private async both(
    tx: ManagedTransaction,
    query: string,
    limit: number,
  ): Promise<SearchResult[]> {
    const names = await this.run(tx, query, limit);
    if (names.length >= limit) return names;
    const seen = new Set(names.map((r) => r.id));
    const res = await tx.run(this.db.queries.get('note-search'), {
      query,
      limit: intParam(limit),
    });
    const notes: SearchResult[] = [];
    for (const r of res.records) {
      const id = r.get('id') as string;
      if (seen.has(id)) continue;
      seen.add(id);
      notes.push({
        id,
        labels: r.get('labels') as string[],
        name: (r.get('name') as string | null) ?? id,
        aliases: (toJson(r.get('aliases')) as string[] | null) ?? [],
        score: Number(r.get('score')),
        matchedBy: 'note',
        note: {
          id: r.get('noteId') as string,
          text: r.get('noteText') as string,
          target: r.get('noteTarget') as string,
          targetType: r.get('noteTargetType') as string,
        },
      });
    }
    return [...names, ...notes].slice(0, limit);
  }

  private async run(tx: ManagedTransaction, query: string, limit: number): Promise<SearchResult[]> {
    const result = await tx.run(this.db.queries.get('search-entities'), {
      query,
      limit: intParam(limit),
    });
    return result.records.map((r) => ({
      id: r.get('id') as string,
      labels: r.get('labels') as string[],
      name: (r.get('name') as string | null) ?? (r.get('id') as string),
      aliases: (toJson(r.get('aliases')) as string[] | null) ?? [],
      score: Number(r.get('score')),
      matchedBy: 'name' as const,
    }));
  }
}

import type { Db } from '../db/db';

export interface Readiness {
  status: 'ready' | 'not-ready';
  neo4j: 'up' | 'down';
  /** The indexes and constraints of cypher/schema.cypher: how many are online, which are not. */
  schema?: { expected: number; online: number; missing: string[]; populating: string[] };
}

/** Names of the indexes and constraints cypher/schema.cypher creates. */
export function schemaIndexNames(db: Db): string[] {
  return db.queries
    .statements('schema')
    .map((s) => /^CREATE\s+(?:CONSTRAINT|(?:FULLTEXT\s+|RANGE\s+|TEXT\s+)?INDEX)\s+(\w+)/i.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1]);
}

/** Readiness for a load balancer: the database answers and every schema index is ONLINE. */
export class ReadyService {
  private readonly names: string[];

  constructor(private readonly db: Db) {
    this.names = schemaIndexNames(db);
  }

  async check(): Promise<Readiness> {
    let states: Map<string, string>;
    try {
      const result = await this.db.read('ready-indexes', { names: this.names }, 2000);
      states = new Map(
        result.records.map((r) => [r.get('name') as string, r.get('state') as string]),
      );
    } catch {
      return { status: 'not-ready', neo4j: 'down' };
    }
    const missing = this.names.filter((n) => !states.has(n));
    const populating = this.names.filter((n) => states.has(n) && states.get(n) !== 'ONLINE');
    const online = this.names.length - missing.length - populating.length;
    return {
      status: missing.length === 0 && populating.length === 0 ? 'ready' : 'not-ready',
      neo4j: 'up',
      schema: { expected: this.names.length, online, missing, populating },
    };
  }
}

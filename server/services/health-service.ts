import type { Db } from '../db/db';

export interface Health {
  status: 'ok' | 'degraded';
  neo4j: 'up' | 'down';
  version?: string;
  edition?: string;
  database: string;
  mode: 'bundled' | 'external';
}

export class HealthService {
  constructor(
    private readonly db: Db,
    private readonly mode: 'bundled' | 'external',
  ) {}

  async check(): Promise<Health> {
    const base = { database: this.db.database ?? 'neo4j', mode: this.mode };
    try {
      const result = await this.db.read('health', {}, 2000);
      const rec = result.records[0];
      return {
        status: 'ok',
        neo4j: 'up',
        version: rec.get('version'),
        edition: rec.get('edition'),
        ...base,
      };
    } catch {
      return { status: 'degraded', neo4j: 'down', ...base };
    }
  }
}

import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../server/db/db';
import { changeCount, graphCounts } from './app';

/** Provenance every test write names (an existing Source of the seed). */
export const PROV = {
  source: 'source:scale-ai-layoffs-article-2025-07',
  evidence: 'Written by a test',
  confidence: 0.9,
};

/** A day before today (UTC), for as-of reads from before a write made now. */
export function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

export async function createEntity(app: Express, body: Record<string, unknown>) {
  const res = await request(app)
    .post('/api/entities')
    .send({ ...PROV, ...body })
    .expect(201);
  return res.body as {
    entity: { id: string; properties: Record<string, unknown> };
    version: number;
    change: string;
  };
}

export async function createRelationship(app: Express, body: Record<string, unknown>) {
  const res = await request(app)
    .post('/api/relationships')
    .send({ ...PROV, ...body })
    .expect(201);
  return res.body as {
    relationship: { id: string; properties: Record<string, unknown> };
    version: number;
    change: string;
  };
}

/**
 * Physically removes what the tests wrote (elements a write created, and every Change), and
 * takes edited seed elements back to their seed state, so other suites see the seed as it was.
 */
export async function removeEdits(db: Db): Promise<void> {
  await db.writeTx(async (tx) => {
    await tx.run('MATCH (n:Entity) WHERE n.createdAt IS NOT NULL DETACH DELETE n');
    await tx.run('MATCH ()-[r]->() WHERE r.createdAt IS NOT NULL DELETE r');
    await tx.run('MATCH (c:Change) DELETE c');
    await tx.run(
      `MATCH (n:Entity) WHERE n.version IS NOT NULL
       REMOVE n.version, n.updatedAt, n.updatedBy, n.retractedAt, n.retractedBy`,
    );
    await tx.run(
      `MATCH ()-[r]->() WHERE r.version IS NOT NULL
       REMOVE r.version, r.updatedAt, r.updatedBy, r.retractedAt, r.retractedBy`,
    );
  });
}

/** The graph's counts and the change log's: a refused write changes neither. */
export async function allCounts(db: Db) {
  return { ...(await graphCounts(db)), changes: await changeCount(db) };
}

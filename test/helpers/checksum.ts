import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import { createApp } from '../../server/app';
import { AuditLog } from '../../server/console/audit';
import { consoleLimits } from '../../server/console/limits';
import type { Db } from '../../server/db/db';
import { toJson } from '../../server/mapper';
import type { ConsoleOptions } from '../../server/routes/cypher';
import { ConsoleService } from '../../server/services/console-service';
import { graphCounts, suiteDb, suiteDriver } from './app';
import { APP_STATE_LABELS } from '../../server/state/labels';

export interface GraphFingerprint {
  nodes: number;
  relationships: number;
  /** sha256 over every node's labels + properties and every relationship's type + properties. */
  checksum: string;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/**
 * Counts and a checksum of all properties, labels and types: proves a test wrote nothing to the
 * graph. The app's own state (server/state/labels.ts: sessions, limit counters) is left out.
 */
export async function graphFingerprint(db: Db): Promise<GraphFingerprint> {
  const counts = await graphCounts(db);
  const lines = await db.readTx(async (tx) => {
    const n = await tx.run(
      'MATCH (n) WHERE none(l IN labels(n) WHERE l IN $state) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props',
      { state: [...APP_STATE_LABELS] },
    );
    const r = await tx.run(
      'MATCH (a)-[r]->(b) RETURN elementId(r) AS id, elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS props',
    );
    return [
      ...n.records.map((x) =>
        JSON.stringify(
          canonical(['N', x.get('id'), [...x.get('labels')].sort(), toJson(x.get('props'))]),
        ),
      ),
      ...r.records.map((x) =>
        JSON.stringify(
          canonical([
            'R',
            x.get('id'),
            x.get('a'),
            x.get('b'),
            x.get('type'),
            toJson(x.get('props')),
          ]),
        ),
      ),
    ];
  });
  lines.sort();
  const checksum = crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
  return { ...counts, checksum };
}

export interface ConsoleTestApp {
  app: Express;
  db: Db;
  driver: Driver;
  audit: AuditLog;
  auditFile: string;
  /** A console service with the same limits and audit log, for fast direct calls. */
  console: ConsoleService;
  auditLines(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * The real app on the suite's database with the console's limits injected, a temporary audit log
 * and the per-user console rate limits lifted (the battery and fuzzer send thousands of queries).
 */
export function consoleTestApp(opts: ConsoleOptions = {}): ConsoleTestApp {
  const driver = suiteDriver();
  const db = suiteDb(driver);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-audit-'));
  const auditFile = path.join(dir, 'audit.log');
  const audit = opts.auditLog ?? new AuditLog(auditFile);
  const app = createApp({
    db,
    mode: 'external',
    logger: pino({ level: 'silent' }),
    limits: { consolePerMinute: 1_000_000, consoleConcurrent: 1000 },
    console: { ...opts, auditLog: audit },
  });
  const { auditLog: _ignored, ...overrides } = opts;
  void _ignored;
  return {
    app,
    db,
    driver,
    audit,
    auditFile,
    console: new ConsoleService(db, consoleLimits(overrides), audit),
    async auditLines() {
      await audit.flush();
      if (!fs.existsSync(auditFile)) return [];
      return fs
        .readFileSync(auditFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    async close() {
      await driver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

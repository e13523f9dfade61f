import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Record as Neo4jRecord } from 'neo4j-driver';
import type { Db } from '../db/db';
import { GraphChecksum } from './graph-checksum';
import { decodeProps, encodeProps, type EncodedProps } from './property-codec';

/**
 * Online backup and restore of the whole graph as gzip JSON lines (a portable file: any Neo4j 5
 * takes it back). Line 1 is the header with the schema statements; then {"n":[id, labels, props]}
 * for each node and {"r":[start, end, type, props]} for each relationship (ids are the backup's
 * own, only meaningful inside the file), with typed property values (property-codec.ts); the last
 * line {"end":{nodes, relationships, checksum}} marks a complete file.
 */

export const BACKUP_FORMAT = 'entity-graph-explorer/backup';
export const BACKUP_VERSION = 1;
const BATCH = 2000;
/** A backup reads everything in one transaction: far longer than the app's own queries may run. */
const BACKUP_TX_TIMEOUT_MS = 24 * 3_600_000;

export interface GraphSummary {
  nodes: number;
  relationships: number;
  checksum: string;
}

interface Header {
  format: string;
  version: number;
  createdAt: string;
  schema: string[];
}

type Log = (line: string) => void;

/** Writes the backup to `file` (via a temporary file renamed at the end: never a half file). */
export async function backupGraph(db: Db, file: string, log: Log = () => undefined) {
  const session = db.driver.session({ database: db.database, defaultAccessMode: 'READ' });
  const tmp = `${file}.partial-${process.pid}`;
  const sum = new GraphChecksum();
  try {
    const tx = await session.beginTransaction({ timeout: BACKUP_TX_TIMEOUT_MS });
    try {
      const schema = [
        ...(await tx.run(db.queries.get('backup-constraints'))).records,
        ...(await tx.run(db.queries.get('backup-indexes'))).records,
      ].map((r) => r.get('createStatement') as string);
      const header: Header = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        schema,
      };
      const ids = new Map<string, number>();
      const nodeLine = (elementId: string, labels: string[], props: Record<string, unknown>) => {
        const id = ids.size;
        ids.set(elementId, id);
        const encoded = encodeProps(props);
        sum.addNode(String(id), labels, encoded);
        return `${JSON.stringify({ n: [id, labels, encoded] })}\n`;
      };
      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        for await (const rec of tx.run(db.queries.get('backup-nodes'))) {
          yield nodeLine(rec.get('id'), rec.get('labels'), rec.get('props'));
          if (ids.size % 100_000 === 0) log(`${ids.size} nodes`);
        }
        for await (const rec of tx.run(db.queries.get('backup-relationships'))) {
          // A node created after the node scan, met as an end: written before its relationship.
          for (const end of [rec.get('start'), rec.get('end')] as string[]) {
            if (ids.has(end)) continue;
            const late = (await tx.run(db.queries.get('backup-node'), { id: end })).records[0];
            if (late) yield nodeLine(end, late.get('labels'), late.get('props'));
          }
          yield relationshipLine(rec);
        }
        const summary: GraphSummary = {
          nodes: sum.nodes,
          relationships: sum.relationships,
          checksum: sum.digest(),
        };
        yield `${JSON.stringify({ end: summary })}\n`;
      }
      const relationshipLine = (rec: Neo4jRecord) => {
        const start = ids.get(rec.get('start'));
        const end = ids.get(rec.get('end'));
        if (start === undefined || end === undefined) return '';
        const encoded = encodeProps(rec.get('props'));
        sum.addRelationship(rec.get('type'), String(start), String(end), encoded);
        if (sum.relationships % 100_000 === 0) log(`${sum.relationships} relationships`);
        return `${JSON.stringify({ r: [start, end, rec.get('type'), encoded] })}\n`;
      };
      await pipeline(lines(), zlib.createGzip(), fs.createWriteStream(tmp, { mode: 0o600 }));
    } finally {
      await tx.rollback().catch(() => undefined);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    await session.close();
  }
  return { nodes: sum.nodes, relationships: sum.relationships, checksum: sum.digest() };
}

/** The content checksum of the database as it is now (same definition the backup records). */
export async function graphChecksum(db: Db): Promise<GraphSummary> {
  const session = db.driver.session({ database: db.database, defaultAccessMode: 'READ' });
  const sum = new GraphChecksum();
  try {
    const tx = await session.beginTransaction({ timeout: BACKUP_TX_TIMEOUT_MS });
    try {
      for await (const rec of tx.run(db.queries.get('backup-nodes'))) {
        sum.addNode(rec.get('id'), rec.get('labels'), encodeProps(rec.get('props')));
      }
      for await (const rec of tx.run(db.queries.get('backup-relationships'))) {
        sum.addRelationship(
          rec.get('type'),
          rec.get('start'),
          rec.get('end'),
          encodeProps(rec.get('props')),
        );
      }
    } finally {
      await tx.rollback().catch(() => undefined);
    }
  } finally {
    await session.close();
  }
  return { nodes: sum.nodes, relationships: sum.relationships, checksum: sum.digest() };
}

type Line =
  | { kind: 'node'; id: number; labels: string[]; props: EncodedProps }
  | { kind: 'rel'; start: number; end: number; type: string; props: EncodedProps };

/** A clear error naming the file and line. */
class BackupFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}, line ${line}: ${message}`);
  }
}

const NAME = /^[^`]{1,255}$/;
/** Only schema commands, one statement each: the file's statements run with write rights. */
const SCHEMA_STATEMENT =
  /^CREATE (CONSTRAINT|(?:RANGE |TEXT |POINT |FULLTEXT |VECTOR )?INDEX) `[^`]+` FOR [^;]+$/;

/** Reads and checks every line of a backup, calling `onLine` for each record. */
async function readBackup(
  file: string,
  onHeader: (h: Header) => void,
  onLine: (line: Line, lineNo: number) => Promise<void> | void,
): Promise<GraphSummary> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let end: GraphSummary | undefined;
  const sum = new GraphChecksum();
  const bad = (message: string) => new BackupFileError(file, lineNo, message);
  try {
    for await (const text of rl) {
      lineNo++;
      if (end) throw bad('data after the end line');
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw bad('not valid JSON');
      }
      if (lineNo === 1) {
        const h = value as unknown as Header;
        if (h.format !== BACKUP_FORMAT) throw bad(`not a backup of this app (format ${h.format})`);
        if (h.version !== BACKUP_VERSION) throw bad(`backup version ${h.version} is not supported`);
        if (!Array.isArray(h.schema) || !h.schema.every((s) => SCHEMA_STATEMENT.test(s))) {
          throw bad('the schema list holds something other than CREATE CONSTRAINT/INDEX');
        }
        onHeader(h);
        continue;
      }
      if (Array.isArray(value.n)) {
        const [id, labels, props] = value.n as [unknown, unknown, unknown];
        if (!Number.isInteger(id)) throw bad('a node id must be an integer');
        if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && NAME.test(l)))
          throw bad('node labels must be a list of names');
        if (sum.hasNode(String(id))) throw bad(`node ${id} appears twice`);
        checkProps(props, bad);
        sum.addNode(String(id), labels as string[], props as EncodedProps);
        await onLine(
          { kind: 'node', id: id as number, labels, props: props as EncodedProps },
          lineNo,
        );
      } else if (Array.isArray(value.r)) {
        const [start, endId, type, props] = value.r as [unknown, unknown, unknown, unknown];
        if (typeof type !== 'string' || !NAME.test(type))
          throw bad('a relationship type is a name');
        if (!sum.hasNode(String(start)) || !sum.hasNode(String(endId)))
          throw bad(`relationship ${type} refers to a node not earlier in the file`);
        checkProps(props, bad);
        sum.addRelationship(type, String(start), String(endId), props as EncodedProps);
        const rel: Line = {
          kind: 'rel',
          start: start as number,
          end: endId as number,
          type,
          props: props as EncodedProps,
        };
        await onLine(rel, lineNo);
      } else if (value.end && typeof value.end === 'object') {
        end = value.end as GraphSummary;
      } else {
        throw bad('neither a node, a relationship nor the end line');
      }
    }
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw bad(`unreadable (${(err as Error).message})`);
  }
  if (lineNo === 0) throw new Error(`${file}: empty`);
  if (!end) throw new Error(`${file}: incomplete (no end line after line ${lineNo})`);
  const got = { nodes: sum.nodes, relationships: sum.relationships, checksum: sum.digest() };
  if (
    got.nodes !== end.nodes ||
    got.relationships !== end.relationships ||
    got.checksum !== end.checksum
  ) {
    throw new Error(
      `${file}: content does not match its end line (file ${JSON.stringify(got)}, recorded ${JSON.stringify(end)})`,
    );
  }
  return got;
}

function checkProps(props: unknown, bad: (m: string) => Error): void {
  try {
    decodeProps(props);
  } catch (err) {
    throw bad((err as Error).message);
  }
}

export interface RestoreOptions {
  /** Delete everything in the database first; without it a non-empty database is refused. */
  replace?: boolean;
  log?: Log;
}

/**
 * Restores a backup: checks the whole file first (nothing is written from a damaged or
 * truncated file), then creates the schema, the nodes and the relationships in batches, and
 * verifies counts and the checksum against the database. A failure midway deletes what it wrote.
 */
export async function restoreGraph(
  db: Db,
  file: string,
  opts: RestoreOptions = {},
): Promise<GraphSummary> {
  const log = opts.log ?? (() => undefined);
  let header: Header | undefined;
  const expected = await readBackup(
    file,
    (h) => (header = h),
    () => undefined,
  );
  log(`${file}: ${expected.nodes} nodes, ${expected.relationships} relationships, checked`);
  const hasNodes = (await db.read('graph-has-nodes')).records[0].get('hasNodes') as boolean;
  if (hasNodes && !opts.replace) {
    throw new Error('The database is not empty: restore into an empty one, or pass --replace');
  }
  if (hasNodes) {
    log('deleting the current graph (--replace)');
    await db.autoCommit(db.queries.get('seed-reset'));
  }
  for (const statement of header!.schema) {
    await db.autoCommit(
      statement.replace(/^(CREATE \S+(?: INDEX)?) (`[^`]+`) FOR/, '$1 $2 IF NOT EXISTS FOR'),
    );
  }
  await db.autoCommit(db.queries.get('restore-marker-index'));
  await db.autoCommit('CALL db.awaitIndexes(600)');

  let nodes: Record<string, unknown>[] = [];
  let rels: Record<string, unknown>[] = [];
  let written = 0;
  const flushNodes = async () => {
    if (nodes.length === 0) return;
    const rows = nodes;
    nodes = [];
    await db.writeTx((tx) => tx.run(db.queries.get('restore-nodes'), { rows }));
  };
  const flushRels = async () => {
    if (rels.length === 0) return;
    const rows = rels;
    rels = [];
    const res = await db.writeTx((tx) => tx.run(db.queries.get('restore-relationships'), { rows }));
    const count = res.records[0].get('written').toNumber() as number;
    if (count !== rows.length)
      throw new Error(`only ${count} of ${rows.length} relationships found their nodes`);
  };
  try {
    await readBackup(
      file,
      () => undefined,
      async (line) => {
        if (line.kind === 'node') {
          nodes.push({ id: line.id, labels: line.labels, props: decodeProps(line.props) });
          if (nodes.length >= BATCH) await flushNodes();
        } else {
          await flushNodes();
          rels.push({ ...line, props: decodeProps(line.props) });
          if (rels.length >= BATCH) await flushRels();
        }
        if (++written % 100_000 === 0) log(`${written} records`);
      },
    );
    await flushNodes();
    await flushRels();
    await db.autoCommit(db.queries.get('restore-unmark'));
  } catch (err) {
    log(`restore failed: removing what it wrote (${(err as Error).message})`);
    await db.autoCommit(db.queries.get('restore-undo')).catch(() => undefined);
    throw err;
  } finally {
    await db.autoCommit(db.queries.get('restore-drop-marker-index')).catch(() => undefined);
  }

  const actual = await graphChecksum(db);
  if (
    actual.nodes !== expected.nodes ||
    actual.relationships !== expected.relationships ||
    actual.checksum !== expected.checksum
  ) {
    throw new Error(
      `Restored graph differs from the backup: database ${JSON.stringify(actual)}, file ${JSON.stringify(expected)}`,
    );
  }
  return actual;
}

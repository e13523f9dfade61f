/**
 * `npm run neo4j`: the bundled Neo4j alone, in the foreground, with the app's settings
 * (NEO4J_LOCAL_PORT, NEO4J_DATA_DIR, NEO4J_HEAP, the generated password) — for Neo4j Browser-free
 * work with cypher-shell or a second app instance (`NEO4J_URI=bolt://127.0.0.1:7687`).
 * Ctrl-C stops it cleanly. `npm run build:neo4j` only builds the launcher (when stale).
 */
import { loadConfig } from '../server/config';
import { ensureLauncherBuilt, startLocalNeo4j } from '../server/db/local-neo4j';
import { localPassword, localPasswordFile } from '../server/db/local-password';

async function main(): Promise<void> {
  if (process.argv.includes('--build-only')) {
    ensureLauncherBuilt();
    process.stderr.write('The bundled Neo4j launcher is built (neo4j/target/).\n');
    return;
  }
  const config = loadConfig();
  if (config.NEO4J_URI) {
    throw new Error(
      'NEO4J_URI is set: that database is not the bundled one; unset it to start this',
    );
  }
  const password = config.NEO4J_PASSWORD ?? localPassword(config.NEO4J_DATA_DIR);
  const neo4j = await startLocalNeo4j({
    port: config.NEO4J_LOCAL_PORT,
    dataDir: config.NEO4J_DATA_DIR,
    password,
    heap: config.NEO4J_HEAP,
  });
  const where = config.NEO4J_PASSWORD ? 'NEO4J_PASSWORD' : localPasswordFile(config.NEO4J_DATA_DIR);
  process.stderr.write(
    `Bundled Neo4j on ${neo4j.uri} (user neo4j, password in ${where}, data in ${config.NEO4J_DATA_DIR}); Ctrl-C stops it.\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await neo4j.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const code = await neo4j.exited;
  if (!stopping) {
    process.stderr.write(`The bundled Neo4j exited on its own (code ${code})\n`);
    process.exit(1);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});

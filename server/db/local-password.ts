import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the bundled Neo4j's generated password lives: inside its own (0700) data directory. */
export function localPasswordFile(dataDir: string): string {
  return path.join(dataDir, 'neo4j-password');
}

/** Creates the data directory owner-only (0700), tightening an existing one. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/**
 * The bundled Neo4j's password when NEO4J_PASSWORD is unset: generated at random on first start
 * (32 base64url characters from 24 random bytes) and kept in a file only its owner can read
 * (0600), so no other user of the machine can sign in to the database and bypass the app's roles.
 * The launcher sets it on every start, so a data directory made with an older default is moved
 * to the generated password by the next start.
 */
export function localPassword(dataDir: string): string {
  ensurePrivateDir(dataDir);
  const file = localPasswordFile(dataDir);
  if (!fs.existsSync(file)) {
    try {
      fs.writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  fs.chmodSync(file, 0o600);
  const password = fs.readFileSync(file, 'utf8').trim();
  if (password.length < 8) {
    throw new Error(
      `${file} holds no usable password (at least 8 characters): delete it to regenerate`,
    );
  }
  return password;
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The session secret when SESSION_SECRET is unset: generated once (32 random bytes) into a file
 * only its owner reads (0600), so a restart keeps users signed in. Instances on other machines
 * must be given the same SESSION_SECRET to share sessions.
 */
export function persistentSecret(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    // Made by an earlier start (or another instance at the same moment): use it.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  fs.chmodSync(file, 0o600);
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new Error(`${file} holds no usable secret: delete it to regenerate`);
  return secret;
}

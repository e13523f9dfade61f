import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes: `scrypt$N$r$p$salt$hash` (salt and hash base64url). A salt of its own per user,
 * cost parameters stored with the hash so they can be raised later without breaking old entries.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(
  password: string,
  salt: Buffer,
  keylen: number,
  opts: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keylen, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error('the password is too long');
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export function isPasswordHash(value: string): boolean {
  const m = HASH_FORMAT.exec(value);
  if (!m) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A power of two, and not so large that a crafted file could make every login a DoS.
  return n >= 1024 && n <= 1 << 20 && (n & (n - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

/** A hash of a random password: unknown names are checked against it so they cost the same time. */
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/** Timing-safe check of a password against a stored hash; `undefined` hash = unknown user. */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const known = stored !== undefined && isPasswordHash(stored);
  const hash = known ? stored : await dummy();
  const m = HASH_FORMAT.exec(hash)!;
  const expected = Buffer.from(m[5], 'base64url');
  const actual = await scrypt(
    password.slice(0, MAX_PASSWORD_LENGTH),
    Buffer.from(m[4], 'base64url'),
    expected.length,
    { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), maxmem: 256 * 1024 * 1024 },
  );
  return timingSafeEqual(actual, expected) && known;
}

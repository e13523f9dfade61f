import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isPasswordHash } from './passwords';

export const ROLES = ['viewer', 'editor'] as const;
export type Role = (typeof ROLES)[number];

/** What downstream code sees as `res.locals.user`. */
export interface SessionUser {
  name: string;
  role: Role;
}

export interface UserRecord extends SessionUser {
  passwordHash: string;
}

/** The one user of single-user local mode (no users configured, loopback only). */
export const LOCAL_USER: SessionUser = Object.freeze({ name: 'local', role: 'editor' });

export const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const userSchema = z.object({
  name: z.string().regex(USER_NAME, 'lower-case letters, digits, dot, dash, underscore'),
  role: z.enum(ROLES),
  passwordHash: z.string().refine(isPasswordHash, 'not a scrypt hash written by npm run user:add'),
});
const usersFileSchema = z.object({ users: z.array(userSchema) });

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

function parseUsers(raw: string, where: string): UserRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${where} is not valid JSON`);
  }
  // The env form may be the bare array.
  const parsed = usersFileSchema.safeParse(Array.isArray(json) ? { users: json } : json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.users;
}

/**
 * Users from the users file (when it exists) plus `USERS_JSON` (same shape, or a bare array).
 * A file that exists but cannot be read, or a duplicate name, stops the app: silently running
 * without the users someone configured would be worse.
 */
export function loadUsers(file: string, envJson?: string): UserRecord[] {
  const users: UserRecord[] = [];
  if (fs.existsSync(file)) users.push(...parseUsers(fs.readFileSync(file, 'utf8'), file));
  if (envJson) users.push(...parseUsers(envJson, 'USERS_JSON'));
  const seen = new Set<string>();
  for (const u of users) {
    if (seen.has(u.name)) throw new Error(`user "${u.name}" is configured twice`);
    seen.add(u.name);
  }
  return users;
}

/** Adds or replaces a user in the users file, written atomically with owner-only permissions. */
export function upsertUser(file: string, user: UserRecord): 'added' | 'replaced' {
  const users = fs.existsSync(file) ? parseUsers(fs.readFileSync(file, 'utf8'), file) : [];
  const at = users.findIndex((u) => u.name === user.name);
  const outcome = at >= 0 ? 'replaced' : 'added';
  if (at >= 0) users[at] = user;
  else users.push(user);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
  return outcome;
}

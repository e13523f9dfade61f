import type { Role } from '../auth/users';

export type Access = 'public' | Role;

/** Reachable without signing in: health and readiness for monitors, and what signing in needs. */
const PUBLIC: ReadonlyArray<[string, RegExp]> = [
  ['GET', /^\/(health|ready)$/],
  ['GET', /^\/auth\/(me|csrf)$/],
  ['POST', /^\/auth\/(login|logout)$/],
];

/**
 * State-changing methods a viewer may use because they only read: the read-only console and the
 * analyst's named queries. Everything else that is not GET/HEAD needs an editor — a route added
 * later is editor-only until it is listed here (deny by default).
 */
const VIEWER_POSTS: readonly RegExp[] = [/^\/cypher(\/[\w-]+)?$/, /^\/queries\/[^/]+$/];

/** Always editor, whatever the method: maintenance, imports, datasets and exports. */
const EDITOR_ONLY: readonly RegExp[] = [
  /^\/admin(\/|$)/,
  /^\/imports(\/|$)/,
  /^\/datasets(\/|$)/,
  /^\/export(\/|$)/,
];

/** The role a request to `path` (relative to /api) needs. */
export function requiredAccess(method: string, path: string): Access {
  const m = method === 'HEAD' ? 'GET' : method;
  if (PUBLIC.some(([pm, re]) => pm === m && re.test(path))) return 'public';
  if (EDITOR_ONLY.some((re) => re.test(path))) return 'editor';
  if (m === 'GET') return 'viewer';
  if (m === 'POST' && VIEWER_POSTS.some((re) => re.test(path))) return 'viewer';
  return 'editor';
}

/** A file upload: its body is the file (any type, its own size limit), not a JSON document. */
export function isUpload(method: string, path: string): boolean {
  return method === 'POST' && (path === '/imports' || path === '/imports/preview');
}

export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

/** Console runs: rate-limited and capped in concurrency per user. */
export function isConsoleRun(method: string, path: string): boolean {
  return method === 'POST' && /^\/cypher(\/[\w-]+)?$/.test(path);
}

export function isSearch(path: string): boolean {
  return /^\/search(\/|$)/.test(path);
}

/** Routes that never touch the database, so they answer while it is down. */
export function needsDatabase(path: string): boolean {
  return !/^\/(health$|auth\/|openapi\.json$)/.test(path);
}

import type { Request, Response, NextFunction } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { roleAtLeast, type SessionUser } from '../auth/users';
import { forbidden } from '../errors';
import { ENTITY_ID } from '../model/entity-ids';
import { DUPLICATE_DECISIONS } from '../model/duplicates';
import type { Db } from '../db/db';
import { DuplicatesService } from '../services/duplicates-service';
import { MergeService } from '../services/merge-service';
import { entityId } from './explorer-params';
import { parseInput } from './validate';
import { strictRouter } from './router';

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  minScore: z.coerce.number().min(0).max(1).default(0.3),
  entity: entityId.optional().describe('Only the candidates of this entity'),
});

export const decisionBody = z.strictObject({
  a: entityId,
  b: entityId,
  decision: z.enum(DUPLICATE_DECISIONS),
  canonical: entityId.optional().describe('a or b; default the better connected'),
  versions: z
    .record(entityId, z.number().int().min(1))
    .optional()
    .describe('The versions read, by id: a stale one is a 409'),
  reason: z.string().max(2000).optional(),
});

export const unmergeBody = z.union([
  z.strictObject({
    canonical: entityId,
    merged: entityId,
    reason: z.string().max(2000).optional(),
  }),
  z.strictObject({
    change: z.string().regex(/^change:[\w-]{1,100}$/),
    reason: z.string().max(2000).optional(),
  }),
]);

function editor(res: Response): string {
  const user = res.locals.user as SessionUser | undefined;
  if (user && !roleAtLeast(user.role, 'editor')) {
    throw forbidden('Deciding on duplicates needs an editor', 'INSUFFICIENT_ROLE');
  }
  return user?.name ?? 'local';
}

/** `GET /api/duplicates`, `POST /api/duplicates/decisions`, `POST /api/duplicates/unmerge`. */
export function duplicateRoutes(duplicates: DuplicatesService, merges: MergeService): Router {
  const router = strictRouter();
  router.get('/duplicates', async (req, res) => {
    res.json(await duplicates.candidates(parseInput(listQuery, req.query)));
  });
  router.post('/duplicates/decisions', async (req, res) => {
    const user = editor(res);
    const body = parseInput(decisionBody, req.body);
    const result = await merges.decide({ ...body, user });
    res.status(result.merge ? 201 : 200).json(result);
  });
  router.post('/duplicates/unmerge', async (req, res) => {
    const user = editor(res);
    const body = parseInput(unmergeBody, req.body);
    const { reason, ...which } = body;
    res.json(await merges.unmerge(which, user, reason));
  });
  return router;
}

/** Reads that take an entity id in the path (`/entities/:id…`, ownership, beneficial owners). */
const ID_IN_PATH = /^\/(entities|ownership|beneficial-owners)\/([^/?]+)(\/[^?]*)?$/;
/** Reads that take entity ids as query parameters. */
const ID_IN_QUERY: Record<string, readonly string[]> = { '/paths': ['from', 'to'] };

/**
 * Old ids keep working after a merge: a read naming a merged id is answered for the entity it
 * was merged into (through chains). `GET /api/entities/:id` also says `mergedFrom` and, for an
 * old id, `resolvedFrom`. Writes are not redirected: they must name the entity they change.
 */
export function mergedIdResolver(merges: MergeService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const [pathPart, queryPart] = splitUrl(req.url);
    const inPath = ID_IN_PATH.exec(pathPart);
    const queryKeys = ID_IN_QUERY[pathPart];
    if (!inPath && !queryKeys) return next();
    try {
      if (inPath) {
        const id = safeDecode(inPath[2]);
        if (!id || !ENTITY_ID.test(id)) return next();
        const found = await merges.resolve(id);
        if (!found) return next();
        const details = inPath[1] === 'entities' && !inPath[3];
        if (found.id !== id) {
          req.url = `/${inPath[1]}/${encodeURIComponent(found.id)}${inPath[3] ?? ''}${queryPart}`;
          res.setHeader('Content-Location', `/api${req.url}`);
        }
        if (details && (found.id !== id || found.mergedFrom.length > 0)) {
          const json = res.json.bind(res);
          res.json = (body: unknown) =>
            json(
              res.statusCode < 400 && body && typeof body === 'object' && !Array.isArray(body)
                ? {
                    ...body,
                    mergedFrom: found.mergedFrom,
                    ...(found.id !== id ? { resolvedFrom: id } : {}),
                  }
                : body,
            );
        }
        return next();
      }
      const params = new URLSearchParams(queryPart.slice(1));
      let changed = false;
      for (const key of queryKeys ?? []) {
        const id = params.get(key);
        if (!id || !ENTITY_ID.test(id)) continue;
        const found = await merges.resolve(id);
        if (found && found.id !== id) {
          params.set(key, found.id);
          changed = true;
        }
      }
      if (changed) req.url = `${pathPart}?${params.toString()}`;
      return next();
    } catch (err) {
      return next(err);
    }
  };
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The duplicates API and the old-id resolver: mounted before every route that reads an entity. */
export function duplicatesApi(db: Db): Router {
  const merges = new MergeService(db);
  const router = strictRouter();
  router.use(mergedIdResolver(merges));
  router.use(duplicateRoutes(new DuplicatesService(db), merges));
  return router;
}

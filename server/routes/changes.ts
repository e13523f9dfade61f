import type { Router } from 'express';
import { z } from 'zod';
import { CHANGE_ACTIONS, CHANGE_TARGET_TYPES } from '../model/changes';
import type { ChangeService } from '../services/change-service';
import { parseInput } from './validate';
import { strictRouter } from './router';

const isoInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'expected a date (YYYY-MM-DD) or a date-time with its zone (2025-07-01T12:00:00Z)',
  )
  .refine((s) => !Number.isNaN(new Date(s).getTime()), 'not a real date');
const elementId = z.string().min(1).max(1000).regex(/^\S+$/, 'expected an id');

export const changesQuery = z
  .object({
    entity: elementId
      .optional()
      .describe('Changes that touched this entity (its relationships included)'),
    relationship: elementId.optional(),
    user: z.string().min(1).max(200).optional(),
    action: z.enum(CHANGE_ACTIONS).optional(),
    targetType: z.enum(CHANGE_TARGET_TYPES).optional(),
    since: isoInstant.optional().describe('Date or date-time, inclusive'),
    until: isoInstant.optional().describe('Date or date-time, exclusive'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !(q.entity && q.relationship), {
    path: ['relationship'],
    message: 'give entity or relationship, not both',
  });

export const changeParams = z.object({
  id: z.string().regex(/^change:[0-9a-f-]{36}$/, 'expected a change id (change:<uuid>)'),
});
export const revertBody = z.strictObject({ reason: z.string().trim().max(2000).optional() });

/** The change log: read by any signed-in user; revert is a write (editors, CSRF). */
export function changeRoutes(changes: ChangeService): Router {
  const router = strictRouter();

  router.get('/changes', async (req, res) => {
    const q = parseInput(changesQuery, req.query);
    res.json(
      await changes.list({
        element: q.entity ?? q.relationship,
        targetType: q.targetType,
        user: q.user,
        action: q.action,
        since: q.since,
        until: q.until,
        limit: q.limit,
        offset: q.offset,
      }),
    );
  });

  router.get('/changes/:id', async (req, res) => {
    const { id } = parseInput(changeParams, req.params);
    res.json({ change: await changes.get(id) });
  });

  router.post('/changes/:id/revert', async (req, res) => {
    const { id } = parseInput(changeParams, req.params);
    const { reason } = parseInput(revertBody, req.body ?? {});
    const user = (res.locals.user as { name?: string } | undefined)?.name ?? 'local';
    const change = await changes.revert(id, user, reason || undefined);
    req.log?.info({ user, change: change.id, revertOf: id }, 'change reverted');
    res.status(201).json({ change, version: change.version });
  });

  return router;
}

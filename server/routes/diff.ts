import { Router } from 'express';
import { z } from 'zod';
import type { DiffService } from '../services/diff-service';
import { entityId, familiesParam } from './explorer-params';
import { isoDate } from './schemas';
import { parseInput } from './validate';
import { strictRouter } from './router';

/** A date, or (record time) an ISO date-time with its offset. */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'expected a date as YYYY-MM-DD (or, with recorded=true, a date-time such as 2025-07-01T09:30:00Z)',
  )
  .refine((s) => {
    const day = s.slice(0, 10);
    return (
      isoDate.safeParse(day).success &&
      !Number.isNaN(Date.parse(s.length > 10 ? s : `${s}T00:00:00Z`))
    );
  }, 'not a calendar date');

export const diffQuery = z
  .object({
    from: instant.describe('YYYY-MM-DD (recorded=true: also a date-time); not after `to`'),
    to: instant.describe('YYYY-MM-DD (recorded=true: a date covers its whole day, UTC)'),
    recorded: z.enum(['true', 'false']).default('false').describe('true = record time'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(500)
      .describe('Changes listed at most; earliest first'),
    entity: entityId.optional().describe('Scope: this entity and its neighbourhood'),
    depth: z.coerce.number().int().min(1).max(4).default(2).describe('Scope depth in hops'),
    families: familiesParam
      .optional()
      .describe('Only relationships of these families (comma-separated)'),
  })
  .superRefine((q, ctx) => {
    if (q.recorded === 'false') {
      for (const k of ['from', 'to'] as const) {
        if (q[k].length > 10) {
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: 'world-time diffs take dates (YYYY-MM-DD); date-times need recorded=true',
          });
        }
      }
    }
  });

export function diffRoutes(diff: DiffService): Router {
  const router = strictRouter();
  router.get('/diff', async (req, res) => {
    const q = parseInput(diffQuery, req.query);
    const opts = {
      from: q.from,
      to: q.to,
      limit: q.limit,
      entity: q.entity,
      depth: q.depth,
      families: q.families,
    };
    res.json(q.recorded === 'true' ? await diff.recorded(opts) : await diff.world(opts));
  });
  return router;
}

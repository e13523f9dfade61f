import { Router } from 'express';
import { z } from 'zod';
import type { PathsService } from '../services/paths-service';
import { entityId, familiesParam } from './explorer-params';
import { AT_DESCRIPTION, isoDate } from './schemas';
import { parseInput } from './validate';
import { strictRouter } from './router';

export const pathsQuery = z.object({
  from: entityId,
  to: entityId,
  maxHops: z.coerce.number().int().min(1).max(8).default(6),
  families: familiesParam.optional(),
  at: isoDate.optional().meta({ description: AT_DESCRIPTION }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .meta({ description: 'Most paths returned.' }),
});

export function pathRoutes(paths: PathsService): Router {
  const router = strictRouter();
  router.get('/paths', async (req, res) => {
    res.json(await paths.paths(parseInput(pathsQuery, req.query)));
  });
  return router;
}

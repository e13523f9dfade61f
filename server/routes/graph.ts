import { Router } from 'express';
import { z } from 'zod';
import type { GraphService } from '../services/graph-service';
import { parseInput } from './validate';
import { AT_DESCRIPTION, isoDate } from './schemas';
import { strictRouter } from './router';

export const graphQuery = z.object({
  limit: z.coerce.number().int().min(1).max(20000).default(2000),
  at: isoDate.optional().meta({ description: AT_DESCRIPTION }),
});

export function graphRoutes(graph: GraphService): Router {
  const router = strictRouter();
  router.get('/graph', async (req, res) => {
    const { limit, at } = parseInput(graphQuery, req.query);
    res.json(await graph.graph({ cap: limit, at }));
  });
  return router;
}

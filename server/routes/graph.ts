import { Router } from 'express';
import { z } from 'zod';
import type { GraphService } from '../services/graph-service';
import { parseInput } from './validate';
import { isoDate } from './schemas';
import { strictRouter } from './router';

const graphQuery = z.object({
  limit: z.coerce.number().int().min(1).max(20000).default(2000),
  at: isoDate.optional(),
});

export function graphRoutes(graph: GraphService): Router {
  const router = strictRouter();
  router.get('/graph', async (req, res) => {
    const { limit, at } = parseInput(graphQuery, req.query);
    res.json(await graph.graph({ cap: limit, at }));
  });
  return router;
}

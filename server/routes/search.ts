import { Router } from 'express';
import { z } from 'zod';
import type { SearchService } from '../services/search-service';
import { parseInput } from './validate';
import { strictRouter } from './router';

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'the search text is empty')
    .max(200, 'the search text is longer than 200 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export function searchRoutes(search: SearchService): Router {
  const router = strictRouter();
  router.get('/search', async (req, res) => {
    const { q, limit } = parseInput(searchQuery, req.query);
    res.json(await search.search(q, limit));
  });
  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import type { LibraryService } from '../services/library-service';
import { parseInput } from './validate';
import { strictRouter } from './router';

export const nameParams = z.object({
  name: z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a query name such as clients-of'),
});

export function queryRoutes(library: LibraryService): Router {
  const router = strictRouter();
  router.get('/queries', (_req, res) => {
    res.json({ queries: library.list() });
  });
  router.post('/queries/:name', async (req, res) => {
    const { name } = parseInput(nameParams, req.params);
    const schema = library.schemaOf(name);
    const body = parseInput(
      z.object({ params: z.preprocess((v) => v ?? {}, schema) }),
      req.body ?? {},
    );
    res.json(await library.run(name, body.params));
  });
  return router;
}

import { Router } from 'express';
import type { SchemaService } from '../services/schema-service';
import { strictRouter } from './router';

export function schemaRoutes(schema: SchemaService): Router {
  const router = strictRouter();
  router.get('/schema', async (_req, res) => {
    res.json(await schema.schema());
  });
  return router;
}

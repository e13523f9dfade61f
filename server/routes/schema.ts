import { Router } from 'express';
import type { SchemaService } from '../services/schema-service';

export function schemaRoutes(schema: SchemaService): Router {
  const router = Router();
  router.get('/schema', async (_req, res) => {
    res.json(await schema.schema());
  });
  return router;
}

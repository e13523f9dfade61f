import { Router } from 'express';
import { openApiSpec } from '../openapi';

export function openApiRoutes(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiSpec());
  });
  return router;
}

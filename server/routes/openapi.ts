import { Router } from 'express';
import { openApiSpec } from '../openapi';
import { strictRouter } from './router';

export function openApiRoutes(): Router {
  const router = strictRouter();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiSpec());
  });
  return router;
}

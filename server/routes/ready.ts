import type { Router } from 'express';
import type { ReadyService } from '../services/ready-service';
import { strictRouter } from './router';

/** GET /api/ready: 200 when the app can serve (database reachable, schema online), else 503. */
export function readyRoutes(ready: ReadyService): Router {
  const router = strictRouter();
  router.get('/ready', async (_req, res) => {
    const result = await ready.check();
    if (result.status !== 'ready') res.set('Retry-After', '5');
    res.status(result.status === 'ready' ? 200 : 503).json(result);
  });
  return router;
}

import { Router } from 'express';
import type { HealthService } from '../services/health-service';
import { strictRouter } from './router';

export function healthRoutes(health: HealthService): Router {
  const router = strictRouter();
  router.get('/health', async (_req, res) => {
    const result = await health.check();
    if (result.neo4j === 'down') res.set('Retry-After', '5');
    res.status(result.neo4j === 'up' ? 200 : 503).json(result);
  });
  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import type { EntityService } from '../services/entity-service';
import type { NeighborsService } from '../services/neighbors-service';
import { directionParam, entityId, familiesParam } from './explorer-params';
import { isoDate } from './schemas';
import { parseInput } from './validate';
import { etag, versionOf } from '../workspace/versions';
import { strictRouter } from './router';

const idParams = z.object({ id: entityId });

const detailsQuery = z.object({ at: isoDate.optional() });

const neighborsQuery = z.object({
  families: familiesParam.optional(),
  direction: directionParam.default('both'),
  depth: z.coerce.number().int().min(1).max(3).default(1),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  at: isoDate.optional(),
});

export function entityRoutes(entities: EntityService, neighbors: NeighborsService): Router {
  const router = strictRouter();
  router.get('/entities/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { at } = parseInput(detailsQuery, req.query);
    const details = await entities.details(id, at);
    // The version an edit must send back in If-Match (docs/workspace.md).
    const version = versionOf(details.entity.properties.version);
    res.set('ETag', etag(version));
    res.json({ ...details, version });
  });
  router.get('/entities/:id/neighbors', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const opts = parseInput(neighborsQuery, req.query);
    res.json(await neighbors.neighbors({ id, ...opts }));
  });
  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import type { OwnershipService } from '../services/ownership-service';
import { entityId } from './explorer-params';
import { isoDate } from './schemas';
import { parseInput } from './validate';
import { strictRouter } from './router';

const idParams = z.object({ id: entityId });
const ownershipQuery = z.object({ at: isoDate.optional() });

export function ownershipRoutes(ownership: OwnershipService): Router {
  const router = strictRouter();
  router.get('/ownership/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { at } = parseInput(ownershipQuery, req.query);
    res.json(await ownership.ownership(id, at));
  });
  return router;
}

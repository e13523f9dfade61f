import { Router } from 'express';
import { z } from 'zod';
import type { BeneficialOwnersService } from '../services/beneficial-owners-service';
import { OWNERSHIP_METHODS, type OwnershipService } from '../services/ownership-service';
import { entityId } from './explorer-params';
import { AT_DESCRIPTION, isoDate } from './schemas';
import { parseInput } from './validate';
import { strictRouter } from './router';

export const idParams = z.object({ id: entityId });
export const ownershipQuery = z.object({
  at: isoDate.optional().meta({ description: AT_DESCRIPTION }),
  method: z.enum(OWNERSHIP_METHODS).optional().meta({
    description:
      '`chains` (default): sum over simple chains, a cross-holding followed once. `integrated`: sum over every walk through cycles (A + A² + …), capped at 1.',
  }),
});
export const beneficialQuery = z.object({
  threshold: z.coerce
    .number({ message: 'threshold must be a number in (0, 1]' })
    .gt(0, 'threshold must be more than 0')
    .lte(1, 'threshold must be at most 1')
    .optional()
    .meta({ description: 'Share in (0, 1]; 0.25 by default. Anything else → 400.' }),
  at: isoDate.optional().meta({
    description:
      'Only links valid on this day (YYYY-MM-DD); today (UTC) when omitted, so successive versions of a record are never mixed.',
  }),
  method: z.enum(OWNERSHIP_METHODS).optional().meta({
    description:
      "Owners' shares: `chains` (default) multiplied along simple chains; `integrated` through every walk, cycles included (A + A² + …), capped at 1.",
  }),
});

export function ownershipRoutes(
  ownership: OwnershipService,
  beneficial: BeneficialOwnersService,
): Router {
  const router = strictRouter();
  router.get('/ownership/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { at, method } = parseInput(ownershipQuery, req.query);
    res.json(await ownership.ownership(id, at, method));
  });
  router.get('/beneficial-owners/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { threshold, at, method } = parseInput(beneficialQuery, req.query);
    // Versions of one source record follow each other in time: without a date, today's hold.
    const day = at ?? new Date().toISOString().slice(0, 10);
    res.json(await beneficial.beneficialOwners(id, threshold, day, method));
  });
  return router;
}

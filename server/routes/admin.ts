import { Router } from 'express';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import type { GraphRecords } from '../model/records';
import { seedDatabase } from '../ingest/seeding';
import { strictRouter } from './router';

/** Editor-only maintenance (the role check is in the access guard: /api/admin/** = editor). */
export function adminRoutes(db: Db, seed?: GraphRecords): Router {
  const router = strictRouter();
  let reseeding = false;

  router.post('/admin/reseed', async (req, res) => {
    if (!seed) throw new AppError(409, 'NO_SEED', 'This server was started without a seed graph');
    if (reseeding) throw new AppError(409, 'RESEED_IN_PROGRESS', 'A reseed is already running');
    reseeding = true;
    const started = Date.now();
    try {
      const counts = await seedDatabase(db, seed, { reset: true });
      req.log?.info({ user: res.locals.user?.name, counts }, 'reseeded the database');
      res.json({ reseeded: true, counts, ms: Date.now() - started });
    } finally {
      reseeding = false;
    }
  });

  return router;
}

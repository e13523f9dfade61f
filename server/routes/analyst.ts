import { Router } from 'express';
import type { Db } from '../db/db';
import { DiffService } from '../services/diff-service';
import { diffRoutes } from './diff';
import { strictRouter } from './router';

/** The analyst's own layer over the graph (issue 12d): what changed, notes, saved investigations. */
export function analystRoutes(db: Db): Router {
  const router = strictRouter();
  router.use(diffRoutes(new DiffService(db)));
  return router;
}

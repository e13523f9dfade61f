import { Router } from 'express';
import type { Db } from '../db/db';
import { DiffService } from '../services/diff-service';
import { InvestigationsService } from '../services/investigations-service';
import { NotesService } from '../services/notes-service';
import { diffRoutes } from './diff';
import { investigationRoutes } from './investigations';
import { noteRoutes } from './notes';
import { strictRouter } from './router';

/** The analyst's own layer over the graph (issue 12d): what changed, notes, saved investigations. */
export function analystRoutes(db: Db): Router {
  const router = strictRouter();
  router.use(diffRoutes(new DiffService(db)));
  router.use(noteRoutes(new NotesService(db)));
  router.use(investigationRoutes(new InvestigationsService(db)));
  return router;
}

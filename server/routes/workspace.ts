import type { Router } from 'express';
import type { Db } from '../db/db';
import { ChangeService } from '../services/change-service';
import { EditService } from '../services/edit-service';
import { changeRoutes } from './changes';
import { editingRoutes } from './editing';
import { strictRouter } from './router';

/** The analyst workspace's write core: editing, versions, retraction, the change log. */
export function workspaceRoutes(db: Db): Router {
  const router = strictRouter();
  router.use(editingRoutes(new EditService(db)));
  router.use(changeRoutes(new ChangeService(db)));
  return router;
}

import { Router } from 'express';
import type { Db } from '../db/db';
import { BeneficialOwnersService } from '../services/beneficial-owners-service';
import { EntityService } from '../services/entity-service';
import { LibraryService } from '../services/library-service';
import { NeighborsService } from '../services/neighbors-service';
import { OwnershipService } from '../services/ownership-service';
import { PathsService } from '../services/paths-service';
import { SchemaService } from '../services/schema-service';
import { SearchService } from '../services/search-service';
import { entityRoutes } from './entities';
import { openApiRoutes } from './openapi';
import { ownershipRoutes } from './ownership';
import { pathRoutes } from './paths';
import { queryRoutes } from './queries';
import { schemaRoutes } from './schema';
import { searchRoutes } from './search';
import { strictRouter } from './router';

/** The Explorer API (search, entities, neighbours, paths, ownership, schema, named queries, spec). */
export function explorerRoutes(db: Db): Router {
  const router = strictRouter();
  router.use(searchRoutes(new SearchService(db)));
  router.use(entityRoutes(new EntityService(db), new NeighborsService(db)));
  router.use(pathRoutes(new PathsService(db)));
  router.use(ownershipRoutes(new OwnershipService(db), new BeneficialOwnersService(db)));
  router.use(schemaRoutes(new SchemaService(db)));
  router.use(queryRoutes(new LibraryService(db)));
  router.use(openApiRoutes());
  return router;
}

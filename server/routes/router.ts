import { Router } from 'express';

/**
 * Every router of the app: case-sensitive and strict, so `/api/CYPHER` or `/api/cypher/` is not a
 * second spelling of a route that its access and limit rules (which match exact paths) would miss.
 */
export function strictRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}

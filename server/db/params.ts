import neo4j, { type Integer } from 'neo4j-driver';

/** LIMIT and SKIP need an Integer, and JS numbers travel as floats. */
export function intParam(n: number): Integer {
  return neo4j.int(n);
}

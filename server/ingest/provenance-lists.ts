/**
 * The provenance lists a restated entity carries (`assertedBy`, `otherNames`, `otherIdentifiers`:
 * "<dataset>SEP<value>", cypher/load-entities.cypher), shared by the batch importer's in-memory
 * loader and the dataset deletion that hands a node to the next dataset.
 */
export const PROVENANCE_SEP = '\u001f';

/** Distinct, in order of first appearance, without `not`. */
export const distinctList = (xs: string[], not?: unknown): string[] =>
  [...new Set(xs)].filter((x) => x !== not);

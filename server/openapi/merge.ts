/** OpenAPI `paths`: path → method → operation. */
export type PathsObject = Record<string, Record<string, unknown>>;

/**
 * Merges path fragments (the core's, and the areas' `server/openapi/<area>.ts` files)
 * into one `paths` object. The same method on the same path in two fragments is an error, so a
 * merge can never silently drop an operation.
 */
export function mergePaths(...fragments: PathsObject[]): PathsObject {
  const out: PathsObject = {};
  for (const fragment of fragments) {
    for (const [path, ops] of Object.entries(fragment)) {
      const into = (out[path] ??= {});
      for (const [method, op] of Object.entries(ops)) {
        if (method in into)
          throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is documented twice`);
        into[method] = op;
      }
    }
  }
  return out;
}

/** Merges `components.schemas` of fragments; a name defined twice differently is an error. */
export function mergeSchemas(
  ...fragments: Record<string, Record<string, unknown>>[]
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const fragment of fragments) {
    for (const [name, schema] of Object.entries(fragment)) {
      if (name in out && JSON.stringify(out[name]) !== JSON.stringify(schema)) {
        throw new Error(`OpenAPI: schema ${name} is defined twice, differently`);
      }
      out[name] = schema;
    }
  }
  return out;
}

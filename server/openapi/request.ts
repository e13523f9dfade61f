import { z } from 'zod';
import { tidy } from './components';

/** A JSON Schema object as OpenAPI 3.1 takes it (JSON Schema 2020-12). */
export type Schema = Record<string, unknown>;

/** The zod schemas that validate one route's request: the same objects the route parses with. */
export interface RequestSchemas {
  path?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body (application/json). */
  body?: z.ZodType;
  /** Whether a body must be sent (default: true when `body` is given). */
  bodyRequired?: boolean;
  /** More media types for the body, each with its own schema (e.g. Neo4j's typed JSON). */
  bodyMediaTypes?: Record<string, Schema>;
  /** Header parameters (OpenAPI parameter objects), read by the route itself (If-Match). */
  headers?: Schema[];
}

/** JSON Schema of what a client sends (zod 4's own converter, input side: before defaults and transforms). */
export function jsonSchemaOf(schema: z.ZodType): Schema {
  // tidy: the document's dialect is OpenAPI 3.1's (JSON Schema 2020-12) already, no $schema
  return tidy(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as Schema;
}

function parameters(obj: z.ZodObject, where: 'path' | 'query'): Schema[] {
  const schema = jsonSchemaOf(obj);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties as Record<string, Schema>) ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** `parameters` and `requestBody` of an OpenAPI operation, generated from the route's zod schemas. */
export function requestDoc(req: RequestSchemas): { parameters?: Schema[]; requestBody?: Schema } {
  const params = [
    ...(req.path ? parameters(req.path, 'path') : []),
    ...(req.query ? parameters(req.query, 'query') : []),
    ...(req.headers ?? []),
  ];
  const out: { parameters?: Schema[]; requestBody?: Schema } = {};
  if (params.length > 0) out.parameters = params;
  if (req.body) {
    out.requestBody = {
      required: req.bodyRequired ?? true,
      content: {
        'application/json': { schema: jsonSchemaOf(req.body) },
        ...Object.fromEntries(
          Object.entries(req.bodyMediaTypes ?? {}).map(([type, schema]) => [type, { schema }]),
        ),
      },
    };
  }
  return out;
}

import { z } from 'zod';
import { mergePaths, type PathsObject } from './openapi/merge';
import { requestDoc } from './openapi/request';
import { generate, ok } from './openapi/components';
import * as R from './openapi/responses';
import { bodies } from './openapi/responses';
import { loginBody } from './routes/auth';
import { idParams as entityParams, neighborsQuery } from './routes/entities';
import { graphQuery } from './routes/graph';
import { datasetParam, exportQuery, importQuery, jobParam, previewQuery } from './routes/imports';
import { beneficialQuery, idParams as ownerParams, ownershipQuery } from './routes/ownership';
import { pathsQuery } from './routes/paths';
import { nameParams } from './routes/queries';
import { searchQuery } from './routes/search';
import { TYPED_MEDIA_TYPE } from './typed-json';
import { workspacePaths } from './openapi/workspace';
import { duplicatesPaths } from './openapi/duplicates';
import { analystPaths } from './openapi/analyst';

/**
 * OpenAPI 3.1 description of the whole JSON API, written by zod 4's JSON Schema converter:
 * parameters and request bodies from the routes' own validators (`requestDoc`), response
 * payloads from the zod schemas of server/openapi/responses.ts and the areas' files, each tied at
 * compile time to the type the server builds. Here: the operation table (paths, summaries,
 * which schema each status answers with). test/openapi.test.ts keeps it true: every route the
 * app registers is documented (and nothing else), and real answers carry the required fields.
 */

const CYPHER_VALUES = [
  'Values: plain JSON by default. Integers are numbers (strings beyond 2^53), floats numbers (a whole float like 2.0 reads 2; NaN and ±Infinity the strings "NaN", "Infinity", "-Infinity"), temporals and durations strings in Neo4j\'s text (`12:31:00Z`, `P30Y8M`), points {srid, x, y[, z]}, nodes, relationships and paths as in `graph`.',
  `With \`Accept: ${TYPED_MEDIA_TYPE}\` every row value is Neo4j's typed JSON (the Query API convention, see TypedValue); columns, graph, summary and truncated are unchanged.`,
  'Plain JSON params: an integral number (1, and 1.0, which JSON cannot tell apart) is an Integer, other numbers Floats, strings Strings (a date stays a String), objects Maps, arrays Lists.',
  `With \`Content-Type: ${TYPED_MEDIA_TYPE}\` every param is a typed value (Float "1.0" stays a Float, a Date a Date, …; Node, Relationship and Path are refused: 400).`,
].join(' ');

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ok(description, R.ErrorBody);

const bad = errorResponse('Invalid input (INVALID_REQUEST), naming the parameter');
const missing = errorResponse('Unknown entity or query (NOT_FOUND)');
const down = errorResponse('The database is unavailable (DATABASE_UNAVAILABLE); Retry-After set');

/**
 * The core's paths. Parameters and request bodies come from the zod schemas the routes validate
 * with (`requestDoc`, server/openapi/request.ts); responses name zod schemas (`ok`), converted
 * by `generate` (server/openapi/components.ts).
 */
const corePaths: PathsObject = {
  '/api/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the API and Neo4j answer',
      responses: {
        '200': ok('Neo4j is up', R.Health),
        '503': ok('Neo4j is down', R.Health),
      },
    },
  },
  '/api/ready': {
    get: {
      operationId: 'ready',
      summary: 'Whether the app can serve: Neo4j answers and every schema index is online',
      responses: {
        '200': ok('Ready', R.Readiness),
        '503': ok('Not ready (database down, or schema missing or populating)', R.Readiness),
      },
    },
  },
  '/api/graph': {
    get: {
      operationId: 'graph',
      summary: 'The whole graph, or the most connected entities past `limit`',
      ...requestDoc({ query: graphQuery }),
      responses: { '200': ok('Graph', R.GraphView), '400': bad, '503': down },
    },
  },
  '/api/search': {
    get: {
      operationId: 'search',
      summary: 'Ranked full-text search over names and aliases (prefix and typo tolerant)',
      ...requestDoc({ query: searchQuery }),
      responses: { '200': ok('Matches, best first', R.SearchResponse), '400': bad },
    },
  },
  '/api/entities/{id}': {
    get: {
      operationId: 'entity',
      summary: 'An entity, its relationship counts per type and family, and its sources',
      ...requestDoc({ path: entityParams }),
      responses: { '200': ok('Entity', R.EntityDetails), '400': bad, '404': missing },
    },
  },
  '/api/entities/{id}/neighbors': {
    get: {
      operationId: 'neighbors',
      summary: 'Neighbourhood expansion, capped so a hub never floods the client',
      ...requestDoc({ path: entityParams, query: neighborsQuery }),
      responses: {
        '200': ok('Graph of the neighbourhood', R.NeighborsResponse),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/paths': {
    get: {
      operationId: 'paths',
      summary: 'All shortest undirected paths between two entities (bounded, no exhaustive search)',
      ...requestDoc({ query: pathsQuery }),
      responses: { '200': ok('Paths', R.PathsResponse), '400': bad, '404': missing },
    },
  },
  '/api/ownership/{id}': {
    get: {
      operationId: 'ownership',
      summary:
        'Owners and holdings through chains of up to 6 hops, with effective stakes as intervals',
      ...requestDoc({ path: ownerParams, query: ownershipQuery }),
      responses: {
        '200': ok('Owners and holdings', R.OwnershipResponse),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/beneficial-owners/{id}': {
    get: {
      operationId: 'beneficialOwners',
      summary:
        'Natural persons, states and unknown owners whose ownership or control reaches the threshold',
      ...requestDoc({ path: ownerParams, query: beneficialQuery }),
      responses: {
        '200': ok('Beneficial owners', R.BeneficialOwnersResponse),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/schema': {
    get: {
      operationId: 'schema',
      summary: 'Labels, relationship types with family, property keys and counts',
      responses: { '200': ok('Schema', R.SchemaResponse), '503': down },
    },
  },
  '/api/queries': {
    get: {
      operationId: 'listQueries',
      summary: "The analyst's library of named queries and their typed parameters",
      responses: { '200': ok('Queries', R.QueryList) },
    },
  },
  '/api/queries/{name}': {
    post: {
      operationId: 'runQuery',
      summary: 'Runs a named query (read transaction) with validated parameters',
      ...requestDoc({
        path: nameParams,
        // The params' own schema depends on the query: GET /api/queries lists each one's.
        body: z.object({ params: z.record(z.string(), z.unknown()).optional() }),
        bodyRequired: false,
      }),
      responses: {
        '200': ok('Result', R.QueryResult),
        '400': bad,
        '404': missing,
        '504': errorResponse('The query ran past its time limit (QUERY_TIMEOUT)'),
      },
    },
  },
  '/api/cypher': {
    post: {
      operationId: 'cypher',
      summary: 'The Cypher console: one read-only statement with parameters',
      description: CYPHER_VALUES,
      requestBody: {
        required: true,
        content: {
          ...json(R.CypherRequest),
          [TYPED_MEDIA_TYPE]: { schema: R.CypherTypedRequest },
        },
      },
      responses: {
        '200': {
          description: 'Result',
          content: {
            ...json(R.CypherResponse),
            [TYPED_MEDIA_TYPE]: { schema: R.CypherTypedResponse },
          },
        },
        '400': errorResponse(
          'Syntax error (with position), invalid request, QUERY_TOO_COMPLEX (a shape past a console limit, named in the message), CYPHER_ERROR (the query failed in Neo4j, with its message) or MEMORY_LIMIT_EXCEEDED',
        ),
        '403': errorResponse('Write or admin operation refused'),
        '413': errorResponse('Request body too large'),
        '429': errorResponse(
          'RATE_LIMITED, TOO_MANY_CONCURRENT_QUERIES (per user) or CONSOLE_BUSY; see Retry-After',
        ),
        '503': down,
        '504': errorResponse('The query ran past its time limit (QUERY_TIMEOUT)'),
      },
    },
  },
  '/api/auth/csrf': {
    get: {
      operationId: 'csrf',
      tags: ['auth'],
      summary: 'The CSRF token to send with state-changing requests',
      responses: { '200': ok('Token', bodies.csrf) },
    },
  },
  '/api/auth/me': {
    get: {
      operationId: 'me',
      tags: ['auth'],
      summary: 'The signed-in user',
      responses: {
        '200': ok('User', bodies.me),
        '401': errorResponse('Not signed in (UNAUTHENTICATED) or session over (SESSION_EXPIRED)'),
      },
    },
  },
  '/api/auth/login': {
    post: {
      operationId: 'login',
      tags: ['auth'],
      summary: 'Sign in (users mode only)',
      ...requestDoc({ body: loginBody }),
      responses: {
        '200': ok('Signed in', bodies.login),
        '400': bad,
        '401': errorResponse('Unknown user or wrong password (INVALID_CREDENTIALS)'),
        '403': errorResponse('Missing or wrong CSRF token'),
        '404': errorResponse('No users configured (AUTH_NOT_CONFIGURED)'),
        '429': errorResponse('Too many attempts'),
      },
    },
  },
  '/api/auth/logout': {
    post: {
      operationId: 'logout',
      tags: ['auth'],
      summary: 'Sign out',
      responses: {
        '204': { description: 'Signed out' },
        '403': errorResponse('Missing or wrong CSRF token'),
      },
    },
  },
  '/api/admin/reseed': {
    post: {
      operationId: 'reseed',
      tags: ['admin'],
      summary: "Wipe the database and load the article's graph again (editors only)",
      responses: {
        '200': ok('Reseeded', bodies.reseeded),
        '403': errorResponse('Not an editor'),
        '409': errorResponse('A reseed is already running (RESEED_IN_PROGRESS)'),
      },
    },
  },
  '/api/imports': {
    post: {
      operationId: 'startImport',
      tags: ['import'],
      summary:
        'Import a file (BODS 0.4, FtM JSON lines, CSV with a mapping, our JSON lines; gzip accepted) as one dataset (editors only)',
      description:
        'The body is the file itself (Content-Type application/json, application/x-ndjson, text/csv, application/gzip or application/octet-stream). The import runs in the background, one at a time; poll GET /api/imports/{id}.',
      ...requestDoc({ query: importQuery }),
      requestBody: {
        required: true,
        content: {
          'application/octet-stream': { schema: bodies.file },
        },
      },
      responses: {
        '202': ok('Queued', bodies.queued),
        '400': errorResponse('Empty body or a bad parameter (EMPTY_UPLOAD, INVALID_REQUEST)'),
        '403': errorResponse('Not an editor'),
        '413': errorResponse('The file is larger than the upload limit (BODY_TOO_LARGE)'),
        '415': errorResponse(
          'A content type a cross-site form could send (UNSUPPORTED_MEDIA_TYPE)',
        ),
      },
    },
  },
  '/api/imports/preview': {
    post: {
      operationId: 'previewImport',
      tags: ['import'],
      summary:
        "The Import panel's first look at a file: its format and first records (editors only)",
      description:
        "The body is the file's head (at most 256 KiB; a cut gzip stream is read as far as it goes). Nothing is written.",
      ...requestDoc({ query: previewQuery }),
      requestBody: {
        required: true,
        content: {
          'application/octet-stream': { schema: bodies.file },
        },
      },
      responses: {
        '200': ok(
          'The detected format and up to 10 records; for CSV the header and first rows',
          bodies.preview,
        ),
        '400': errorResponse('Empty body or unreadable file (EMPTY_UPLOAD, UNREADABLE)'),
        '403': errorResponse('Not an editor'),
      },
    },
  },
  '/api/imports/{id}': {
    get: {
      operationId: 'importStatus',
      tags: ['import'],
      summary: 'Where an import stands, and its report (editors only)',
      ...requestDoc({ path: jobParam }),
      responses: {
        '200': ok('The import', R.ImportJob),
        '400': bad,
        '403': errorResponse('Not an editor'),
        '404': errorResponse('No such import (NOT_FOUND); finished jobs are kept 7 days'),
      },
    },
  },
  '/api/datasets': {
    get: {
      operationId: 'datasets',
      tags: ['import'],
      summary: 'Imported datasets with what they assert (editors only)',
      responses: {
        '200': ok('Datasets', bodies.datasets),
        '403': errorResponse('Not an editor'),
      },
    },
  },
  '/api/datasets/{id}': {
    delete: {
      operationId: 'deleteDataset',
      tags: ['import'],
      summary:
        'Remove a dataset: its relationships, and the entities no other dataset (nor the seed) asserts (editors only)',
      ...requestDoc({ path: datasetParam }),
      responses: {
        '200': ok('Deleted', bodies.datasetDeleted),
        '400': bad,
        '403': errorResponse('Not an editor'),
        '404': errorResponse('No such dataset (NOT_FOUND)'),
      },
    },
  },
  '/api/export': {
    get: {
      operationId: 'exportGraph',
      tags: ['import'],
      summary:
        'A dataset or a set of entities as a file: BODS 0.4, FtM JSON lines, our JSON lines (all import back) or GraphML (editors only)',
      ...requestDoc({ query: exportQuery }),
      responses: {
        '200': {
          description: 'The file (Content-Disposition: attachment)',
          content: {
            'application/json': { schema: bodies.exportJson },
            'application/x-ndjson': { schema: bodies.text },
            'application/graphml+xml': { schema: bodies.text },
          },
        },
        '400': bad,
        '403': errorResponse('Not an editor'),
      },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'openapi',
      summary: 'This description',
      responses: { '200': ok('OpenAPI 3.1 document', bodies.anyObject) },
    },
  },
};

/**
 * Path fragments of other areas: a file `server/openapi/<area>.ts` exporting a `PathsObject`
 * (`requestDoc({ query, path, body })` from its route's zod schemas, `ok(description, zodSchema)`
 * for its answers, `component(name, schema)` for the payloads it names), listed here in one line
 * each. `mergePaths` refuses an operation documented twice.
 */
const fragments: PathsObject[] = [workspacePaths, duplicatesPaths, analystPaths];

export function openApiSpec(): Record<string, unknown> {
  const { paths, schemas } = generate(mergePaths(corePaths, ...fragments));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Entity Graph Explorer API',
      version: '0.1.0',
      description:
        'Who owns, buys from and leads whom. Graph payloads use slug ids: nodes {id, labels, properties}, edges {id, type, family, source, target, properties}. Every error is {"error": {"code", "message", "position"?}}. Access (SECURITY.md): with users configured every route but health and /api/auth needs a session (401 UNAUTHENTICATED / SESSION_EXPIRED) and the viewer or editor role (403 INSUFFICIENT_ROLE); state-changing requests need JSON (415), a same-origin Origin/Sec-Fetch-Site (403 CROSS_ORIGIN_REQUEST) and, with users, the X-CSRF-Token header (403 CSRF_TOKEN_INVALID); an unknown Host header answers 421 HOST_NOT_ALLOWED; limits answer 429 with Retry-After.',
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas },
  };
}

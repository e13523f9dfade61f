/** Shapes of the JSON API, as the client sees them, and one typed function per endpoint. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type Family = 'ownership' | 'client' | 'leadership' | 'event';
export const FAMILIES: readonly Family[] = ['ownership', 'client', 'leadership', 'event'];

export interface GraphNode {
  id: string;
  labels: string[];
  properties: Record<string, JsonValue>;
}

export interface GraphEdge {
  id: string;
  type: string;
  family: Family | null;
  source: string;
  target: string;
  properties: Record<string, JsonValue>;
}

export interface GraphPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated?: boolean;
}

export interface OverviewPayload extends GraphPayload {
  truncated: boolean;
  totalNodes: number;
}

export interface NeighborsPayload extends GraphPayload {
  truncated: boolean;
  omitted: number;
}

export interface SearchResult {
  id: string;
  labels: string[];
  name: string;
  score: number;
}

export interface EntityDetails {
  entity?: GraphNode;
  [key: string]: unknown;
}

export interface OwnershipRow {
  id: string;
  name?: string;
  labels?: string[];
  directStake?: number | null;
  effectiveStake?: number | null;
  chains?: unknown[];
  [key: string]: unknown;
}

export interface OwnershipView {
  entity?: GraphNode;
  owners: OwnershipRow[];
  holdings: OwnershipRow[];
  [key: string]: unknown;
}

export interface SchemaView {
  labels: unknown[];
  relationshipTypes: unknown[];
  propertyKeys: unknown[];
  [key: string]: unknown;
}

export interface NamedQuery {
  name: string;
  description?: string;
  params?: unknown;
  [key: string]: unknown;
}

export interface ErrorPosition {
  line: number;
  column: number;
  offset?: number;
}

export interface QueryResult {
  columns: string[];
  rows: JsonValue[][] | Record<string, JsonValue>[];
  graph?: GraphPayload;
  summary?: Record<string, JsonValue>;
  truncated?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly position?: ErrorPosition,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { Accept: 'application/json', ...(init?.headers ?? {}) },
  });
  const body = (await res.json().catch(() => null)) as
    (T & { error?: { code: string; message: string; position?: ErrorPosition } }) | null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'HTTP_ERROR',
      body?.error?.message ?? res.statusText,
      body?.error?.position,
    );
  }
  return body as T;
}

function postJson<T>(url: string, body: unknown): Promise<T> {
  return getJson<T>(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function qs(params: Record<string, string | number | undefined | null>): string {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') usp.set(k, String(v));
  }
  const s = usp.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  graph: (opts: { limit?: number; at?: string } = {}) =>
    getJson<OverviewPayload>(`/api/graph${qs(opts)}`),
  search: (q: string, limit = 8) =>
    getJson<{ results: SearchResult[] }>(`/api/search${qs({ q, limit })}`),
  entity: (id: string) => getJson<EntityDetails>(`/api/entities/${enc(id)}`),
  neighbors: (
    id: string,
    opts: { families?: Family[]; direction?: string; depth?: number; limit?: number; at?: string },
  ) =>
    getJson<NeighborsPayload>(
      `/api/entities/${enc(id)}/neighbors${qs({
        families: opts.families?.join(','),
        direction: opts.direction,
        depth: opts.depth,
        limit: opts.limit,
        at: opts.at,
      })}`,
    ),
  paths: (opts: { from: string; to: string; maxHops?: number; families?: Family[]; at?: string }) =>
    getJson<{ paths: GraphPayload[] }>(
      `/api/paths${qs({ ...opts, families: opts.families?.join(',') })}`,
    ),
  ownership: (id: string, at?: string) =>
    getJson<OwnershipView>(`/api/ownership/${enc(id)}${qs({ at })}`),
  schema: () => getJson<SchemaView>('/api/schema'),
  queries: () => getJson<{ queries: NamedQuery[] } | NamedQuery[]>('/api/queries'),
  runNamed: (name: string, params: Record<string, JsonValue>) =>
    postJson<QueryResult>(`/api/queries/${enc(name)}`, { params }),
  cypher: (query: string, params: Record<string, JsonValue>) =>
    postJson<QueryResult>('/api/cypher', { query, params }),
};

export type Api = typeof api;

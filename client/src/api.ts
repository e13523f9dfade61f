/** Shapes of the JSON API, as the client sees them, and one typed function per endpoint. */
import type { Family } from '../../server/model/families';

export type { Family };
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// Keyed by the model's Family type, so a family added there and missing here fails the type-check.
const FAMILY_ORDER = {
  ownership: 0,
  control: 1,
  client: 2,
  leadership: 3,
  event: 4,
} satisfies Record<Family, number>;
export const FAMILIES: readonly Family[] = Object.keys(FAMILY_ORDER) as Family[];

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

export interface RelationshipCount {
  type?: string;
  family?: string | null;
  in: number;
  out: number;
  total: number;
}

export interface SourceMention {
  id: string;
  name: string | null;
  via?: string[];
  relationships?: number;
}

export interface EntityDetails {
  entity?: GraphNode;
  relationships?: {
    total: number;
    in: number;
    out: number;
    byType: RelationshipCount[];
    byFamily: RelationshipCount[];
  };
  sources?: SourceMention[];
}

export interface OwnershipChain {
  /** Entity ids from the owner down to the held entity. */
  path: string[];
  stakes: (number | null)[];
  stake: number | null;
  stakeMin?: number;
  stakeMax?: number;
  /** Every claim on the chain (alternatives included). */
  links: { id: string; source: string; target: string }[];
}

export interface OwnershipRow {
  id: string;
  name: string | null;
  labels: string[];
  directStake: number | null;
  directStakeMin?: number | null;
  directStakeMax?: number | null;
  effectiveStakeMin?: number;
  effectiveStakeMax?: number;
  /** Declared indirect interests, linked to the chains they summarise. */
  declared?: {
    claim: { id: string; stake: number | null; stakeMin: number; stakeMax: number };
    summarises: string[][];
    counted: boolean;
  }[];
  /** null when a stake on some chain is unknown. */
  effectiveStake: number | null;
  /** Floor from the chains whose stakes are all known. */
  effectiveStakeAtLeast?: number;
  chains: OwnershipChain[];
}

export interface BeneficialOwner {
  id: string;
  name: string | null;
  labels: string[];
  certain: boolean;
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  votesMin: number;
  votesMax: number;
  control: boolean;
  grounds: string[];
  reason: string | null;
  chains: OwnershipChain[];
  sources: string[];
}

export interface UnknownOwnership {
  reason: string;
  via: string;
  name: string | null;
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  chains: OwnershipChain[];
}

export interface BeneficialOwnersView {
  entity: GraphNode;
  threshold: number;
  at: string | null;
  owners: BeneficialOwner[];
  unknown: UnknownOwnership[];
  graph: GraphPayload;
  truncated: boolean;
}

export interface ControlRow {
  id: string;
  name: string | null;
  labels: string[];
  certain: boolean;
  chains: OwnershipChain[];
}

export interface OwnershipView {
  entity: GraphNode;
  owners: OwnershipRow[];
  holdings: OwnershipRow[];
  controllers?: ControlRow[];
  controlled?: ControlRow[];
  truncated?: boolean;
}

export interface SchemaView {
  labels: unknown[];
  relationshipTypes: unknown[];
  propertyKeys: unknown[];
  [key: string]: unknown;
}

export interface NamedQueryParam {
  name: string;
  type: string;
  required?: boolean;
  default?: JsonValue;
  description?: string;
}

export interface NamedQuery {
  name: string;
  title?: string;
  description?: string;
  params?: NamedQueryParam[];
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
  summary?: { resultAvailableAfterMs?: number; resultConsumedAfterMs?: number } & Record<
    string,
    JsonValue
  >;
  truncated?: boolean;
  truncatedBy?: 'rows' | 'bytes' | null;
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

let csrfToken: string | null = null;

/** The session's CSRF token, sent on every POST (required when the server runs with users). */
async function csrf(refresh = false): Promise<string | null> {
  if (csrfToken && !refresh) return csrfToken;
  try {
    const res = await fetch('/api/auth/csrf', { headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    csrfToken = ((await res.json()) as { csrfToken?: string }).csrfToken ?? null;
  } catch {
    csrfToken = null;
  }
  return csrfToken;
}

/** Signed out (or the session ended): go to the server's sign-in page and come back here. */
function toLogin(): void {
  const next = `${location.pathname}${location.search}`;
  location.assign(`/login?next=${encodeURIComponent(next)}`);
}

export async function getJson<T>(url: string, init?: RequestInit, retried = false): Promise<T> {
  const post = !!init?.method && init.method !== 'GET';
  const token = post ? await csrf() : null;
  const res = await fetch(url, {
    ...init,
    headers: {
      Accept: 'application/json',
      ...(token ? { 'X-CSRF-Token': token } : {}),
      ...(init?.headers ?? {}),
    },
  });
  const body = (await res.json().catch(() => null)) as
    (T & { error?: { code: string; message: string; position?: ErrorPosition } }) | null;
  if (res.status === 401) toLogin();
  if (post && !retried && res.status === 403 && body?.error?.code === 'CSRF_TOKEN_INVALID') {
    await csrf(true);
    return getJson<T>(url, init, true);
  }
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

export type ImportFormat = 'bods' | 'ftm' | 'csv' | 'jsonl';

export interface ImportIssue {
  record: string | null;
  line: number;
  code: string;
  message: string;
}

export interface ImportPreview {
  format: ImportFormat;
  records: { line: number; type: string; id: string; name: string }[];
  columns?: string[];
  rows?: string[][];
  partial: boolean;
}

export interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  dataset: string | null;
  format: string | null;
  dryRun: boolean;
  progress: { records: number; total: number };
  report: {
    entities: number;
    relationships: number;
    rejected: ImportIssue[];
    warnings: ImportIssue[];
  };
  error: string | null;
}

export interface DatasetSummary {
  id: string;
  name: string;
  format: string | null;
  importedAt: string | null;
  importedBy: string | null;
  entities: number;
  relationships: number;
}

/** The file (or its head) as an upload body: the server reads it raw, gzip included. */
function upload<T>(url: string, body: Blob): Promise<T> {
  return getJson<T>(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
  });
}

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
  beneficialOwners: (id: string, threshold: number, at?: string) =>
    getJson<BeneficialOwnersView>(`/api/beneficial-owners/${enc(id)}${qs({ threshold, at })}`),
  schema: () => getJson<SchemaView>('/api/schema'),
  queries: () => getJson<{ queries: NamedQuery[] }>('/api/queries'),
  runNamed: (name: string, params: Record<string, JsonValue>) =>
    postJson<QueryResult>(`/api/queries/${enc(name)}`, { params }),
  /** Row values come back in Neo4j's typed JSON (client/src/console-values.ts renders them). */
  cypher: (query: string, params: Record<string, JsonValue>) =>
    getJson<QueryResult>('/api/cypher', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.neo4j.query' },
      body: JSON.stringify({ query, params }),
    }),
  me: async () => {
    const me = await getJson<{
      user: { name: string; role: string };
      mode: 'users' | 'local';
      csrfToken?: string;
    }>('/api/auth/me');
    if (me.csrfToken) csrfToken = me.csrfToken;
    return me;
  },
  logout: () => postJson<null>('/api/auth/logout', {}),
  importPreview: (head: Blob, format?: ImportFormat) =>
    upload<ImportPreview>(`/api/imports/preview${qs({ format })}`, head),
  importStart: (
    file: Blob,
    opts: {
      format?: ImportFormat;
      dataset?: string;
      dryRun?: boolean;
      mapping?: string;
      fileName?: string;
    },
  ) =>
    upload<{ id: string; status: string }>(
      `/api/imports${qs({ ...opts, dryRun: opts.dryRun ? 'true' : undefined })}`,
      file,
    ),
  importJob: (id: string) => getJson<ImportJob>(`/api/imports/${enc(id)}`),
  datasets: () => getJson<{ datasets: DatasetSummary[] }>('/api/datasets'),
  deleteDataset: (id: string) =>
    getJson<{ deleted: boolean }>(`/api/datasets/${enc(id)}`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
    }),
};

export type Api = typeof api;

/** Shapes of the JSON API, as the client sees them, and one typed function per endpoint. */
import type { Family } from '../../server/model/families';
import type { ReadIssue as ImportIssue } from '../../server/ingest/common';
import type { ImportJob } from '../../server/ingest/import-jobs';
import type { ImportFormat } from '../../server/ingest/import-service';
import type { ImportPreview } from '../../server/ingest/preview';
import type { DatasetSummary } from '../../server/services/dataset-service';
import type {
  DecisionResult,
  DuplicateDecisionValue,
  DuplicatesView,
  UnmergeResult,
} from '../../server/model/duplicates';
import type {
  BeneficialOwnersView,
  OwnershipMethod,
  OwnershipView,
} from '../../server/model/ownership-payload';
import type { Change } from '../../server/model/changes';
// The editing payloads are the server's own types (type-only: nothing of the server is bundled).
import type {
  EntityAnswer,
  EntityCreate,
  EntityPatch,
  Provenance,
  RelationshipAnswer,
  RelationshipCreate,
  RelationshipPatch,
  SourceRef,
} from '../../server/services/edit-service';

import type {
  EntityDetails,
  GraphEdge,
  GraphNode,
  GraphPayload,
  GraphView,
  JsonValue,
  NeighborsView,
  PathsView,
  SchemaView,
  SearchAnswer,
  SearchResult,
  SourceMention,
  TypeCount,
} from '../../server/model/payloads';

// The server's payload types, type-only (nothing of the server is bundled).
export type {
  EntityDetails,
  Family,
  GraphEdge,
  GraphNode,
  GraphPayload,
  JsonValue,
  PathsView,
  SchemaView,
  SearchAnswer,
  SearchResult,
  SourceMention,
};
// The ownership and beneficial-owner payloads, defined once in the server's model.
export type {
  BeneficialOwner,
  BeneficialOwnersView,
  ControlRow,
  OwnerReason,
  OwnershipChain,
  OwnershipMethod,
  OwnershipRow,
  OwnershipView,
  UnknownOwnership,
} from '../../server/model/ownership-payload';
/** GET /api/graph. */
export type OverviewPayload = GraphView;
/** GET /api/entities/:id/neighbors. */
export type NeighborsPayload = NeighborsView;
/** A row of an entity's relationship counts, by type or by family (what the inspector lists). */
export type RelationshipCount = Pick<TypeCount, 'in' | 'out' | 'total'> & {
  type?: string;
  family?: Family | 'other' | null;
};

// Keyed by the model's Family type, so a family added there and missing here fails the type-check.
const FAMILY_ORDER = {
  ownership: 0,
  control: 1,
  client: 2,
  leadership: 3,
  event: 4,
} satisfies Record<Family, number>;
export const FAMILIES: readonly Family[] = Object.keys(FAMILY_ORDER) as Family[];

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
    /** The whole answer (a 409 carries `current` beside `error`). */
    readonly body?: unknown,
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
  // Every state-changing method carries the CSRF token (POST, PUT, PATCH, DELETE).
  const post = init?.method !== undefined && !['GET', 'HEAD'].includes(init.method);
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
      body,
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

// The import payloads, type-only from the server that answers them.
export type { ImportFormat, ImportIssue, ImportJob, ImportPreview, DatasetSummary };

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
  search: (q: string, limit = 8) => getJson<SearchAnswer>(`/api/search${qs({ q, limit })}`),
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
    getJson<PathsView>(`/api/paths${qs({ ...opts, families: opts.families?.join(',') })}`),
  ownership: (id: string, at?: string) =>
    getJson<OwnershipView>(`/api/ownership/${enc(id)}${qs({ at })}`),
  beneficialOwners: (
    id: string,
    threshold: number,
    at?: string,
    method: OwnershipMethod = 'chains',
  ) =>
    getJson<BeneficialOwnersView>(
      `/api/beneficial-owners/${enc(id)}${qs({ threshold, at, method: method === 'chains' ? undefined : method })}`,
    ),
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
  // Duplicates and merging (issue 12b).
  duplicates: (limit: number) => getJson<DuplicatesView>(`/api/duplicates${qs({ limit })}`),
  decideDuplicate: (body: {
    a: string;
    b: string;
    decision: DuplicateDecisionValue;
    canonical?: string;
    versions?: Record<string, number>;
  }) => postJson<DecisionResult>('/api/duplicates/decisions', body),
  unmerge: (canonical: string, merged: string) =>
    postJson<UnmergeResult>('/api/duplicates/unmerge', { canonical, merged }),
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

// ---- workspace: edits, history, revert (issue 12; docs/workspace.md) ----
export type { Change, EntityAnswer, RelationshipAnswer, SourceRef };
export type { EntityCreate, EntityPatch, RelationshipCreate, RelationshipPatch };

/** Provenance every write names (the server adds the user). */
export type WriteProvenance = Omit<Provenance, 'user'>;

/** A 409's `current`: the element as it is now and its version. */
export interface ConflictCurrent {
  entity?: EntityAnswer['entity'];
  relationship?: RelationshipAnswer['relationship'];
  version: number;
  retracted?: boolean;
}

function sendJson<T>(method: string, url: string, body: unknown, version?: number): Promise<T> {
  return getJson<T>(url, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}),
    },
    body: JSON.stringify(body),
  });
}

export const workspaceApi = {
  entity: (id: string) => getJson<EntityDetails & { version?: number }>(`/api/entities/${enc(id)}`),
  relationship: (id: string) => getJson<RelationshipAnswer>(`/api/relationships/${enc(id)}`),
  createEntity: (body: EntityCreate & WriteProvenance) =>
    sendJson<EntityAnswer>('POST', '/api/entities', body),
  updateEntity: (id: string, version: number, body: EntityPatch & WriteProvenance) =>
    sendJson<EntityAnswer>('PATCH', `/api/entities/${enc(id)}`, body, version),
  retractEntity: (id: string, version: number, body: WriteProvenance) =>
    sendJson<EntityAnswer>('DELETE', `/api/entities/${enc(id)}`, body, version),
  createRelationship: (body: RelationshipCreate & WriteProvenance) =>
    sendJson<RelationshipAnswer>('POST', '/api/relationships', body),
  updateRelationship: (id: string, version: number, body: RelationshipPatch & WriteProvenance) =>
    sendJson<RelationshipAnswer>('PATCH', `/api/relationships/${enc(id)}`, body, version),
  retractRelationship: (id: string, version: number, body: WriteProvenance) =>
    sendJson<RelationshipAnswer>('DELETE', `/api/relationships/${enc(id)}`, body, version),
  changes: (q: { entity?: string; relationship?: string; user?: string; limit?: number }) =>
    getJson<{ changes: Change[] }>(`/api/changes${qs(q)}`),
  revert: (changeId: string, reason?: string) =>
    sendJson<{ change: Change; version: number | null }>(
      'POST',
      `/api/changes/${enc(changeId)}/revert`,
      reason ? { reason } : {},
    ),
};

/** The current state a 409 answered with, or null when the error is no version conflict. */
export function conflictOf(err: unknown): ConflictCurrent | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const current = (err.body as { current?: ConflictCurrent } | null)?.current;
  return current && typeof current.version === 'number' ? current : null;
}

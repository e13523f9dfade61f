/** The analyst's endpoints (issue 12d): diff, notes, saved investigations. Types from the model. */
import type { DiffPayload } from '../../server/model/diff';
import type {
  Investigation,
  InvestigationRole,
  InvestigationState,
  InvestigationSummary,
} from '../../server/model/investigations';
import type { Note } from '../../server/model/notes';
import { getJson, type GraphEdge, type GraphNode } from './api';

export type { Note, Investigation, InvestigationState, InvestigationSummary, InvestigationRole };
export type GraphDiff = DiffPayload<GraphNode, GraphEdge>;

const enc = encodeURIComponent;
const send = <T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  getJson<T>(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

export interface InvestigationInput {
  name: string;
  description?: string;
  role: InvestigationRole;
  state: InvestigationState;
}

export const analystApi = {
  diff: (from: string, to: string, recorded: boolean) =>
    getJson<GraphDiff>(
      `/api/diff?from=${enc(from)}&to=${enc(to)}${recorded ? '&recorded=true' : ''}&limit=1000`,
    ),
  notes: (target: string) =>
    getJson<{ notes: Note[] }>(`/api/notes?target=${enc(target)}`).then((r) => r.notes),
  addNote: (target: string, text: string) =>
    send<{ note: Note }>('POST', '/api/notes', { target, text }).then((r) => r.note),
  editNote: (id: string, text: string) =>
    send<{ note: Note }>('PATCH', `/api/notes/${enc(id)}`, { text }).then((r) => r.note),
  deleteNote: (id: string) => send<{ deleted: Note }>('DELETE', `/api/notes/${enc(id)}`),
  investigations: () =>
    getJson<{ investigations: InvestigationSummary[] }>('/api/investigations').then(
      (r) => r.investigations,
    ),
  investigation: (id: string) =>
    getJson<{ investigation: Investigation }>(`/api/investigations/${enc(id)}`).then(
      (r) => r.investigation,
    ),
  saveInvestigation: (input: InvestigationInput) =>
    send<{ investigation: Investigation }>('POST', '/api/investigations', input).then(
      (r) => r.investigation,
    ),
  updateInvestigation: (id: string, version: number, input: InvestigationInput) =>
    send<{ investigation: Investigation }>('PUT', `/api/investigations/${enc(id)}`, input, {
      'If-Match': `"${version}"`,
    }).then((r) => r.investigation),
};

/**
 * Saved investigations (issue 12d, docs/workspace.md): a named view stored on the server. The
 * view is the client's share-link state (client/src/url-state.ts `ViewState`) plus what a link
 * cannot carry: the elements on the canvas, their positions, the selection, the compare dates.
 * The client imports these types only.
 */

import type { Family } from './families';

/** Who may open an investigation: `viewer` = everyone signed in, `editor` = editors only. */
export type InvestigationRole = 'viewer' | 'editor';

export interface SavedGroup {
  name: string;
  members: string[];
  open: boolean;
}

/** The share-link state (ViewState): every field optional, absent = the default view. */
export interface SavedView {
  focus?: string;
  families?: Family[];
  kinds?: string[];
  at?: string;
  layout?: string;
  expanded?: string[];
  query?: string;
  params?: string;
  mode?: 'add' | 'replace';
  pathFrom?: string;
  pathTo?: string;
  groups?: SavedGroup[];
}

export interface InvestigationState {
  view: SavedView;
  /** Entity ids and relationship ids on the canvas. */
  nodes: string[];
  edges: string[];
  /** Canvas positions by entity id (model coordinates). */
  positions: Record<string, { x: number; y: number }>;
  /** Selected element ids. */
  selection: string[];
  /** Canvas zoom and pan, so it reopens framed as saved. */
  viewport?: { zoom: number; pan: { x: number; y: number } };
  /** Compare mode, when the view was saved in it. */
  compare?: { from: string; to: string; recorded: boolean };
}

export interface InvestigationSummary {
  /** `investigation:<uuid>`; a share link is `/?investigation=<id>`. */
  id: string;
  name: string;
  /** The analyst's own notes on the investigation. */
  description: string;
  owner: string;
  role: InvestigationRole;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Investigation extends InvestigationSummary {
  state: InvestigationState;
  updatedBy?: string;
}

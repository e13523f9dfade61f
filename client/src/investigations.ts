import type { Core } from 'cytoscape';
import {
  analystApi,
  type Investigation,
  type InvestigationRole,
  type InvestigationState,
  type InvestigationSummary,
} from './analyst-api';
import { h, replaceChildren } from './dom';
import type { ViewState } from './url-state';

export interface InvestigationHost {
  cy: Core;
  /** The share-link state of the view now. */
  view(): ViewState;
  /** Compare mode's dates, when it is on. */
  compare(): InvestigationState['compare'];
  /** Puts the saved elements on the canvas (fetching what is missing), nothing else. */
  showElements(nodes: string[], edges: string[], view: ViewState): Promise<void>;
  runCompare(c: NonNullable<InvestigationState['compare']>): Promise<void>;
}

/** The link that reopens a saved investigation (same roles: see docs/workspace.md). */
export function investigationLink(id: string): string {
  return `${location.origin}${location.pathname}?investigation=${encodeURIComponent(id)}`;
}

/**
 * Saved investigations: the view saved on the server under a name (elements, positions,
 * filters, date, selection, compare dates), listed, reopened exactly, shared by link.
 */
export class InvestigationsPanel {
  private readonly name = h('input', {
    type: 'text',
    id: 'investigation-name',
    placeholder: 'Name',
    maxlength: 120,
  });
  private readonly role = h(
    'select',
    { id: 'investigation-role', 'aria-label': 'Who may open it' },
    h('option', { value: 'editor' }, 'Editors only'),
    h('option', { value: 'viewer' }, 'Viewers too'),
  );
  private readonly status = h('p', {
    class: 'investigation-status',
    role: 'status',
    'aria-live': 'polite',
  });
  private readonly list = h('ul', { class: 'investigation-list', id: 'investigation-list' });
  /** The investigation open now (saving again makes a new version of it). */
  current: Investigation | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: InvestigationHost,
  ) {
    const form = h(
      'form',
      {
        class: 'investigation-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.save();
        },
      },
      h('label', { for: 'investigation-name', class: 'sr-only' }, 'Investigation name'),
      this.name,
      this.role,
      h('button', { type: 'submit', id: 'investigation-save' }, 'Save'),
    );
    root.append(form, this.status, this.list);
  }

  state(): InvestigationState {
    const cy = this.host.cy;
    const nodes = cy
      .nodes()
      .not('.more, .group')
      .map((n) => n.id());
    const positions: InvestigationState['positions'] = {};
    cy.nodes()
      .not('.more, .group')
      .forEach((n) => {
        const p = n.position();
        positions[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
      });
    const compare = this.host.compare();
    return {
      view: this.host.view() as InvestigationState['view'],
      nodes,
      edges: cy
        .edges()
        .not('.more-edge, .group-edge, .bundle')
        .map((e) => e.id()),
      positions,
      selection: cy.$(':selected').map((e) => e.id()),
      viewport: { zoom: cy.zoom(), pan: { ...cy.pan() } },
      ...(compare ? { compare } : {}),
    };
  }

  async save(): Promise<void> {
    const name = this.name.value.trim();
    if (!name) {
      this.status.textContent = 'Give the investigation a name.';
      this.name.focus();
      return;
    }
    const input = { name, role: this.role.value as InvestigationRole, state: this.state() };
    try {
      const cur = this.current;
      const saved =
        cur && cur.name === name
          ? await analystApi.updateInvestigation(cur.id, cur.version, {
              ...input,
              description: cur.description,
            })
          : await analystApi.saveInvestigation(input);
      this.current = saved;
      this.status.textContent = `Saved "${saved.name}" (version ${saved.version}).`;
      await this.refresh();
    } catch (err) {
      this.status.textContent = `Not saved: ${(err as Error).message}`;
    }
  }

  async refresh(): Promise<void> {
    let items: InvestigationSummary[];
    try {
      items = await analystApi.investigations();
    } catch (err) {
      this.status.textContent = (err as Error).message;
      return;
    }
    replaceChildren(
      this.list,
      items.map((i) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'investigation-open',
              'data-id': i.id,
              onclick: () => void this.open(i.id),
            },
            i.name,
          ),
          h(
            'span',
            { class: 'investigation-meta' },
            `${i.owner} · v${i.version} · ${i.role === 'viewer' ? 'viewers too' : 'editors'}`,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'investigation-link',
              'aria-label': `Copy a link to ${i.name}`,
              onclick: () => {
                void navigator.clipboard?.writeText(investigationLink(i.id)).catch(() => undefined);
                this.status.textContent = `Link: ${investigationLink(i.id)}`;
              },
            },
            'Link',
          ),
        ),
      ),
    );
  }

  /** Reopens an investigation exactly as saved: elements, positions, viewport, selection. */
  async open(id: string): Promise<void> {
    let inv: Investigation;
    try {
      inv = await analystApi.investigation(id);
    } catch (err) {
      this.status.textContent = `Cannot open: ${(err as Error).message}`;
      return;
    }
    const s = inv.state;
    await this.host.showElements(s.nodes, s.edges, s.view as ViewState);
    if (s.compare) await this.host.runCompare(s.compare);
    const cy = this.host.cy;
    const keep = new Set([...s.nodes, ...s.edges]);
    cy.batch(() => {
      cy.elements()
        .not('.more, .more-edge')
        .filter((e) => !keep.has(e.id()))
        .remove();
      for (const [nid, p] of Object.entries(s.positions)) cy.getElementById(nid).position(p);
    });
    cy.elements().unselect();
    for (const sel of s.selection) cy.getElementById(sel).select();
    if (s.viewport) cy.viewport({ zoom: s.viewport.zoom, pan: s.viewport.pan });
    this.current = inv;
    this.name.value = inv.name;
    this.role.value = inv.role;
    this.status.textContent = `Opened "${inv.name}" (version ${inv.version}, by ${inv.owner}).`;
    this.root.scrollIntoView({ block: 'nearest' });
    document.body.dataset.investigation = inv.id;
  }
}

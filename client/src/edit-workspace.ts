import type {
  Core,
  EdgeSingular,
  EventObject,
  NodeSingular,
  SingularElementArgument,
} from 'cytoscape';
import cytoscape from 'cytoscape';
import edgehandles from 'cytoscape-edgehandles';
import {
  ApiError,
  api,
  workspaceApi,
  type GraphEdge,
  type GraphNode,
  type SearchResult,
} from './api';
import type { Canvas } from './canvas';
import { h } from './dom';
import { entityDialog } from './edit-entity';
import { relationshipDialog, type RelationshipEnds } from './edit-relationship';
import { retractDialog } from './edit-retract';
import { edgeElement, nodeElement } from './elements';
import { historySection } from './history';

cytoscape.use(edgehandles);

export interface WorkspaceHooks {
  canvas: Canvas;
  search: (q: string) => Promise<SearchResult[]>;
  setStatus: (text: string) => void;
  nameOf: (id: string) => string;
  focus: (id: string) => void;
  /** Shows the element again in the inspector (after its data changed). */
  reinspect: (el: SingularElementArgument | null) => void;
}

/** What the editing UI adds to the inspector for one element. */
export interface InspectorParts {
  actions: HTMLElement | null;
  history: HTMLElement | null;
}

/** Real entities and relationships, not the canvas' own helpers (groups, "N more", bundles). */
const isEntity = (n: NodeSingular) => !n.hasClass('group') && !n.hasClass('more');
const isClaim = (e: EdgeSingular) =>
  !e.hasClass('group-edge') && !e.hasClass('bundle') && !e.hasClass('more-edge');

/**
 * The analyst's editing UI: New entity, drawing a relationship node → node, Edit / Retract /
 * History in the inspector. Viewers see history only; the role comes from /api/auth/me.
 */
export function editWorkspace(hooks: WorkspaceHooks) {
  const { canvas } = hooks;
  const cy: Core = canvas.cy;
  let editor = false;

  const drawBtn = h(
    'button',
    {
      type: 'button',
      id: 'draw-relationship',
      'aria-pressed': 'false',
      title: 'Drag from one entity to another to create a relationship',
    },
    'Draw relationship',
  );
  const newBtn = h('button', { type: 'button', id: 'new-entity' }, 'New entity');

  // ---- canvas: after a write, the canvas shows what the server answered ----
  const placeNew = (node: GraphNode) => {
    canvas.load({ nodes: [node], edges: [] }, { mode: 'add' });
    const el = cy.getElementById(node.id);
    const ext = cy.extent();
    el.position({ x: ext.x1 + (ext.x2 - ext.x1) * 0.4, y: (ext.y1 + ext.y2) / 2 });
    canvas.select(el);
  };
  const showNode = (node: GraphNode) => {
    const el = cy.getElementById(node.id);
    if (el.empty()) return placeNew(node);
    el.data(nodeElement(node).data ?? {});
    hooks.reinspect(el);
  };
  const showEdge = (edge: GraphEdge) => {
    const el = cy.getElementById(edge.id);
    if (el.empty()) {
      canvas.load({ nodes: [], edges: [edge] }, { mode: 'add' });
      const added = cy.getElementById(edge.id);
      if (added.nonempty()) canvas.select(added);
      return;
    }
    el.data(edgeElement(edge).data ?? {});
    hooks.reinspect(el);
  };
  /** Reads an element again (after a revert) and shows it as it is now, or drops it if retracted. */
  const refresh = async (type: 'entity' | 'relationship', id: string) => {
    try {
      if (type === 'entity') {
        const d = await workspaceApi.entity(id);
        if (d.entity) showNode(d.entity);
      } else {
        showEdge((await workspaceApi.relationship(id)).relationship);
      }
    } catch (err) {
      // 404: no such element; 410: retracted (a revert of its creation, say): off the canvas.
      if (err instanceof ApiError && (err.status === 404 || err.status === 410))
        canvas.drop(cy.getElementById(id));
      else throw err;
    }
  };

  // ---- dialogs ----
  const newEntity = () =>
    entityDialog({
      search: hooks.search,
      saved: ({ entity }) => {
        placeNew(entity);
        hooks.setStatus(`Created ${String(entity.properties.name ?? entity.id)}`);
      },
    });

  const newRelationship = (ends: RelationshipEnds) =>
    relationshipDialog({
      search: hooks.search,
      ends,
      nameOf: hooks.nameOf,
      saved: ({ relationship }) => {
        showEdge(relationship);
        hooks.setStatus(`Created ${relationship.type}`);
      },
    });

  const editEntity = async (id: string) => {
    const d = await workspaceApi.entity(id);
    if (!d.entity) throw new Error('unknown entity');
    entityDialog({
      search: hooks.search,
      existing: { entity: d.entity, version: d.version ?? 1 },
      saved: ({ entity, version }) => {
        showNode(entity);
        hooks.setStatus(`Saved ${String(entity.properties.name ?? id)} (version ${version})`);
      },
    });
  };

  const editRelationship = async (id: string) => {
    const { relationship, version } = await workspaceApi.relationship(id);
    const end = (x: string) => ({ id: x, name: hooks.nameOf(x) });
    relationshipDialog({
      search: hooks.search,
      nameOf: hooks.nameOf,
      existing: {
        relationship,
        version,
        names: { from: end(relationship.source), to: end(relationship.target) },
      },
      saved: ({ relationship: r, version: v }) => {
        showEdge(r);
        hooks.setStatus(`Saved ${r.type} (version ${v})`);
      },
    });
  };

  const retract = async (el: SingularElementArgument) => {
    const id = el.id();
    const isNode = el.isNode();
    const version = isNode
      ? ((await workspaceApi.entity(id)).version ?? 1)
      : (await workspaceApi.relationship(id)).version;
    retractDialog({
      what: isNode ? 'entity' : 'relationship',
      name: isNode ? hooks.nameOf(id) : String(el.data('type')),
      version,
      search: hooks.search,
      retract: (v, body) =>
        isNode
          ? workspaceApi.retractEntity(id, v, body)
          : workspaceApi.retractRelationship(id, v, body),
      done: () => {
        canvas.drop(cy.getElementById(id));
        hooks.setStatus(`Retracted ${isNode ? hooks.nameOf(id) : String(el.data('type'))}`);
      },
    });
  };

  const guard = (fn: () => Promise<void>) => () =>
    void fn().catch((err: Error) => hooks.setStatus(`Could not open the form: ${err.message}`));

  // ---- drawing a relationship: drag from one node to another (cytoscape-edgehandles) ----
  const eh = cy.edgehandles({
    canConnect: (s, t) => s.id() !== t.id() && isEntity(s) && isEntity(t),
    edgeParams: () => ({ group: 'edges', data: { family: 'other' }, classes: 'eh-draft' }),
    hoverDelay: 100,
    snap: true,
    snapThreshold: 20,
  });
  eh.disable();
  let drawing = false;
  const setDrawing = (on: boolean) => {
    drawing = on;
    drawBtn.setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('drawing', on);
    if (on) {
      eh.enable();
      eh.enableDrawMode();
      hooks.setStatus('Drag from one entity to another to create a relationship (Escape stops)');
    } else {
      eh.disableDrawMode();
      eh.disable();
    }
  };
  cy.on('ehcomplete', (_ev: EventObject, ...extra: unknown[]) => {
    const [source, target, added] = extra as [NodeSingular, NodeSingular, EdgeSingular];
    added.remove(); // a draft: the relationship exists once the server stored it
    newRelationship({
      from: { id: source.id(), name: hooks.nameOf(source.id()) },
      to: { id: target.id(), name: hooks.nameOf(target.id()) },
    });
  });
  drawBtn.addEventListener('click', () => setDrawing(!drawing));
  newBtn.addEventListener('click', () => newEntity());
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && drawing && !document.querySelector('dialog[open]'))
      setDrawing(false);
  });

  return {
    get editor() {
      return editor;
    },
    /** Asks who is signed in; editors get the toolbar buttons. Resolves with the role. */
    async init(toolbar: HTMLElement): Promise<string | null> {
      let role: string | null = null;
      try {
        role = (await api.me()).user.role;
      } catch {
        role = null;
      }
      editor = role === 'editor';
      document.body.dataset.role = role ?? 'unknown';
      if (editor) {
        const group = h(
          'span',
          { class: 'edit-tools', role: 'group', 'aria-label': 'Editing' },
          newBtn,
          drawBtn,
        );
        toolbar.prepend(group);
      }
      return role;
    },
    /** Edit / Retract / New relationship buttons (editors) and the history (everyone). */
    inspectorParts(el: SingularElementArgument): InspectorParts {
      const id = el.id();
      if (el.isNode() ? !isEntity(el as NodeSingular) : !isClaim(el as EdgeSingular)) {
        return { actions: null, history: null };
      }
      const type = el.isNode() ? 'entity' : 'relationship';
      const btn = (label: string, fn: () => void, extra: Record<string, string> = {}) =>
        h('button', { type: 'button', onclick: fn, ...extra }, label);
      const actions = editor
        ? h(
            'div',
            { class: 'btn-row edit-actions', role: 'group', 'aria-label': 'Edit' },
            btn(
              'Edit',
              guard(() => (el.isNode() ? editEntity(id) : editRelationship(id))),
              { 'data-edit': 'edit' },
            ),
            btn(
              'Retract',
              guard(() => retract(el)),
              { 'data-edit': 'retract', class: 'danger' },
            ),
            el.isNode()
              ? btn(
                  'New relationship…',
                  () => newRelationship({ from: { id, name: hooks.nameOf(id) } }),
                  {
                    'data-edit': 'relate',
                    title: 'From this entity to one you pick (or draw it on the canvas)',
                  },
                )
              : null,
          )
        : null;
      const history = historySection({
        self: id,
        load: async () =>
          (await workspaceApi.changes(type === 'entity' ? { entity: id } : { relationship: id }))
            .changes,
        revert: editor
          ? async (c) => {
              await workspaceApi.revert(c.id);
              hooks.setStatus(`Reverted the ${c.action} by ${c.user}`);
              await refresh(type, id);
            }
          : undefined,
        nameOf: hooks.nameOf,
        focus: hooks.focus,
      });
      return { actions, history };
    },
  };
}

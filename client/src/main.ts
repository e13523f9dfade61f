import type { Core, EdgeSingular } from 'cytoscape';
import { api, FAMILIES, type GraphPayload, type OwnershipChain } from './api';
import { Canvas, LAYOUTS, type LayoutName } from './canvas';
import type { CypherConsole } from './console';
import { byId, h } from './dom';
import { KINDS, validAt, type Kind } from './elements';
import { exportJson, exportPng } from './export';
import { analyticsPanel } from './analytics/panel';
import { duplicatesPanel } from './duplicates-panel';
import { gantt } from './gantt';
import { groupsPanel } from './groups-panel';
import { editWorkspace } from './edit-workspace';
import { datasetsPanel } from './import-panel';
import { Inspector } from './inspector';
import { keyboardNav } from './keyboard-nav';
import { legend } from './legend';
import { beneficialOwnersSection } from './beneficial-owners';
import { ownershipSection } from './ownership';
import { pathFinder } from './paths';
import { entityPicker } from './search';
import { timeline, type DateMark } from './timeline';
import { readState, writeState, type ViewState } from './url-state';
import { mountAnalyst } from './analyst-ui';
import { notesSection } from './notes';
import './styles.css';

declare global {
  interface Window {
    cy?: Core;
    explorer?: Explorer;
  }
}

type Explorer = ReturnType<typeof createExplorer>;

function createExplorer() {
  const status = byId('status');
  const setStatus = (text: string) => (status.textContent = text);

  // The canvas gets its data loaders as callbacks and never fetches on its own.
  const canvas = new Canvas(byId('cy'), {
    neighbors: (id, o) =>
      api.neighbors(id, { families: o.families, limit: o.limit, at: o.at ?? undefined }),
  });
  const cy = canvas.cy;
  let consoleState: { query: string; params: string; mode: 'add' | 'replace' } | null = null;
  let pathEnds: { from: string; to: string } | null = null;
  let restoring = true;

  // ---- inspector ----
  const nameOf = (id: string) => {
    const n = cy.getElementById(id);
    return n.nonempty() ? String(n.data('name') ?? id) : id;
  };
  const inspector = new Inspector(byId('inspector'), {
    loadDetails: (id) => api.entity(id),
    expand: (id) => void expand(id),
    collapse: (id) => canvas.collapse(id),
    hide: (id) => canvas.hide(cy.getElementById(id)),
    ownership: (id) =>
      void ownershipSection(id, {
        load: (x) => api.ownership(x, canvas.at ?? undefined),
        focus: (x) => void focusEntity(x),
        nameOf,
        highlight: (ids) => {
          const nodes = cy.nodes().filter((n) => ids.includes(n.id()));
          canvas.highlight(nodes.union(nodes.edgesWith(nodes).filter('[family = "ownership"]')));
        },
      }).then((section) => {
        if (inspector.shownId === id) inspector.append(section);
      }),
    beneficialOwners: (id) =>
      void beneficialOwnersSection(id, {
        load: (x, threshold, method) =>
          api.beneficialOwners(x, threshold, canvas.at ?? undefined, method),
        focus: (x) => void focusEntity(x),
        nameOf: (x) => nameOf(x),
        showChain: (graph, chain) => showChain(graph, chain, id),
      }).then((section) => {
        if (inspector.shownId === id) inspector.append(section);
      }),
    timeline: (id) => {
      const n = cy.getElementById(id);
      void ganttView.show({
        id,
        labels: (n.data('labels') as string[] | undefined) ?? [],
        properties: { name: String(n.data('name') ?? id), ...(n.data('properties') ?? {}) },
      });
    },
    pathEnd: (end, id, name) => paths.setEnd(end, { id, name, labels: [], aliases: [], score: 0 }),
    focus: (id) => void focusEntity(id),
    nameOf,
    workspace: (el) => workspace.inspectorParts(el),
  });
  // A beneficial owner's chain: add the entities and links not yet on the canvas, then highlight.
  const showChain = (graph: GraphPayload, chain: OwnershipChain | null, near: string) => {
    if (!chain) {
      canvas.highlight(null);
      return;
    }
    const ids = new Set(chain.path);
    const linkIds = new Set(chain.links.map((l) => l.id));
    canvas.load(
      {
        nodes: graph.nodes.filter((n) => ids.has(n.id)),
        edges: graph.edges.filter((e) => linkIds.has(e.id)),
      },
      { mode: 'add', near },
    );
    const els = cy.elements().filter((el) => ids.has(el.id()) || linkIds.has(el.id()));
    canvas.highlight(els);
    // Bring the chain into view only when part of it lies outside the uncovered canvas.
    const bb = els.renderedBoundingBox({ includeLabels: true });
    const right = cy.width() - canvas.insets.right;
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > right || bb.y2 > cy.height()) canvas.fit(els, 60);
  };
  inspector.onToggle = (open) => {
    canvas.insets.right = open ? 350 : 0;
    document.body.classList.toggle('inspector-open', open);
  };

  // ---- relationship timeline (Gantt) ----
  const ganttView = gantt(byId('gantt'), {
    load: (id) => api.neighbors(id, { families: [...FAMILIES], limit: 1000 }),
    select: (edge, other) => {
      const from = edge.source === other?.id ? edge.target : edge.source;
      canvas.load({ nodes: other ? [other] : [], edges: [edge] }, { mode: 'add', near: from });
      const el = cy.getElementById(edge.id);
      if (el.empty()) return;
      canvas.select(el);
      cy.animate({ center: { eles: el } }, { duration: 200 });
    },
  });
  canvas.onExpandRequest((id, limit) => void expand(id, limit));
  canvas.onSelect((el) => {
    if (el?.isNode() && !el.hasClass('more')) canvas.setFocus(el.id());
    inspector.show(el);
    const mergedFrom = el?.isNode() ? (el.data('properties') ?? {}).mergedFrom : null;
    if (Array.isArray(mergedFrom) && mergedFrom.length > 0) {
      const note = duplicates.mergedNote(el!.id(), mergedFrom.map(String));
      const rows = byId('inspector').querySelectorAll('.btn-row');
      rows[rows.length - 1]?.after(note);
    }
    syncUrl();
  });

  // ---- duplicates and merging (client/src/duplicates-panel.ts) ----
  const duplicates = duplicatesPanel(
    {
      list: (limit) => api.duplicates(limit),
      decide: (body) => api.decideDuplicate(body),
      unmerge: (canonical, merged) => api.unmerge(canonical, merged),
    },
    {
      merged: (canonical, merged) => void afterMerge(canonical, merged, false),
      unmerged: (canonical, merged) => void afterMerge(canonical, merged, true),
      focus: (id) => void focusEntity(id),
      setStatus,
    },
  );
  /** The canvas after a merge (the merged node leaves) or an unmerge (its edges go back). */
  const afterMerge = async (canonical: string, merged: string, undone: boolean) => {
    if (undone) {
      cy.getElementById(canonical)
        .connectedEdges()
        .filter((e) => (e.data('properties') ?? {}).movedFrom === merged)
        .remove();
    } else {
      cy.getElementById(merged).remove();
    }
    const d = await api.entity(canonical).catch(() => null);
    const node = cy.getElementById(canonical);
    if (d?.entity && node.nonempty()) node.data('properties', d.entity.properties);
    if (node.nonempty()) await canvas.expand(canonical).catch(() => undefined);
    await focusEntity(undone ? merged : canonical);
  };

  const expand = async (id: string, limit?: number) => {
    setStatus('Expanding…');
    try {
      const added = await canvas.expand(id, limit);
      const n = added.nodes().not('.more').length;
      const more = added.nodes('.more');
      setStatus(
        `${n ? `${n} new entit${n === 1 ? 'y' : 'ies'}` : 'No new neighbours'}${more.nonempty() ? ` · ${more.data('label')} not shown (double-click it to load)` : ''}`,
      );
    } catch (err) {
      setStatus(`Could not expand: ${(err as Error).message}`);
    }
  };

  /** Centres and selects an entity, bringing it onto the canvas first if needed. */
  const focusEntity = async (requested: string) => {
    let id = requested;
    if (cy.getElementById(id).empty()) {
      try {
        const details = await api.entity(id);
        const entity = details.entity;
        if (!entity) throw new Error('unknown entity');
        // A merged entity's old id answers with the entity it was merged into.
        id = entity.id;
        canvas.load({ nodes: [entity], edges: [] }, { mode: 'add' });
        const ext = cy.extent();
        cy.getElementById(id).position({ x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 });
        const around = await api.neighbors(id, {
          families: [...canvas.families],
          limit: 50,
          at: canvas.at ?? undefined,
        });
        canvas.load(
          { nodes: [], edges: around.edges },
          { mode: 'add', near: undefined, record: undefined },
        );
        canvas.declutter(cy.getElementById(id));
      } catch (err) {
        setStatus(`Could not show ${id}: ${(err as Error).message}`);
        return;
      }
    }
    canvas.focus(id, { animate: !restoring, keepZoom: restoring });
  };

  // ---- keyboard on the canvas ----
  cy.boxSelectionEnabled(true); // Shift+drag selects a box (to group it)
  const kbd = keyboardNav(cy, byId('cy'), byId('canvas-announce'), {
    inspect: (n) => {
      if (n.hasClass('group')) canvas.openGroup(n.id());
      else canvas.select(n);
    },
    expand: (n) => {
      if (n.hasClass('more')) void expand(n.data('hub') as string, n.data('nextLimit') as number);
      else if (n.hasClass('group')) canvas.openGroup(n.id());
      else void expand(n.id());
    },
    hide: (n) => canvas.hide(cy.collection().union(n)),
    describe: (n) => {
      if (n.hasClass('group')) return `${String(n.data('name'))}, a group; Enter opens it`;
      const kind = String(n.data('kind') ?? 'Other');
      const deg = n.connectedEdges(':visible').length;
      const name = String(n.data('name') ?? n.data('label') ?? n.id());
      return `${name}, ${kind}, ${deg} relationship${deg === 1 ? '' : 's'} shown${n.selected() ? ', selected' : ''}`;
    },
  });

  // ---- groups ----
  const groupsView = groupsPanel(byId('groups'), {
    selectedCount: () => cy.nodes(':selected').not('.group, .more').length,
    group: (name) => {
      const gid = canvas.groupNodes(name, cy.nodes(':selected'));
      if (gid) setStatus(`Grouped as “${name}” — click the group to open it`);
    },
    open: (id) => canvas.openGroup(id),
    collapse: (id) => canvas.collapseGroup(id),
    ungroup: (id) => canvas.ungroup(id),
    rename: (id, name) => {
      canvas.groups.rename(id, name);
      syncGroups();
      syncUrl();
    },
  });
  const syncGroups = () => groupsView.sync(canvas.groups.list());
  cy.on('select unselect', 'node', () => syncGroups());

  // ---- analytics ----
  const analytics = analyticsPanel(byId('analytics'), {
    cy,
    large: () => canvas.large,
    focus: (id) => void focusEntity(id),
  });

  // ---- legend / filters ----
  const legendView = legend(byId('kind-filters'), byId('family-filters'), {
    kind: (k, v) => canvas.setKind(k, v),
    family: (f, v) => canvas.setFamily(f, v),
  });

  // ---- datasets: import, show/hide, delete ----
  const datasets = datasetsPanel(byId('datasets'), {
    setVisible: (id, on) => canvas.setDataset(id, on),
    imported: async (id) => {
      const g = await api.graph({ limit: 2000 });
      canvas.load(g, { mode: 'add' });
      await canvas.runLayout();
      const n = cy.nodes().filter((x) => {
        const ds = (x.data('properties') ?? {}).datasets as unknown;
        return Array.isArray(ds) && ds.includes(id) && x.data('kind') !== 'Source';
      });
      setStatus(
        `Imported ${id}: ${n.length} of its entities on the canvas — search finds the rest`,
      );
    },
    // What only the deleted dataset asserted leaves the canvas; the rest of the view stays.
    deleted: async (id) => {
      const only = cy.elements().filter((el) => {
        const p = (el.data('properties') ?? {}) as Record<string, unknown>;
        if (el.isEdge()) return p.dataset === id;
        return Array.isArray(p.datasets) && p.datasets.length === 1 && p.datasets[0] === id;
      });
      canvas.hide(only);
    },
  });

  // ---- layout controls ----
  const layoutSelect = byId<HTMLSelectElement>('layout-select');
  for (const l of LAYOUTS) layoutSelect.append(h('option', { value: l.name }, l.label));
  layoutSelect.addEventListener(
    'change',
    () => void canvas.runLayout(layoutSelect.value as LayoutName),
  );
  byId('relayout').addEventListener('click', () => void canvas.runLayout());
  byId('fit').addEventListener('click', () => canvas.fit());

  // ---- search ----
  const search = (q: string) => api.search(q, 8).then((r) => r.results);

  // ---- editing: create, draw, edit, retract, history (edit-workspace.ts) ----
  const workspace = editWorkspace({
    canvas,
    search,
    setStatus,
    nameOf,
    focus: (id) => void focusEntity(id),
    reinspect: (el) => inspector.show(el),
  });
  void workspace.init(byId('toolbar')).then(() => {
    const shown = inspector.shownId ? cy.getElementById(inspector.shownId) : null;
    if (shown?.nonempty()) inspector.show(shown);
  });
  const searchBox = entityPicker({
    id: 'search-input',
    label: 'Search entities',
    placeholder: 'Search entities…  ( / )',
    search,
    onPick: (r) => void focusEntity(r.id),
  });
  byId('search-slot').append(searchBox.root);

  // ---- paths ----
  const paths = pathFinder(byId('paths'), {
    search,
    find: (from, to, maxHops) =>
      api
        .paths({ from, to, maxHops, families: [...canvas.families], at: canvas.at ?? undefined })
        .then((r) => r.paths),
    show: (found) => {
      const all: GraphPayload = {
        nodes: found.flatMap((p) => p.nodes),
        edges: found.flatMap((p) => p.edges),
      };
      canvas.load(all, { mode: 'add' });
      const ids = new Set([...all.nodes.map((n) => n.id), ...all.edges.map((e) => e.id)]);
      const eles = cy.elements().filter((e) => ids.has(e.id()));
      canvas.highlight(eles);
      canvas.fit(eles);
      const ends = paths.ends();
      pathEnds = ends.from && ends.to ? { from: ends.from, to: ends.to } : null;
      syncUrl();
    },
    clear: () => {
      canvas.highlight(null);
      pathEnds = null;
      syncUrl();
    },
  });

  // ---- time ----
  let timeSeq = 0;
  const applyTime = async (at: string | null) => {
    const mine = ++timeSeq;
    if (!at) {
      canvas.setTimeFilter(null, null);
      return;
    }
    try {
      const g = await api.graph({ at });
      if (mine !== timeSeq) return;
      canvas.load({ nodes: [], edges: g.edges }, { mode: 'add' });
      const valid = new Set(g.edges.map((e) => e.id));
      const base = new Set(g.nodes.map((n) => n.id));
      canvas.setTimeFilter(at, (e: EdgeSingular) => {
        if (valid.has(e.id())) return true;
        const covered = base.has(e.source().id()) && base.has(e.target().id());
        return !covered && validAt(e.data('properties') ?? {}, at);
      });
    } catch (err) {
      setStatus(`Could not apply the date: ${(err as Error).message}`);
    }
  };
  const time = timeline(byId('timeline'), (at) => void applyTime(at));

  // ---- console ----
  const consoleRoot = byId('console');
  const consoleToggle = byId('toggle-console');
  let cypherConsole: CypherConsole | null = null;
  /** The console (CodeMirror + Cypher grammar) is loaded on first use, off the first paint. */
  const openConsole = async (open: boolean): Promise<CypherConsole | null> => {
    consoleRoot.hidden = !open;
    consoleToggle.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('console-open', open);
    if (open && !cypherConsole) {
      const { CypherConsole } = await import('./console');
      cypherConsole = new CypherConsole(consoleRoot, {
        cypher: api.cypher,
        runNamed: api.runNamed,
        schema: api.schema,
        queries: async () => (await api.queries()).queries ?? [],
        entityCandidates: () =>
          [canvas.focusId, pathEnds?.from, pathEnds?.to, paths.ends().from, paths.ends().to].filter(
            (x): x is string => !!x && !x.startsWith('more:'),
          ),
        showGraph: (graph, mode) => {
          canvas.load(graph, { mode, layout: mode === 'replace', record: 'query result' });
          if (mode === 'add') canvas.fit();
        },
        select: (id, graph) => {
          let el = cy.getElementById(id);
          if (el.empty() && graph) {
            // Gone from the canvas since the query ran (replaced, hidden): bring it back.
            const edge = graph.edges.find((e) => e.id === id);
            const ends = edge ? [edge.source, edge.target] : [id];
            const nodes = graph.nodes.filter((n) => ends.includes(n.id));
            if (nodes.length) canvas.load({ nodes, edges: edge ? [edge] : [] }, { mode: 'add' });
            el = cy.getElementById(id);
          }
          if (el.empty()) return;
          canvas.select(el);
          cy.animate({ center: { eles: el } }, { duration: 200 });
        },
        onRan: (s) => {
          consoleState = s;
          syncUrl();
        },
      });
      await cypherConsole.init();
    }
    cy.resize();
    return cypherConsole;
  };
  consoleToggle.addEventListener('click', async () => {
    const c = await openConsole(consoleRoot.hidden);
    if (!consoleRoot.hidden) c?.focus();
  });

  // ---- toolbar ----
  const undoBtn = byId<HTMLButtonElement>('undo');
  const redoBtn = byId<HTMLButtonElement>('redo');
  undoBtn.addEventListener('click', () => canvas.undo());
  redoBtn.addEventListener('click', () => canvas.redo());
  byId('export-png').addEventListener('click', () => exportPng(cy));
  byId('export-json').addEventListener('click', () => exportJson(canvas.visiblePayload()));
  byId('copy-link').addEventListener('click', async () => {
    syncUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('Link copied to the clipboard');
    } catch {
      setStatus('Copy the address bar: it holds this view');
    }
  });

  // ---- keyboard ----
  document.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement;
    const typing = t.closest('input, textarea, select, .cm-editor');
    if (typing) return;
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && ev.key.toLowerCase() === 'z') {
      ev.preventDefault();
      if (ev.shiftKey) canvas.redo();
      else canvas.undo();
    } else if (mod && ev.key.toLowerCase() === 'y') {
      ev.preventDefault();
      canvas.redo();
    } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
      canvas.hide(cy.$(':selected'));
    } else if (ev.key === '/') {
      ev.preventDefault();
      searchBox.input.focus();
    } else if (ev.key === 'Escape') {
      const fromInspector = !!t.closest('#inspector');
      canvas.highlight(null);
      cy.$(':selected').unselect();
      inspector.show(null);
      // Closing the inspector from the keyboard goes back to the node it showed.
      const back = kbd.current();
      if (fromInspector && back) kbd.moveTo(back);
    }
  });

  // ---- status and URL ----
  const currentState = (): ViewState => ({
    focus:
      canvas.focusId && cy.getElementById(canvas.focusId).nonempty() ? canvas.focusId : undefined,
    families: [...canvas.families],
    kinds: [...canvas.kinds],
    at: canvas.at ?? undefined,
    layout: canvas.layoutName,
    expanded: [
      ...new Set(
        cy
          .nodes()
          .map((n) => n.data('expandedFrom') as string | undefined)
          .filter((x): x is string => !!x),
      ),
    ],
    query: consoleState?.query,
    params: consoleState?.params,
    mode: consoleState?.mode,
    pathFrom: pathEnds?.from,
    pathTo: pathEnds?.to,
    groups: canvas.groups
      .list()
      .filter((g) => g.manual)
      .map((g) => ({ name: g.name, members: g.members, open: g.open })),
  });
  function syncUrl(): void {
    if (!restoring) writeState(currentState());
  }
  const refreshCounts = () => {
    const vis = cy
      .elements()
      .not('.filtered, .time-hidden, .more, .more-edge, .group, .group-edge, .bundle');
    const kindCounts: Record<string, number> = {};
    const familyCounts: Record<string, number> = {};
    cy.nodes().forEach((n) => {
      kindCounts[n.data('kind')] = (kindCounts[n.data('kind')] ?? 0) + 1;
    });
    cy.edges()
      .not('.time-hidden, .group-edge, .bundle')
      .forEach((e) => {
        familyCounts[e.data('family')] = (familyCounts[e.data('family')] ?? 0) + 1;
      });
    legendView.sync({ kinds: canvas.kinds, families: canvas.families, kindCounts, familyCounts });
    undoBtn.disabled = !canvas.canUndo();
    redoBtn.disabled = !canvas.canRedo();
    setStatus(`${vis.nodes().length} entities · ${vis.edges().length} relationships shown`);
  };
  /** The dates on the canvas (starts, ends, events) for the histogram under the time slider. */
  const datesInView = (): DateMark[] => {
    const marks: DateMark[] = [];
    cy.edges()
      .not('.filtered, .more-edge')
      .forEach((e) => {
        const p = (e.data('properties') ?? {}) as Record<string, unknown>;
        if (typeof p.since === 'string') marks.push({ date: p.since, kind: 'since' });
        if (typeof p.until === 'string') marks.push({ date: p.until, kind: 'until' });
      });
    cy.nodes('[kind = "Event"]')
      .not('.filtered')
      .forEach((n) => {
        const d = (n.data('properties') ?? {}).date as unknown;
        if (typeof d === 'string') marks.push({ date: d, kind: 'event' });
      });
    return marks;
  };
  canvas.onChange(() => {
    analytics.canvasChanged();
    syncGroups();
    time.setDates(datesInView());
    refreshCounts();
    syncUrl();
  });

  // ---- compare mode and saved investigations (client/src/analyst-ui.ts) ----
  const analyst = mountAnalyst({
    canvas,
    cy,
    view: currentState,
    nameOf,
    focus: (id) => void focusEntity(id),
    applyView: async (v) => {
      for (const f of FAMILIES)
        canvas.families[(v.families ?? FAMILIES).includes(f) ? 'add' : 'delete'](f);
      if (v.layout) canvas.layoutName = v.layout;
      time.set(v.at ?? null);
      await applyTime(v.at ?? null);
    },
  });

  inspector.onShown = (id, root) => root.append(notesSection(id));

  // ---- start ----
  async function start(): Promise<void> {
    const state = readState();
    setStatus('Loading…');
    if (state.families)
      for (const f of FAMILIES) canvas.families[state.families.includes(f) ? 'add' : 'delete'](f);
    if (state.kinds) {
      for (const k of [...KINDS, 'Other'] as (Kind | 'Other')[]) {
        canvas.kinds[state.kinds.includes(k) ? 'add' : 'delete'](k);
      }
    }
    if (state.layout) {
      canvas.layoutName = state.layout;
      layoutSelect.value = state.layout;
    }
    const graph = await api.graph({ limit: 2000 });
    canvas.load(graph, { mode: 'replace' });
    time.setRange(datesInView().map((m) => m.date));
    if (state.at) {
      time.set(state.at);
      await applyTime(state.at);
    }
    if (state.query) {
      const c = (await openConsole(true))!;
      c.setQuery(state.query, state.params ?? '{}', state.mode ?? 'replace');
      await c.run();
    }
    for (const id of state.expanded ?? []) {
      if (cy.getElementById(id).nonempty()) await canvas.expand(id).catch(() => undefined);
    }
    for (const g of state.groups ?? []) {
      const gid = canvas.groupNodes(
        g.name,
        cy.nodes().filter((n) => g.members.includes(n.id())),
      );
      if (gid && g.open) canvas.openGroup(gid);
    }
    await canvas.runLayout(canvas.layoutName, state.focus ?? null);
    if (state.pathFrom && state.pathTo) {
      paths.setEnd('from', {
        id: state.pathFrom,
        name: nameOf(state.pathFrom),
        labels: [],
        aliases: [],
        score: 0,
      });
      paths.setEnd('to', {
        id: state.pathTo,
        name: nameOf(state.pathTo),
        labels: [],
        aliases: [],
        score: 0,
      });
      await paths.run();
    }
    if (state.focus) {
      await focusEntity(state.focus);
      canvas.fit(); // the inspector is open now: keep the whole view clear of it
    }
    restoring = false;
    refreshCounts();
    if (graph.truncated) {
      setStatus(
        `Overview: the ${graph.nodes.length} most connected of ${graph.totalNodes} entities — search or expand for more`,
      );
    }
    await analyst.openFromLink();
    syncUrl();
    document.body.dataset.ready = 'true';
    void showUser();
    void datasets.refresh();
  }

  /** With users configured, who is signed in and a way out; nothing in single-user local mode. */
  async function showUser(): Promise<void> {
    try {
      const me = await api.me();
      if (me.mode !== 'users') return;
      const signOut = h(
        'button',
        {
          type: 'button',
          id: 'sign-out',
          onclick: async () => {
            await api.logout().catch(() => undefined);
            location.assign('/login');
          },
        },
        'Sign out',
      );
      byId('toolbar').append(
        h('span', { class: 'user', title: `Role: ${me.user.role}` }, me.user.name),
        signOut,
      );
    } catch {
      // No auth routes on this server: nothing to show.
    }
  }

  return { canvas, cy, inspector, start, openConsole, time, analytics };
}

const explorer = createExplorer();
window.explorer = explorer;
window.cy = explorer.cy;
explorer.start().catch((err: Error) => {
  byId('status').textContent = `Could not load the graph: ${err.message}`;
  document.body.dataset.ready = 'error';
});

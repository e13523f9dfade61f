import type {
  Collection,
  Core,
  EdgeCollection,
  EdgeSingular,
  ElementDefinition,
  NodeCollection,
  NodeSingular,
} from 'cytoscape';

/**
 * Groups on the canvas. A collapsed group is one node standing in for its members (stashed as
 * element JSON, so opening brings back exactly what was there) with one edge per outside
 * neighbour carrying the number of relationships it stands for. Hub expansions group their new
 * neighbours by family, direction and kind; any selection can be grouped by hand and named.
 */

/** A hub's new neighbours are grouped when there are at least this many... */
export const HUB_GROUP_MIN_NEIGHBOURS = 10;
/** ...and only buckets of at least this many become a group; smaller ones stay loose. */
export const HUB_GROUP_MIN_BUCKET = 3;
export const GROUP_PREFIX = 'group:';

export interface GroupInfo {
  id: string;
  name: string;
  members: string[];
  open: boolean;
  /** Made by hand (kept in share links) or by a hub expansion (rebuilt by re-expanding). */
  manual: boolean;
  /** The hub whose expansion made the group. */
  hub?: string;
}

interface Stash {
  info: GroupInfo;
  /** The members and their edges as they were when the group closed. */
  elements: ElementDefinition[];
  position: { x: number; y: number };
  memberKind: string;
  family: string;
}

/** What a relationship of `family` makes the neighbour of a hub, by direction. */
const NOUNS: Record<string, { out: [string, string]; in: [string, string] }> = {
  ownership: { out: ['holding', 'holdings'], in: ['owner', 'owners'] },
  client: { out: ['supplier', 'suppliers'], in: ['client', 'clients'] },
  leadership: { out: ['organisation led', 'organisations led'], in: ['leader', 'leaders'] },
  event: { out: ['event', 'events'], in: ['linked record', 'linked records'] },
  control: { out: ['controlled entity', 'controlled entities'], in: ['controller', 'controllers'] },
  other: {
    out: ['related entity', 'related entities'],
    in: ['related entity', 'related entities'],
  },
};
const KIND_PLURAL: Record<string, string> = {
  Organization: 'companies',
  Person: 'people',
  Government: 'governments',
  Project: 'projects',
  Event: 'events',
  Source: 'sources',
};

/**
 * "34 clients", "12 subsidiaries", "3 leaders", "3 projects": companies are named by their link
 * to the hub, other kinds by what they are (the hub "supplies" no projects), with the link's
 * role added when one kind shows up in several roles.
 */
export function hubGroupLabel(
  count: number,
  family: string,
  direction: 'out' | 'in',
  kind: string,
  qualify: boolean,
): string {
  if (kind === 'Organization') {
    if (family === 'ownership' && direction === 'out') {
      return `${count} ${count === 1 ? 'subsidiary' : 'subsidiaries'}`;
    }
    const [one, many] = (NOUNS[family] ?? NOUNS.other)[direction];
    return `${count} ${count === 1 ? one : many}`;
  }
  if (kind === 'Person' && family === 'leadership') {
    return `${count} ${count === 1 ? 'leader' : 'leaders'}`;
  }
  const [, role] = (NOUNS[family] ?? NOUNS.other)[direction];
  const base = `${count} ${KIND_PLURAL[kind] ?? `${kind.toLowerCase()}s`}`;
  return qualify ? `${base} (${role})` : base;
}

export interface HubBucket {
  key: string;
  family: string;
  direction: 'out' | 'in';
  kind: string;
  members: NodeSingular[];
}

/** Buckets a hub's neighbours by the family and direction of their link to it, and by kind. */
export function hubBuckets(hub: NodeSingular, neighbours: NodeCollection): HubBucket[] {
  const buckets = new Map<string, HubBucket>();
  neighbours.forEach((n) => {
    if (n.hasClass('more')) return;
    const e = n.edgesWith(hub).first();
    if (e.empty()) return;
    const family = String(e.data('family') ?? 'other');
    const direction = e.source().same(hub) ? 'out' : 'in';
    const kind = String(n.data('kind') ?? 'Other');
    const key = `${family}:${direction}:${kind}`;
    const b = buckets.get(key) ?? { key, family, direction, kind, members: [] };
    b.members.push(n);
    buckets.set(key, b);
  });
  return [...buckets.values()];
}

export class Groups {
  private stash = new Map<string, Stash>();
  private infos = new Map<string, GroupInfo>();

  constructor(private readonly cy: Core) {}

  /** Groups with their node or an open member on the canvas (undo can take both away). */
  list(): GroupInfo[] {
    return [...this.infos.values()].filter(
      (g) =>
        this.cy.getElementById(g.id).nonempty() ||
        this.cy.nodes().some((n) => n.data('inGroup') === g.id),
    );
  }

  get(id: string): GroupInfo | undefined {
    return this.infos.get(id);
  }

  /**
   * After a hub's expansion: buckets big enough close into groups. Returns the elements the
   * expansion leaves on the canvas (loose neighbours, group nodes and their edges).
   */
  groupExpansion(hub: NodeSingular, added: Collection): Collection {
    const fresh = added.nodes().not('.more');
    if (fresh.length < HUB_GROUP_MIN_NEIGHBOURS) return added;
    const buckets = hubBuckets(hub, fresh);
    let kept = added;
    for (const b of buckets) {
      if (b.members.length < HUB_GROUP_MIN_BUCKET) continue;
      const sameFamilyDir = buckets.filter(
        (o) => o.family === b.family && o.direction === b.direction,
      ).length;
      const name = hubGroupLabel(
        b.members.length,
        b.family,
        b.direction,
        b.kind,
        sameFamilyDir > 1,
      );
      const members = b.members.reduce((c, n) => c.union(n), this.cy.collection()).nodes();
      const gone = members.union(members.connectedEdges());
      const group = this.close(
        {
          id: `${GROUP_PREFIX}${hub.id()}:${b.key}`,
          name,
          members: members.map((n) => n.id()),
          open: false,
          manual: false,
          hub: hub.id(),
        },
        members,
      );
      kept = kept.not(gone).union(group);
    }
    return kept;
  }

  /** Groups nodes by hand under a name; returns the group node. */
  groupByHand(name: string, nodes: NodeCollection, id?: string): Collection {
    const members = nodes.not('.group, .more');
    const gid = id ?? `${GROUP_PREFIX}manual:${Date.now().toString(36)}`;
    return this.close(
      { id: gid, name, members: members.map((n) => n.id()), open: false, manual: true },
      members,
    );
  }

  /**
   * Replaces the members with one group node at their centre, linked to each outside neighbour
   * by one edge that counts the relationships it stands for.
   */
  private close(info: GroupInfo, members: NodeCollection): Collection {
    const edges = members.connectedEdges();
    const bb = members.boundingBox({});
    const position = members.nonempty()
      ? { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 }
      : { x: 0, y: 0 };
    const kinds = new Set(members.map((n) => String(n.data('kind'))));
    const memberKind = kinds.size === 1 ? [...kinds][0] : 'Other';
    const families = new Set(edges.map((e) => String(e.data('family'))));
    const family = families.size === 1 ? [...families][0] : 'other';
    const elements = members.union(edges).jsons() as unknown as ElementDefinition[];
    const stash: Stash = { info: { ...info, open: false }, elements, position, memberKind, family };
    this.stash.set(info.id, stash);
    this.infos.set(info.id, stash.info);
    // Members already inside another group's stash would be lost: they leave with this one.
    members.union(edges).remove();
    return this.addGroupNode(stash, edges);
  }

  private addGroupNode(stash: Stash, edges: EdgeCollection): Collection {
    const { info } = stash;
    const memberIds = new Set(info.members);
    const counts = new Map<string, { n: number; families: Set<string> }>();
    edges.forEach((e: EdgeSingular) => {
      const s = e.data('source') as string;
      const t = e.data('target') as string;
      const outside = memberIds.has(s) ? (memberIds.has(t) ? null : t) : s;
      if (!outside || this.cy.getElementById(outside).empty()) return;
      const c = counts.get(outside) ?? { n: 0, families: new Set<string>() };
      c.n++;
      c.families.add(String(e.data('family')));
      counts.set(outside, c);
    });
    const defs: ElementDefinition[] = [
      {
        group: 'nodes',
        classes: 'group',
        position: stash.position,
        data: {
          id: info.id,
          kind: 'Group',
          memberKind: stash.memberKind,
          name: info.name,
          // A hub group's name counts already ("7 clients"); a named one gets its count.
          label: info.manual ? `${info.name} · ${info.members.length}` : info.name,
          count: info.members.length,
          expandedFrom: info.hub,
          size: Math.min(64, 32 + 5 * Math.log2(info.members.length + 1)),
        },
      },
      ...[...counts].map(([other, c]) => ({
        group: 'edges' as const,
        classes: 'group-edge',
        data: {
          id: `${info.id}->${other}`,
          source: info.id,
          target: other,
          family: c.families.size === 1 ? [...c.families][0] : 'other',
          count: c.n,
          label: c.n > 1 ? String(c.n) : '',
        },
      })),
    ];
    return this.cy.add(defs);
  }

  /** Opens a closed group: its members come back around where the group node stood. */
  open(id: string): Collection {
    const stash = this.stash.get(id);
    const node = this.cy.getElementById(id);
    if (!stash || node.empty()) return this.cy.collection();
    const here = node.position();
    const dx = here.x - stash.position.x;
    const dy = here.y - stash.position.y;
    node.remove();
    const defs = stash.elements
      .filter((d) => this.cy.getElementById(String(d.data.id)).empty())
      .filter(
        (d) =>
          d.group !== 'edges' ||
          [d.data.source, d.data.target].every(
            (x) =>
              stash.info.members.includes(String(x)) ||
              this.cy.getElementById(String(x)).nonempty(),
          ),
      )
      .map((d) => {
        const copy = { ...d, data: { ...d.data } } as ElementDefinition;
        if (copy.group === 'nodes') {
          copy.data.inGroup = id;
          if (copy.position) copy.position = { x: copy.position.x + dx, y: copy.position.y + dy };
        }
        return copy;
      });
    const added = this.cy.add(defs);
    stash.info.open = true;
    return added;
  }

  /** Closes an open group again (members still on the canvas go back in). */
  collapse(id: string): Collection {
    const stash = this.stash.get(id);
    if (!stash || !stash.info.open) return this.cy.collection();
    const members = this.cy.nodes().filter((n) => n.data('inGroup') === id);
    if (members.empty()) return this.cy.collection();
    return this.close({ ...stash.info, members: members.map((n) => n.id()) }, members);
  }

  /** Dissolves a group for good: open if closed, then forget it. */
  ungroup(id: string): void {
    if (this.cy.getElementById(id).nonempty()) this.open(id);
    this.cy
      .nodes()
      .filter((n) => n.data('inGroup') === id)
      .removeData('inGroup');
    this.stash.delete(id);
    this.infos.delete(id);
  }

  rename(id: string, name: string): void {
    const info = this.infos.get(id);
    if (!info) return;
    info.name = name;
    this.cy.getElementById(id).data({ name, label: `${name} · ${info.members.length}` });
  }
}

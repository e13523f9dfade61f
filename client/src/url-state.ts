import { FAMILIES, type Family } from './api';
import { LAYOUTS, type LayoutName } from './canvas';
import { KINDS, type Kind } from './elements';

/** What a shared link reproduces. Every field is optional; absent = the default view. */
export interface ViewState {
  focus?: string;
  families?: Family[];
  kinds?: (Kind | 'Other')[];
  at?: string;
  layout?: LayoutName;
  /** Entities expanded after load, in order. */
  expanded?: string[];
  /** Console query, its JSON parameters and whether its graph replaced the canvas. */
  query?: string;
  params?: string;
  mode?: 'add' | 'replace';
  pathFrom?: string;
  pathTo?: string;
  /** Groups made by hand: name, member ids and whether the group is open. */
  groups?: SharedGroup[];
}

export interface SharedGroup {
  name: string;
  members: string[];
  open: boolean;
}

/** Hand-made groups travel as JSON in one parameter; anything malformed is dropped. */
function readGroups(raw: string | null): SharedGroup[] | undefined {
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return undefined;
    const out = parsed.flatMap((g: unknown): SharedGroup[] => {
      if (!g || typeof g !== 'object') return [];
      const { name, members, open } = g as Record<string, unknown>;
      if (typeof name !== 'string' || !Array.isArray(members)) return [];
      const ids = members.filter((m): m is string => typeof m === 'string');
      return ids.length >= 2
        ? [{ name: name.slice(0, 80), members: ids, open: open === true }]
        : [];
    });
    return out.length ? out : undefined;
  } catch {
    return undefined;
  }
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : undefined);

export function readState(search: string = location.search): ViewState {
  const p = new URLSearchParams(search);
  const s: ViewState = {};
  const focus = p.get('focus');
  if (focus) s.focus = focus;
  const fam = p.get('families');
  if (fam !== null)
    s.families = (list(fam) ?? []).filter((f): f is Family => FAMILIES.includes(f as Family));
  const kinds = p.get('kinds');
  if (kinds !== null) {
    s.kinds = (list(kinds) ?? []).filter((k): k is Kind | 'Other' =>
      [...KINDS, 'Other'].includes(k),
    );
  }
  const at = p.get('at');
  if (at && /^\d{4}-\d{2}-\d{2}$/.test(at)) s.at = at;
  const layout = p.get('layout');
  if (layout && LAYOUTS.some((l) => l.name === layout)) s.layout = layout as LayoutName;
  const expanded = list(p.get('expanded'));
  if (expanded) s.expanded = expanded;
  const q = p.get('query');
  if (q) s.query = q;
  const params = p.get('params');
  if (params) s.params = params;
  const mode = p.get('mode');
  if (mode === 'add' || mode === 'replace') s.mode = mode;
  const groups = readGroups(p.get('groups'));
  if (groups) s.groups = groups;
  const from = p.get('from');
  const to = p.get('to');
  if (from && to) {
    s.pathFrom = from;
    s.pathTo = to;
  }
  return s;
}

export function toSearch(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.focus) p.set('focus', s.focus);
  if (s.families && s.families.length !== FAMILIES.length) p.set('families', s.families.join(','));
  if (s.kinds && s.kinds.length !== KINDS.length + 1) p.set('kinds', s.kinds.join(','));
  if (s.at) p.set('at', s.at);
  if (s.layout && s.layout !== 'force') p.set('layout', s.layout);
  if (s.expanded?.length) p.set('expanded', s.expanded.join(','));
  if (s.query) p.set('query', s.query);
  if (s.query && s.params && s.params.trim() && s.params.trim() !== '{}') p.set('params', s.params);
  if (s.query && s.mode) p.set('mode', s.mode);
  if (s.pathFrom && s.pathTo) {
    p.set('from', s.pathFrom);
    p.set('to', s.pathTo);
  }
  if (s.groups?.length) p.set('groups', JSON.stringify(s.groups));
  const str = p.toString();
  return str ? `?${str}` : '';
}

export function writeState(s: ViewState): void {
  const search = toSearch(s);
  if (search !== location.search) {
    history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }
}

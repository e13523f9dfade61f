import type { GraphPayload, SearchResult } from './api';
import { h } from './dom';
import { entityPicker, type EntityPicker } from './search';

export interface PathDeps {
  search(q: string): Promise<SearchResult[]>;
  find(from: string, to: string, maxHops: number): Promise<GraphPayload[]>;
  /** Puts the paths on the canvas, highlights them and dims the rest. */
  show(paths: GraphPayload[]): void;
  clear(): void;
}

export interface PathFinder {
  setEnd(end: 'from' | 'to', r: SearchResult): void;
  run(): Promise<void>;
  ends(): { from: string | null; to: string | null };
}

export function pathFinder(root: HTMLElement, deps: PathDeps): PathFinder {
  const from: EntityPicker = entityPicker({
    id: 'path-from',
    label: 'From',
    visibleLabel: true,
    placeholder: 'Entity…',
    search: deps.search,
    onPick: () => undefined,
  });
  const to: EntityPicker = entityPicker({
    id: 'path-to',
    label: 'To',
    visibleLabel: true,
    placeholder: 'Entity…',
    search: deps.search,
    onPick: () => undefined,
  });
  const hops = h(
    'select',
    { id: 'path-hops' },
    ...[2, 3, 4, 5, 6].map((n) => h('option', { value: n, selected: n === 4 }, String(n))),
  );
  const result = h('p', { id: 'path-result', class: 'hint', role: 'status' });
  const run = async () => {
    const a = from.value();
    const b = to.value();
    if (!a || !b) {
      result.textContent = 'Pick both ends from the suggestions.';
      return;
    }
    result.textContent = 'Searching…';
    try {
      const paths = await deps.find(a.id, b.id, Number(hops.value));
      if (!paths.length) {
        deps.clear();
        result.textContent = `No path within ${hops.value} hops.`;
        return;
      }
      deps.show(paths);
      const len = paths[0].edges.length;
      result.textContent = `${paths.length} shortest path${paths.length > 1 ? 's' : ''}, ${len} hop${len > 1 ? 's' : ''}.`;
    } catch (err) {
      result.textContent = `Path search failed: ${(err as Error).message}`;
    }
  };
  root.append(
    from.root,
    to.root,
    h('div', { class: 'row' }, h('label', { for: 'path-hops' }, 'Max hops'), hops),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', id: 'path-find', onclick: () => void run() }, 'Find paths'),
      h(
        'button',
        {
          type: 'button',
          id: 'path-clear',
          onclick: () => {
            deps.clear();
            result.textContent = '';
          },
        },
        'Clear',
      ),
    ),
    result,
  );
  return {
    setEnd: (end, r) => (end === 'from' ? from : to).set(r),
    run,
    ends: () => ({ from: from.value()?.id ?? null, to: to.value()?.id ?? null }),
  };
}

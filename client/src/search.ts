import type { SearchResult } from './api';
import { h, debounce, replaceChildren } from './dom';
import { kindOf } from './elements';
import { KIND_STYLE, iconUri } from './style';

let counter = 0;

export interface EntityPicker {
  root: HTMLElement;
  input: HTMLInputElement;
  /** The picked entity, or null while the text does not match a pick. */
  value(): SearchResult | null;
  set(result: SearchResult | null): void;
}

/**
 * An ARIA combobox that autocompletes entity names from the search API. Used for the main search
 * box and the path finder's two ends. Results are rendered as text only.
 */
export function entityPicker(opts: {
  id: string;
  label: string;
  placeholder: string;
  visibleLabel?: boolean;
  search: (q: string) => Promise<SearchResult[]>;
  onPick: (r: SearchResult) => void;
}): EntityPicker {
  const listId = `${opts.id}-list-${++counter}`;
  const input = h('input', {
    id: opts.id,
    type: 'search',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: opts.placeholder,
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true });
  const label = h('label', { for: opts.id, class: opts.visibleLabel ? '' : 'sr-only' }, opts.label);
  const root = h('div', { class: 'picker' }, label, input, list);
  let results: SearchResult[] = [];
  let active = -1;
  let picked: SearchResult | null = null;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const render = () => {
    replaceChildren(
      list,
      results.length === 0
        ? h('li', { class: 'picker-empty', role: 'option', 'aria-disabled': 'true' }, 'No match')
        : results.map((r, i) => {
            const kind = kindOf(r.labels);
            return h(
              'li',
              {
                id: `${listId}-${i}`,
                role: 'option',
                class: i === active ? 'active' : '',
                'aria-selected': i === active ? 'true' : 'false',
                onmousedown: (ev: Event) => {
                  ev.preventDefault();
                  choose(i);
                },
              },
              h('img', {
                class: 'kind-dot',
                src: iconUri(kind, '#ffffff'),
                alt: '',
                style: `background:${KIND_STYLE[kind].color}`,
              }),
              h('span', { class: 'picker-name' }, r.name),
              h('span', { class: 'picker-kind' }, KIND_STYLE[kind].label),
            );
          }),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const choose = (i: number) => {
    const r = results[i];
    if (!r) return;
    picked = r;
    input.value = r.name;
    close();
    opts.onPick(r);
  };

  const lookup = debounce(async (q: string) => {
    const mine = ++seq;
    try {
      const found = await opts.search(q);
      if (mine !== seq || document.activeElement !== input) return;
      results = found;
      active = found.length ? 0 : -1;
      render();
    } catch {
      if (mine === seq) close();
    }
  }, 120);

  input.addEventListener('input', () => {
    picked = null;
    const q = input.value.trim();
    if (q.length < 1) {
      seq++;
      close();
      return;
    }
    lookup(q);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (list.hidden || !results.length) return;
      ev.preventDefault();
      const d = ev.key === 'ArrowDown' ? 1 : -1;
      active = (active + d + results.length) % results.length;
      render();
    } else if (ev.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        ev.preventDefault();
        choose(active);
      }
    } else if (ev.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));

  return {
    root,
    input,
    value: () => picked,
    set(r) {
      picked = r;
      input.value = r ? r.name : '';
    },
  };
}

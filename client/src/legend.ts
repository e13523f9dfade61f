import { FAMILIES, type Family } from './api';
import { h, replaceChildren } from './dom';
import { KINDS, type Kind } from './elements';
import { FAMILY_STYLE, KIND_STYLE, iconUri } from './style';

export interface Legend {
  /** Reflects the canvas state (after a deep link) and updates counts. */
  sync(state: {
    kinds: Set<Kind | 'Other'>;
    families: Set<Family>;
    kindCounts: Record<string, number>;
    familyCounts: Record<string, number>;
  }): void;
}

/** The legend is the filter: each entry is a toggle button showing its colour, shape and glyph. */
export function legend(
  kindRoot: HTMLElement,
  familyRoot: HTMLElement,
  on: {
    kind(k: Kind | 'Other', visible: boolean): void;
    family(f: Family, visible: boolean): void;
  },
): Legend {
  const kindButtons = new Map<string, { btn: HTMLButtonElement; count: HTMLElement }>();
  const famButtons = new Map<string, { btn: HTMLButtonElement; count: HTMLElement }>();
  const toggle = (btn: HTMLButtonElement) => {
    const next = btn.getAttribute('aria-pressed') !== 'true';
    btn.setAttribute('aria-pressed', String(next));
    return next;
  };
  replaceChildren(
    kindRoot,
    ...KINDS.map((k) => {
      const s = KIND_STYLE[k];
      const count = h('span', { class: 'count' });
      const btn = h(
        'button',
        {
          type: 'button',
          class: 'legend-item',
          'aria-pressed': 'true',
          'data-kind': k,
          title: `Show or hide ${s.label.toLowerCase()} entities`,
        },
        h('img', {
          class: `kind-dot shape-${s.shape}`,
          alt: '',
          src: iconUri(k),
          style: `background:${s.color}`,
        }),
        h('span', { class: 'legend-label' }, s.label),
        count,
      );
      btn.addEventListener('click', () => on.kind(k, toggle(btn)));
      kindButtons.set(k, { btn, count });
      return btn;
    }),
  );
  replaceChildren(
    familyRoot,
    ...FAMILIES.map((f) => {
      const s = FAMILY_STYLE[f];
      const count = h('span', { class: 'count' });
      const btn = h(
        'button',
        {
          type: 'button',
          class: 'legend-item',
          'aria-pressed': 'true',
          'data-family': f,
          title: `Show or hide ${f} relationships`,
        },
        h('span', {
          class: `line-sample line-${s.line}${f === 'ownership' ? ' line-thick' : ''}`,
          style: `border-top-color:${s.color}`,
          'aria-hidden': 'true',
        }),
        h('span', { class: 'legend-label' }, s.label),
        count,
      );
      btn.addEventListener('click', () => on.family(f, toggle(btn)));
      famButtons.set(f, { btn, count });
      return btn;
    }),
  );
  return {
    sync({ kinds, families, kindCounts, familyCounts }) {
      for (const [k, { btn, count }] of kindButtons) {
        btn.setAttribute('aria-pressed', String(kinds.has(k as Kind)));
        count.textContent = String(kindCounts[k] ?? 0);
      }
      for (const [f, { btn, count }] of famButtons) {
        btn.setAttribute('aria-pressed', String(families.has(f as Family)));
        count.textContent = String(familyCounts[f] ?? 0);
      }
    },
  };
}

import { h, replaceChildren } from './dom';
import type { GroupInfo } from './groups';

export interface GroupsPanelActions {
  /** How many entities are selected (the button groups them). */
  selectedCount(): number;
  group(name: string): void;
  open(id: string): void;
  collapse(id: string): void;
  ungroup(id: string): void;
  rename(id: string, name: string): void;
}

/**
 * The sidebar's Groups panel: name and group the selection, then open, collapse, rename or
 * dissolve any group on the canvas (hub groups too), all with plain buttons and inputs.
 */
export function groupsPanel(root: HTMLElement, actions: GroupsPanelActions) {
  const name = h('input', {
    type: 'text',
    id: 'group-name',
    placeholder: 'Name, e.g. Meta side',
    maxlength: 80,
  });
  const btn = h('button', { type: 'button', id: 'group-selection', disabled: true }, 'Group');
  const list = h('ul', { id: 'group-list', class: 'group-list' });
  const hint = h(
    'p',
    { class: 'hint', id: 'group-hint' },
    'Select several: Shift+click, Shift+drag a box, or Shift+Enter on the canvas.',
  );
  btn.addEventListener('click', () => {
    const n = actions.selectedCount();
    if (n < 2) return;
    actions.group(name.value.trim() || `Group of ${n}`);
    name.value = '';
  });
  name.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') btn.click();
  });
  root.append(
    h(
      'div',
      { class: 'row' },
      h('label', { class: 'sr-only', for: 'group-name' }, 'Group name'),
      name,
      btn,
    ),
    hint,
    list,
  );

  return {
    /** Reflects the selection size and the groups now on the canvas. */
    sync(groups: GroupInfo[]): void {
      const n = actions.selectedCount();
      btn.disabled = n < 2;
      btn.textContent = n >= 2 ? `Group ${n}` : 'Group';
      replaceChildren(
        list,
        groups.map((g) =>
          h(
            'li',
            { 'data-group': g.id },
            h('span', { class: 'group-name' }, g.name),
            h('span', { class: 'count' }, String(g.members.length)),
            h(
              'button',
              {
                type: 'button',
                class: 'group-toggle',
                'aria-label': `${g.open ? 'Collapse' : 'Open'} ${g.name}`,
                onclick: () => (g.open ? actions.collapse(g.id) : actions.open(g.id)),
              },
              g.open ? 'Collapse' : 'Open',
            ),
            g.manual
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'group-rename',
                    'aria-label': `Rename ${g.name}`,
                    onclick: () => {
                      const next = name.value.trim();
                      if (next) actions.rename(g.id, next);
                      else name.focus();
                    },
                    title: 'Rename to the name typed above',
                  },
                  'Rename',
                )
              : null,
            h(
              'button',
              {
                type: 'button',
                class: 'group-ungroup',
                'aria-label': `Ungroup ${g.name}`,
                onclick: () => actions.ungroup(g.id),
              },
              'Ungroup',
            ),
          ),
        ),
      );
    },
  };
}

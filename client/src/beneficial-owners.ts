import type {
  BeneficialOwner,
  BeneficialOwnersView,
  GraphPayload,
  OwnershipChain,
  OwnershipMethod,
  OwnerReason,
  UnknownOwnership,
} from './api';
import { debounce, h, replaceChildren } from './dom';
import { display } from './inspector';

export interface BeneficialOwnersDeps {
  load(id: string, threshold: number, method: OwnershipMethod): Promise<BeneficialOwnersView>;
  focus(id: string): void;
  nameOf(id: string): string;
  /** Draws one chain on the canvas (adding what is missing) and highlights it; null clears. */
  showChain(graph: GraphPayload, chain: OwnershipChain | null): void;
}

const DEFAULT_PERCENT = 25;
const p = (x: number) => `${Math.round(x * 1000) / 10}`;

/** "49%" when exact, "11.3–30%" when a range. */
export function rangeText(min: number, max: number): string {
  return min === max ? `${p(min)}%` : `${p(min)}–${p(max)}%`;
}

function chainList(
  chains: OwnershipChain[],
  view: BeneficialOwnersView,
  deps: BeneficialOwnersDeps,
): HTMLUListElement {
  return h(
    'ul',
    { class: 'bo-chains' },
    ...chains.map((c) =>
      h(
        'li',
        {
          class: 'bo-chain',
          tabindex: 0,
          title: 'Hover to draw this chain on the canvas',
          onmouseenter: () => deps.showChain(view.graph, c),
          onfocus: () => deps.showChain(view.graph, c),
          onmouseleave: () => deps.showChain(view.graph, null),
          onblur: () => deps.showChain(view.graph, null),
        },
        c.path.map((id) => display(deps.nameOf(id))).join(' → '),
        ' ',
        h('span', { class: 'muted' }, `(${rangeText(c.stakeMin ?? 0, c.stakeMax ?? 1)})`),
      ),
    ),
  );
}

/** Why the owner is listed, one sentence per chain; focusing one draws its chain. */
function reasonList(
  o: BeneficialOwner,
  view: BeneficialOwnersView,
  deps: BeneficialOwnersDeps,
): HTMLUListElement | null {
  const reasons: OwnerReason[] = o.reasons ?? [];
  if (!reasons.length) return null;
  const chainOf = (r: OwnerReason) =>
    o.chains.find((c) => c.path.join('\u0000') === r.path.join('\u0000')) ?? null;
  return h(
    'ul',
    { class: 'bo-reasons', 'aria-label': `Why ${display(o.name ?? o.id)} is listed` },
    ...reasons.map((r) => {
      const chain = chainOf(r);
      return h(
        'li',
        {
          class: `bo-reason bo-reason-${r.kind}${r.certain ? ' is-certain' : ''}`,
          tabindex: chain ? 0 : -1,
          onmouseenter: () => chain && deps.showChain(view.graph, chain),
          onfocus: () => chain && deps.showChain(view.graph, chain),
          onmouseleave: () => deps.showChain(view.graph, null),
          onblur: () => deps.showChain(view.graph, null),
        },
        r.text,
      );
    }),
  );
}

function ownerItem(
  o: BeneficialOwner,
  view: BeneficialOwnersView,
  deps: BeneficialOwnersDeps,
): HTMLLIElement {
  // Listed through control (of an intermediate, or a role in a trust): say what that reaches.
  const role = o.reasons?.find((r) => r.kind === 'role')?.role;
  const throughControl =
    !o.control && o.controlledStakeMax > o.effectiveStakeMax
      ? `${role ? `as ${role}` : 'through control'}: ${rangeText(o.controlledStakeMin, o.controlledStakeMax)}`
      : null;
  const badges = [
    o.control ? 'controls' : null,
    throughControl,
    o.grounds.includes('votes') && !o.grounds.includes('ownership')
      ? `votes ${rangeText(o.votesMin, o.votesMax)}`
      : null,
    o.reason ? `unknown: ${o.reason}` : null,
  ].filter((b): b is string => b !== null);
  return h(
    'li',
    { class: 'bo-owner', 'data-id': o.id },
    h(
      'button',
      { type: 'button', class: 'link', onclick: () => deps.focus(o.id) },
      display(o.name ?? o.id),
    ),
    ' ',
    h(
      'strong',
      {
        class: 'bo-stake',
        title:
          view.method === 'integrated'
            ? 'Shares through every walk, cycles included'
            : 'Shares multiplied along chains',
      },
      o.effectiveStakeMax === 0 ? 'no shares' : rangeText(o.effectiveStakeMin, o.effectiveStakeMax),
    ),
    ...badges.map((b) => h('span', { class: 'badge' }, b)),
    reasonList(o, view, deps),
    chainList(o.chains, view, deps),
    o.sources.length
      ? h('div', { class: 'muted small' }, `sources: ${o.sources.join(', ')}`)
      : null,
  );
}

function unknownItem(
  u: UnknownOwnership,
  view: BeneficialOwnersView,
  deps: BeneficialOwnersDeps,
): HTMLLIElement {
  return h(
    'li',
    { class: 'bo-unknown', 'data-via': u.via },
    `${display(u.name ?? u.via)}: ${u.reason} `,
    h('strong', {}, rangeText(u.effectiveStakeMin, u.effectiveStakeMax)),
    chainList(u.chains, view, deps),
  );
}

function results(view: BeneficialOwnersView, deps: BeneficialOwnersDeps): HTMLElement {
  const certain = view.owners.filter((o) => o.certain);
  const possible = view.owners.filter((o) => !o.certain);
  const group = (title: string, cls: string, items: HTMLLIElement[]) =>
    h(
      'div',
      { class: `bo-group ${cls}` },
      h('h4', {}, `${title} (${items.length})`),
      items.length ? h('ul', { class: 'bo-list' }, ...items) : h('p', { class: 'muted' }, 'None'),
    );
  return h(
    'div',
    { class: 'bo-results' },
    h(
      'p',
      { class: 'bo-method-note muted small' },
      view.method === 'integrated'
        ? 'Shares integrated through every walk, cross-holdings included.'
        : 'Shares multiplied along chains, each cross-holding followed once.',
    ),
    group(
      'Certain',
      'bo-certain',
      certain.map((o) => ownerItem(o, view, deps)),
    ),
    group(
      'Possible',
      'bo-possible',
      possible.map((o) => ownerItem(o, view, deps)),
    ),
    group(
      'Not known',
      'bo-gaps',
      view.unknown.map((u) => unknownItem(u, view, deps)),
    ),
    view.truncated ? h('p', { class: 'truncated' }, 'Truncated: too many chains.') : null,
  );
}

/** Natural persons, states and unknown owners reaching a threshold set with a slider. */
export async function beneficialOwnersSection(
  id: string,
  deps: BeneficialOwnersDeps,
): Promise<HTMLElement> {
  const body = h('div', { class: 'bo-body', 'aria-live': 'polite' }, 'Loading…');
  const output = h('output', { for: 'bo-threshold' }, `${DEFAULT_PERCENT}%`);
  let method: OwnershipMethod = 'chains';
  let percent = DEFAULT_PERCENT;
  const render = async () => {
    body.setAttribute('aria-busy', 'true');
    try {
      const view = await deps.load(id, percent / 100, method);
      // The list is rebuilt, so a chain drawn from the old one would stay lit with no hover.
      deps.showChain(view.graph, null);
      replaceChildren(body, results(view, deps));
    } catch (err) {
      replaceChildren(
        body,
        h('p', { class: 'error' }, `Could not load beneficial owners: ${(err as Error).message}`),
      );
    } finally {
      body.removeAttribute('aria-busy');
    }
  };
  const reload = debounce(() => void render(), 200);
  const slider = h('input', {
    id: 'bo-threshold',
    type: 'range',
    min: 1,
    max: 100,
    step: 1,
    value: DEFAULT_PERCENT,
    'aria-label': 'Threshold in percent',
    oninput: (e: Event) => {
      percent = Number((e.target as HTMLInputElement).value);
      output.textContent = `${percent}%`;
      reload();
    },
  });
  // Native radios: Tab reaches the group, arrow keys switch the method.
  const methodChoice = (value: OwnershipMethod, label: string, hint: string) =>
    h(
      'label',
      { class: 'bo-method-choice', title: hint },
      h('input', {
        type: 'radio',
        name: `bo-method-${id}`,
        value,
        checked: value === method,
        onchange: () => {
          method = value;
          void render();
        },
      }),
      ` ${label}`,
    );
  const methods = h(
    'fieldset',
    { class: 'bo-method' },
    h('legend', {}, 'Shares'),
    methodChoice('chains', 'Multiplied along chains', 'Each cross-holding followed once'),
    methodChoice(
      'integrated',
      'Integrated (through cycles)',
      'Every walk through cross-holdings counted: A + A² + …, capped at 100%',
    ),
  );
  await render();
  return h(
    'section',
    { class: 'beneficial-owners', 'aria-label': 'Beneficial owners' },
    h('h3', {}, 'Beneficial owners'),
    h('label', { class: 'bo-threshold' }, 'Threshold ', slider, ' ', output),
    methods,
    body,
    h(
      'p',
      { class: 'muted small' },
      'Persons, states and unknown owners whose shares, votes or control reach the threshold. ' +
        'Certain: the lowest reading reaches it; possible: only the highest does. ' +
        'Stakes multiply along a chain and add across chains (capped at 100%). Whoever controls ' +
        'a company counts for all it holds; trustees, settlors and protectors for all their trust holds.',
    ),
  );
}

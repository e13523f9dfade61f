import type { Core, NodeCollection, NodeSingular } from 'cytoscape';

export interface KeyboardNavActions {
  /** Enter: open the node in the inspector (as a click would). */
  inspect(node: NodeSingular): void;
  /** `e`: expand the node (a "+N more" or group node opens instead). */
  expand(node: NodeSingular): void;
  /** Delete / Backspace: hide the node. */
  hide(node: NodeSingular): void;
  /** Screen-reader text for the node that has the keyboard focus. */
  describe(node: NodeSingular): string;
}

export interface KeyboardNav {
  /** The node with the keyboard focus ring, if any. */
  current(): NodeSingular | null;
  /** Moves the keyboard focus to a node (and the DOM focus to the canvas). */
  moveTo(node: NodeSingular): void;
}

const DIRECTIONS: Record<string, { x: number; y: number }> = {
  ArrowRight: { x: 1, y: 0 },
  ArrowLeft: { x: -1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

/**
 * The node in a direction: the closest one within 70° of it, angles off the axis costing
 * distance, so "right" means "to the right", not "nearest".
 */
export function nodeInDirection(
  from: NodeSingular,
  candidates: NodeCollection,
  dir: { x: number; y: number },
): NodeSingular | null {
  const p = from.position();
  let best: NodeSingular | null = null;
  let bestScore = Infinity;
  candidates.forEach((n) => {
    if (n.same(from)) return;
    const q = n.position();
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const dist = Math.hypot(dx, dy);
    if (dist < 1) return;
    const cos = (dx * dir.x + dy * dir.y) / dist;
    if (cos < Math.cos((70 * Math.PI) / 180)) return;
    const score = dist * (1 + 3 * (1 - cos));
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  });
  return best;
}

/**
 * Makes the canvas a keyboard widget: Tab reaches it, a focus ring marks one node, arrow keys move
 * to the neighbour in that direction (else the nearest node that way), Home goes to the best
 * connected node, Enter inspects, `e` expands, Delete hides. A live region reads out each move.
 */
export function keyboardNav(
  cy: Core,
  container: HTMLElement,
  live: HTMLElement,
  actions: KeyboardNavActions,
): KeyboardNav {
  let focused: NodeSingular | null = null;
  const visible = () => cy.nodes(':visible');

  const moveTo = (node: NodeSingular) => {
    cy.nodes('.kbd-focus').removeClass('kbd-focus');
    focused = node;
    node.addClass('kbd-focus');
    live.textContent = actions.describe(node);
    keepInView(node);
    if (document.activeElement !== container) container.focus({ preventScroll: true });
  };

  /** Pans just enough to bring the node (with a margin) into the viewport. */
  const keepInView = (node: NodeSingular) => {
    const p = node.renderedPosition();
    const margin = 60;
    const dx =
      p.x < margin ? margin - p.x : p.x > cy.width() - margin ? cy.width() - margin - p.x : 0;
    const dy =
      p.y < margin ? margin - p.y : p.y > cy.height() - margin ? cy.height() - margin - p.y : 0;
    if (dx || dy) cy.panBy({ x: dx, y: dy });
  };

  /** Where the keyboard starts: the selection, else the best connected visible node. */
  const start = (): NodeSingular | null => {
    if (focused && !focused.removed() && focused.visible()) return focused;
    const sel = cy.nodes(':selected:visible');
    if (sel.nonempty()) return sel.first();
    const vis = visible();
    return vis.nonempty() ? vis.max((n) => n.degree(false)).ele : null;
  };

  /** Entering the canvas: the selection (what the user last chose) wins over the old ring. */
  const entry = (): NodeSingular | null => {
    const sel = cy.nodes(':selected:visible');
    return sel.nonempty() ? sel.first() : start();
  };

  container.addEventListener('focus', () => {
    const node = entry();
    if (node) moveTo(node);
    else live.textContent = 'The canvas is empty: search for an entity first.';
  });
  container.addEventListener('blur', () => cy.nodes('.kbd-focus').removeClass('kbd-focus'));

  container.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.shiftKey && !(ev.key === 'Enter' || ev.key === ' ')) return;
    const node = start();
    if (!node) return;
    const dir = DIRECTIONS[ev.key];
    let handled = true;
    if (dir) {
      const neighbours = node.neighborhood().nodes(':visible');
      const next = nodeInDirection(node, neighbours, dir) ?? nodeInDirection(node, visible(), dir);
      if (next) moveTo(next);
      else live.textContent = `Nothing further that way. ${actions.describe(node)}`;
    } else if (ev.key === 'Home') {
      const hub = visible().max((n) => n.degree(false)).ele;
      if (hub) moveTo(hub);
    } else if ((ev.key === 'Enter' || ev.key === ' ') && ev.shiftKey) {
      // Shift+Enter adds to (or takes from) the selection, as Shift+click does.
      if (node.selected()) node.unselect();
      else node.select();
      live.textContent = `${node.selected() ? 'Selected' : 'Unselected'}: ${actions.describe(node)}`;
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      actions.inspect(node);
    } else if (ev.key === 'e' || ev.key === 'E') {
      actions.expand(node);
    } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
      // The nearest neighbour inherits the focus ring, so the keyboard user is not lost.
      const next = node.neighborhood().nodes(':visible').first();
      focused = null;
      actions.hide(node);
      if (next.nonempty() && !next.removed()) moveTo(next);
      else {
        const any = start();
        if (any) moveTo(any);
      }
    } else handled = false;
    if (handled) {
      ev.preventDefault();
      ev.stopPropagation(); // the page's own shortcuts (Delete hides the selection) stay out
    }
  });

  return {
    current: () => (focused && !focused.removed() ? focused : null),
    moveTo,
  };
}

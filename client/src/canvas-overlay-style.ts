import type { StylesheetJson } from 'cytoscape';

/**
 * Styles for the round-2 canvas states (keyboard focus, groups, bundled edges, metrics), added
 * after the full or large-graph stylesheet so those stay as they are.
 */
export const overlayStyle: StylesheetJson = [
  {
    selector: 'node.kbd-focus',
    style: {
      'outline-width': 3,
      'outline-color': '#1d4ed8',
      'outline-offset': 4,
      'outline-opacity': 1,
      'z-index': 30,
    },
  },
];

import type { StylesheetJson } from 'cytoscape';

/** Colour, shape and glyph per entity kind; one place so the legend and canvas agree. */
export const KIND_STYLE = {
  Organization: { color: '#2f6fdf', shape: 'round-rectangle', glyph: '🏢' },
  Person: { color: '#d9822b', shape: 'ellipse', glyph: '👤' },
  Government: { color: '#7a4bc2', shape: 'hexagon', glyph: '🏛' },
  Project: { color: '#1f9e89', shape: 'diamond', glyph: '◆' },
  Event: { color: '#c23b4b', shape: 'star', glyph: '⚑' },
  Source: { color: '#6b7280', shape: 'tag', glyph: '📄' },
  Other: { color: '#9aa3ad', shape: 'ellipse', glyph: '•' },
} as const;

export const FAMILY_STYLE = {
  ownership: { color: '#2f6fdf', line: 'solid' },
  client: { color: '#1f9e89', line: 'dashed' },
  leadership: { color: '#d9822b', line: 'solid' },
  event: { color: '#c9ccd1', line: 'dotted' },
} as const;

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '110px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
      width: 28,
      height: 28,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  ...Object.entries(KIND_STYLE).map(([kind, s]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': s.color, shape: s.shape },
  })),
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      label: 'data(label)',
      'font-size': 9,
      color: '#4b5563',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
    },
  },
  ...Object.entries(FAMILY_STYLE).map(([family, s]) => ({
    selector: `edge[family = "${family}"]`,
    style: { 'line-color': s.color, 'target-arrow-color': s.color, 'line-style': s.line },
  })),
  // Width grows with the stake so majority holdings stand out.
  {
    selector: 'edge[family = "ownership"][stake]',
    style: { width: 'mapData(stake, 0, 1, 1.5, 7)' },
  },
  { selector: 'edge[family = "event"]', style: { label: '', width: 1 } },
  {
    selector: ':selected',
    style: { 'border-width': 3, 'border-color': '#111827', 'line-color': '#111827' },
  },
];

import type { StylesheetJson } from 'cytoscape';

/** White line icons drawn inside the node (no emoji font needed; data: URIs pass the CSP). */
const ICONS = {
  Organization: '<path d="M5 21V4h10v17M15 9h4v12M3 21h18M8 7h4M8 11h4M8 15h4"/>',
  Person: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8"/>',
  Government: '<path d="M3 9.5h18L12 4zM5.5 10v8M10 10v8M14 10v8M18.5 10v8M3 20.5h18"/>',
  Project: '<path d="M12 3l9 5-9 5-9-5zM3 13l9 5 9-5"/>',
  Event: '<path d="M6 21V4M6 4h12l-2.5 4L18 12H6"/>',
  Source: '<path d="M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7"/>',
  Arrangement: '<path d="M12 3v18M5 7h14M5 7l-3 7h6zM19 7l-3 7h6zM8 21h8"/>',
  Unknown:
    '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17h.01"/>',
  Other: '<circle cx="12" cy="12" r="3"/>',
} as const;

export function iconUri(kind: keyof typeof ICONS, color = '#ffffff'): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="${color}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${ICONS[kind]}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** Colour, shape and glyph per entity kind; one place so the legend and canvas agree. */
export const KIND_STYLE = {
  Organization: { color: '#2563eb', shape: 'round-rectangle', label: 'Company' },
  Person: { color: '#c2410c', shape: 'ellipse', label: 'Person' },
  Government: { color: '#7c3aed', shape: 'hexagon', label: 'Government' },
  Project: { color: '#0f766e', shape: 'diamond', label: 'Project' },
  Event: { color: '#be123c', shape: 'octagon', label: 'Event' },
  Source: { color: '#4b5563', shape: 'tag', label: 'Source' },
  Arrangement: { color: '#0e7490', shape: 'barrel', label: 'Arrangement' },
  Unknown: { color: '#9ca3af', shape: 'vee', label: 'Unknown owner' },
  Other: { color: '#6b7280', shape: 'ellipse', label: 'Other' },
} as const;

export type StyledKind = keyof typeof KIND_STYLE;

export const FAMILY_STYLE = {
  ownership: { color: '#1d4ed8', line: 'solid', label: 'Ownership (stake)' },
  control: { color: '#6d28d9', line: 'solid', label: 'Control (votes, board)' },
  client: { color: '#0f766e', line: 'dashed', label: 'Client / supplier' },
  leadership: { color: '#a16207', line: 'solid', label: 'Leadership' },
  event: { color: '#9ca3af', line: 'dotted', label: 'Event' },
} as const;

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#111827',
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '120px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'text-background-shape': 'roundrectangle',
      width: 30,
      height: 30,
      'border-width': 2,
      'border-color': '#ffffff',
      'background-fit': 'none',
      'background-width': '62%',
      'background-height': '62%',
      'background-clip': 'none',
    },
  },
  ...Object.entries(KIND_STYLE).map(([kind, s]) => ({
    selector: `node[kind = "${kind}"]`,
    style: {
      'background-color': s.color,
      shape: s.shape,
      'background-image': iconUri(kind as StyledKind),
    },
  })),
  {
    selector: 'node.more',
    style: {
      shape: 'round-rectangle',
      'background-color': '#f3f4f6',
      'background-image': 'none',
      'border-color': '#6b7280',
      'border-style': 'dashed',
      'border-width': 1,
      width: 'label',
      height: 22,
      padding: '6px',
      'text-valign': 'center',
      'text-margin-y': 0,
      'text-background-opacity': 0,
      color: '#1f2937',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'font-size': 10,
      'font-family': 'system-ui, sans-serif',
      color: '#111827',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': '1px',
    },
  },
  ...Object.entries(FAMILY_STYLE).map(([family, s]) => ({
    selector: `edge[family = "${family}"]`,
    style: { 'line-color': s.color, 'target-arrow-color': s.color, 'line-style': s.line },
  })),
  // Ownership carries its stake as label; width grows with the stake so majority holdings stand out.
  { selector: 'edge[family = "ownership"]', style: { label: 'data(label)', 'font-weight': 600 } },
  {
    selector: 'edge[family = "ownership"][stake]',
    style: { width: 'mapData(stake, 0, 1, 1.5, 8)' },
  },
  { selector: 'edge[family = "control"]', style: { label: 'data(label)', 'font-style': 'italic' } },
  // A stake the source gives as a range is drawn hollow (a double line: white core, coloured
  // outline), so it never reads as an exact one.
  ...(['ownership', 'control'] as const).map((family) => ({
    selector: `edge[family = "${family}"][?ranged]`,
    style: {
      width: 3,
      'line-color': '#ffffff',
      'line-outline-width': 1.5,
      'line-outline-color': FAMILY_STYLE[family].color,
      'font-style': 'italic' as const,
    },
  })),
  // A declared indirect interest summarises a chain: dotted, so it never reads as a direct holding.
  { selector: 'edge[?indirect]', style: { 'line-style': 'dotted', width: 2 } },
  { selector: 'edge[family = "event"]', style: { width: 1, opacity: 0.8 } },
  { selector: 'edge.more-edge', style: { 'line-style': 'dashed', 'line-color': '#9ca3af' } },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': '#111827', 'overlay-opacity': 0 },
  },
  {
    selector: 'edge:selected',
    style: {
      'line-color': '#111827',
      'target-arrow-color': '#111827',
      label: 'data(type)',
      'z-index': 10,
    },
  },
  { selector: '.filtered, .time-hidden', style: { display: 'none' } },
  { selector: '.dimmed', style: { opacity: 0.15 } },
  {
    selector: 'node.path',
    style: { 'border-width': 4, 'border-color': '#facc15', 'z-index': 20 },
  },
  {
    selector: 'edge.path',
    style: {
      width: 5,
      'line-color': '#ca8a04',
      'target-arrow-color': '#ca8a04',
      label: 'data(type)',
      'z-index': 20,
    },
  },
  // A highlighted ownership or control chain keeps its stakes as labels.
  { selector: 'edge.path[label != ""]', style: { label: 'data(label)' } },
  {
    selector: 'node.focus',
    style: { 'underlay-color': '#facc15', 'underlay-opacity': 0.45, 'underlay-padding': 8 },
  },
];

import type { StylesheetJson } from 'cytoscape';
import { KIND_STYLE } from './style';

/**
 * Styles for the round-2 canvas states (keyboard focus, groups, bundled edges, metrics), added
 * after the full or large-graph stylesheet so those stay as they are.
 */
export const overlayStyle: StylesheetJson = [
  // A group: a stack of its members' kind, sized by how many it holds.
  {
    selector: 'node.group',
    style: {
      shape: 'round-rectangle',
      width: 'data(size)',
      height: 'data(size)',
      'background-image': 'none',
      'background-color': KIND_STYLE.Other.color,
      'border-width': 3,
      'border-style': 'double',
      'border-color': '#111827',
      label: 'data(label)',
      'font-weight': 600,
      'text-background-opacity': 0.9,
      'text-background-color': '#ffffff',
    },
  },
  ...Object.entries(KIND_STYLE).map(([kind, s]) => ({
    selector: `node.group[memberKind = "${kind}"]`,
    style: { 'background-color': s.color },
  })),
  {
    selector: 'edge.group-edge',
    style: {
      width: 'mapData(count, 1, 30, 2, 9)',
      label: 'data(label)',
      'font-size': 10,
      'text-background-opacity': 0.9,
      'text-background-color': '#ffffff',
    },
  },
  // Parallel relationships of one pair, bundled: one thick edge with their count.
  { selector: 'edge.in-bundle', style: { display: 'none' } },
  {
    selector: 'edge.bundle',
    style: {
      width: 'mapData(count, 3, 12, 3, 8)',
      'curve-style': 'straight',
      'line-color': '#4b5563',
      'line-style': 'solid',
      'target-arrow-shape': 'none',
      label: 'data(label)',
      'font-size': 10,
      'font-weight': 600,
      color: '#111827',
      'text-background-opacity': 0.95,
      'text-background-color': '#ffffff',
      'text-background-padding': '2px',
      'text-rotation': 'none',
    },
  },
  // Analytics (analytics/panel.ts): size by a metric, colour by community.
  { selector: 'node.metric-sized', style: { width: 'data(msize)', height: 'data(msize)' } },
  { selector: 'node.community', style: { 'background-color': 'data(ccolor)' } },
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
  // Drawing a relationship (edit-workspace.ts, cytoscape-edgehandles): the line follows the pointer.
  {
    selector: '.eh-preview, .eh-ghost-edge',
    style: {
      'line-color': '#1d4ed8',
      'target-arrow-color': '#1d4ed8',
      'target-arrow-shape': 'triangle',
      'line-style': 'dashed',
      width: 3,
      label: '',
    },
  },
  { selector: '.eh-ghost-edge.eh-preview-active', style: { opacity: 0 } },
  {
    selector: 'node.eh-source, node.eh-target',
    style: { 'border-width': 4, 'border-color': '#1d4ed8' },
  },
  // Compare mode (client/src/compare.ts): Okabe-Ito colours, each with a second cue for
  // colour-blind readers — added thick solid, removed dashed and faded, changed dotted.
  {
    selector: 'node.diff-added',
    style: { 'border-width': 5, 'border-style': 'solid', 'border-color': '#009E73' },
  },
  {
    selector: 'node.diff-removed',
    style: {
      'border-width': 5,
      'border-style': 'dashed',
      'border-color': '#D55E00',
      opacity: 0.75,
    },
  },
  {
    selector: 'node.diff-changed',
    style: { 'border-width': 5, 'border-style': 'double', 'border-color': '#E69F00' },
  },
  { selector: 'node.diff-context', style: { opacity: 0.55 } },
  {
    selector: 'edge.diff-added',
    style: {
      width: 5,
      'line-style': 'solid',
      'line-color': '#009E73',
      'target-arrow-color': '#009E73',
    },
  },
  {
    selector: 'edge.diff-removed',
    style: {
      width: 5,
      'line-style': 'dashed',
      'line-dash-pattern': [10, 6],
      'line-color': '#D55E00',
      'target-arrow-color': '#D55E00',
    },
  },
  {
    selector: 'edge.diff-changed',
    style: {
      width: 5,
      'line-style': 'dotted',
      'line-color': '#E69F00',
      'target-arrow-color': '#E69F00',
    },
  },
];

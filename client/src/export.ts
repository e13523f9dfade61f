import type { Core } from 'cytoscape';
import type { GraphPayload, JsonValue } from './api';
import { downloadBlob } from './dom';

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/** The whole canvas (not just the viewport) as a PNG on white, at twice the resolution. */
export function exportPng(cy: Core): Blob {
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }) as unknown as Blob;
  downloadBlob(blob, `entity-graph-${stamp()}.png`);
  return blob;
}

export function exportJson(graph: GraphPayload): Blob {
  const blob = new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' });
  downloadBlob(blob, `entity-graph-${stamp()}.json`);
  return blob;
}

function csvCell(v: JsonValue | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas so a cell never executes on open.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(columns: string[], rows: JsonValue[][]): string {
  return [columns, ...rows].map((r) => r.map((c) => csvCell(c)).join(',')).join('\r\n') + '\r\n';
}

export function exportCsv(columns: string[], rows: JsonValue[][]): Blob {
  const blob = new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
  downloadBlob(blob, `query-result-${stamp()}.csv`);
  return blob;
}

/**
 * Labels of the app's own state in Neo4j (sessions, counters, slots, import jobs). Never
 * `:Entity`: the explorer, the console, backups and reseeding leave these nodes alone.
 * cypher/*.cypher files that must skip them spell the same list as a label expression.
 */
export const APP_STATE_LABELS = ['AppSession', 'AppCounter', 'AppSlot', 'AppJob'] as const;

export type AppStateLabel = (typeof APP_STATE_LABELS)[number];

export function isAppStateLabel(label: string): boolean {
  return (APP_STATE_LABELS as readonly string[]).includes(label);
}

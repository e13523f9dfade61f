import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ENTITY_KINDS, RELATIONSHIP_TYPES, type RelationshipType } from '../model/families';
import type { EntityRecord, PropertyValue, RelationshipRecord } from '../model/records';
import { distinct, emptyResult, normalDate, type ReadContext, type ReadResult } from './common';
import { parsePercentage } from './ftm';
import { InputError } from './parse';

/**
 * CSV rows → canonical records through a mapping file (docs/import-csv.md): which columns hold
 * entities (id, name, aliases, identifiers, facts) and which relationship each row states.
 * Parsing by csv-parse (quotes, embedded line ends, BOM, CRLF); ids `csv:<dataset>/<value>`.
 */

const column = z.string().min(1);

const entityMap = z.object({
  id: column,
  kind: z.enum(ENTITY_KINDS).optional(),
  kindColumn: column.optional(),
  name: column,
  aliases: column.optional(),
  separator: z.string().min(1).default(';'),
  identifiers: z.record(z.string(), column).optional(),
  facts: z.record(z.string(), column).optional(),
  description: column.optional(),
});

const relationshipMap = z.object({
  type: z.enum(Object.keys(RELATIONSHIP_TYPES) as [RelationshipType, ...RelationshipType[]]),
  from: column,
  to: column,
  id: column.optional(),
  stake: column.optional(),
  since: column.optional(),
  until: column.optional(),
  role: column.optional(),
  interestType: column.optional(),
  amountUsd: column.optional(),
  evidence: column.optional(),
  confidence: z.number().min(0).max(1).default(1),
});

export const csvMappingSchema = z.object({
  delimiter: z.string().min(1).max(4).default(','),
  entities: z.array(entityMap).min(1),
  relationships: z.array(relationshipMap).default([]),
});

export type CsvMapping = z.input<typeof csvMappingSchema>;

/** Checks a mapping file's JSON; the message names the bad field. */
export function parseMapping(value: unknown): z.output<typeof csvMappingSchema> {
  const r = csvMappingSchema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InputError('BAD_MAPPING', `mapping: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

type EntityMap = z.output<typeof entityMap>;

function identifiersOf(m: EntityMap, row: Record<string, string>): string[] {
  return distinct(
    Object.entries(m.identifiers ?? {}).map(([scheme, col]) =>
      row[col] ? `${scheme}:${row[col]}` : undefined,
    ),
  );
}

function aliasesOf(m: EntityMap, row: Record<string, string>): string[] {
  return m.aliases ? distinct((row[m.aliases] ?? '').split(m.separator).map((a) => a.trim())) : [];
}

const OWN_ID = /^[a-z]+:[a-z0-9._-]+$/;

export function readCsv(text: string, rawMapping: CsvMapping, ctx: ReadContext): ReadResult {
  const mapping = parseMapping(rawMapping);
  const out = emptyResult();
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(text, {
      columns: true,
      bom: true,
      delimiter: mapping.delimiter,
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
      trim: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new InputError('BAD_CSV', `malformed CSV: ${e.message}`, e.lines ?? null);
  }
  const header = rows.length ? Object.keys(rows[0].record) : [];
  const needed = [
    ...mapping.entities.flatMap((m) => [
      m.id,
      m.name,
      m.aliases,
      m.kindColumn,
      m.description,
      ...Object.values(m.identifiers ?? {}),
      ...Object.values(m.facts ?? {}),
    ]),
    ...mapping.relationships.flatMap((m) => [
      m.from,
      m.to,
      m.id,
      m.stake,
      m.since,
      m.until,
      m.role,
      m.interestType,
      m.amountUsd,
      m.evidence,
    ]),
  ].filter((c): c is string => c !== undefined);
  const missing = distinct(needed).filter((c) => rows.length && !header.includes(c));
  if (missing.length) {
    throw new InputError(
      'BAD_MAPPING',
      `the CSV has no column(s) ${missing.join(', ')} (it has ${header.join(', ')})`,
      1,
    );
  }
  const idOf = (v: string) => (OWN_ID.test(v) ? v : `csv:${ctx.dataset}/${v}`);
  const seen = new Map<string, EntityRecord>();
  for (const { record: row, info } of rows) {
    const line = info.lines;
    const rowEntities = new Map<string, string>();
    for (const m of mapping.entities) {
      const raw = row[m.id];
      if (!raw) continue;
      const id = idOf(raw);
      rowEntities.set(m.id, id);
      const known = seen.get(id);
      if (known) {
        // A later row naming the same entity adds what it knows (identifiers, aliases, facts).
        known.identifiers = distinct([...(known.identifiers ?? []), ...identifiersOf(m, row)]);
        known.aliases = distinct([...(known.aliases ?? []), ...aliasesOf(m, row)]).filter(
          (a) => a !== known.name,
        );
        for (const [fact, col] of Object.entries(m.facts ?? {})) {
          if (row[col] && known.facts && known.facts[fact] === undefined)
            known.facts[fact] = row[col];
        }
        continue;
      }
      const kind = m.kindColumn ? row[m.kindColumn] : m.kind;
      if (!kind || !(ENTITY_KINDS as readonly string[]).includes(kind)) {
        out.rejected.push({
          record: raw,
          line,
          code: 'CSV_KIND',
          message: `kind ${JSON.stringify(kind)} is not one of ${ENTITY_KINDS.join(', ')}`,
        });
        continue;
      }
      const name = row[m.name];
      if (!name) {
        out.rejected.push({
          record: raw,
          line,
          code: 'CSV_NAME',
          message: `column ${m.name} is empty`,
        });
        continue;
      }
      const facts: Record<string, PropertyValue> = {};
      for (const [fact, col] of Object.entries(m.facts ?? {})) if (row[col]) facts[fact] = row[col];
      const record: EntityRecord = {
        id,
        kind: kind as EntityRecord['kind'],
        name,
        aliases: aliasesOf(m, row),
        description:
          (m.description && row[m.description]) || `From CSV dataset ${ctx.dataset}, line ${line}.`,
        identifiers: identifiersOf(m, row),
        dataset: ctx.dataset,
        facts,
      };
      seen.set(id, record);
      out.entities.push({ line, sourceRecord: raw, record });
    }
    mapping.relationships.forEach((m, k) => {
      const from = rowEntities.get(m.from) ?? (row[m.from] ? idOf(row[m.from]) : undefined);
      const to = rowEntities.get(m.to) ?? (row[m.to] ? idOf(row[m.to]) : undefined);
      if (!from || !to) {
        out.rejected.push({
          record: null,
          line,
          code: 'CSV_ENDPOINT',
          message: `empty ${!from ? m.from : m.to}: no ${m.type} stated`,
        });
        return;
      }
      const claim =
        m.id && row[m.id]
          ? `csv:${ctx.dataset}/${row[m.id]}`
          : `csv:${ctx.dataset}/line-${line}${mapping.relationships.length > 1 ? `-${k}` : ''}`;
      let share = {};
      if (m.stake && row[m.stake]) {
        const p = parsePercentage(row[m.stake]);
        if (!p) {
          out.rejected.push({
            record: claim,
            line,
            code: 'CSV_STAKE',
            message: `stake ${JSON.stringify(row[m.stake])} is not a percentage in 0..100`,
          });
          return;
        }
        share = p;
      }
      const dates: Record<string, string> = {};
      for (const k2 of ['since', 'until'] as const) {
        const col = m[k2];
        if (col && row[col]) {
          const d = normalDate(row[col]);
          if (!d) {
            out.rejected.push({
              record: claim,
              line,
              code: 'CSV_DATE',
              message: `${k2} ${JSON.stringify(row[col])} is not a date`,
            });
            return;
          }
          dates[k2] = d.date;
        }
      }
      const amount = m.amountUsd && row[m.amountUsd] ? Number(row[m.amountUsd]) : undefined;
      const rel: RelationshipRecord = {
        id: claim,
        type: m.type,
        from,
        to,
        ...share,
        ...dates,
        role: m.role ? row[m.role] || undefined : undefined,
        interestType: m.interestType ? row[m.interestType] || undefined : undefined,
        amountUsd: amount,
        source: ctx.source,
        evidence: (m.evidence && row[m.evidence]) || `CSV dataset ${ctx.dataset}, line ${line}.`,
        confidence: m.confidence,
        dataset: ctx.dataset,
        sourceRecord: `line ${line}`,
      };
      out.relationships.push({ line, sourceRecord: claim, record: rel });
    });
  }
  return out;
}

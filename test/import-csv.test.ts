import fs from 'node:fs';
import path from 'node:path';
import { readCsv, type CsvMapping } from '../server/ingest/csv';
import { InputError } from '../server/ingest/parse';

/** The documented example (docs/import-examples/owners.csv with owners.mapping.json). */
const DIR = path.resolve(__dirname, '../docs/import-examples');
const csv = fs.readFileSync(path.join(DIR, 'owners.csv'), 'utf8');
const mapping = JSON.parse(
  fs.readFileSync(path.join(DIR, 'owners.mapping.json'), 'utf8'),
) as CsvMapping;
const ctx = { dataset: 'owners', source: 'source:owners' };

describe('reading CSV through a mapping', () => {
  const out = readCsv(csv, mapping, ctx);

  it('reads every row of the documented example, quotes, CRLF and a line end inside a field included', () => {
    expect(out.rejected).toEqual([]);
    expect(out.relationships.map((r) => r.record.id)).toEqual([
      'csv:owners/r1',
      'csv:owners/r2',
      'csv:owners/r3',
    ]);
    expect(out.relationships[2].record.evidence).toBe('Minority stake,\r\nsold 2023');
  });

  it('makes one entity per id column value, merging what later rows add', () => {
    const byId = new Map(out.entities.map((e) => [e.record.id, e.record]));
    expect([...byId.keys()].sort()).toEqual(['csv:owners/c-1', 'csv:owners/c-2', 'csv:owners/p-1']);
    expect(byId.get('csv:owners/p-1')?.kind).toBe('Person');
    expect(byId.get('csv:owners/c-2')).toMatchObject({
      name: 'Holding "North" Ltd',
      kind: 'Organization',
      identifiers: ['company-number:GB-777'],
    });
  });

  it('reads stakes as exact shares or ranges and dates with their precision', () => {
    const [r1, r2, r3] = out.relationships.map((r) => r.record);
    expect(r1).toMatchObject({ type: 'OWNS', stake: 0.6, since: '2019-01-01', confidence: 0.9 });
    expect(r2).toMatchObject({ stakeMin: 0.25, stakeMax: 0.4, since: '2020-06-01' });
    expect(r2.stake).toBeUndefined();
    expect(r3).toMatchObject({
      stakeMin: 0,
      stakeMax: 0.1,
      stakeMaxExclusive: true,
      until: '2023-01-01',
    });
    expect(r1).toMatchObject({
      dataset: 'owners',
      source: 'source:owners',
      sourceRecord: 'line 2',
    });
  });

  it('names the row and column of bad values and refuses a mapping naming a missing column', () => {
    const bad = readCsv(
      'row,owner_id,owner_name,owner_kind,company_id,company_name,company_number,share,since,until,note\nx,p,P,Robot,c,C,1,lots,2020-13-01,,\n',
      mapping,
      ctx,
    );
    expect(bad.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'CSV_KIND'],
      [2, 'CSV_STAKE'],
    ]);
    expect(() => readCsv('a,b\n1,2\n', mapping, ctx)).toThrow(InputError);
    expect(() => readCsv('a,b\n1,2\n', mapping, ctx)).toThrow(
      /no column\(s\) owner_id, owner_name/,
    );
    expect(() => readCsv('a,"b\n1,2\n', mapping, ctx)).toThrow(/malformed CSV/);
    expect(() => readCsv('a\n1\n', { entities: [] } as unknown as CsvMapping, ctx)).toThrow(
      /mapping: entities/,
    );
  });
});

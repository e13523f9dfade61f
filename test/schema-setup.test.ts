import { applySchema, schemaStatementName } from '../server/ingest/loader';
import { QueryStore } from '../server/cypher';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

const indexNames = async () =>
  (await t.db.autoCommit('SHOW INDEXES YIELD name RETURN name')).records.map(
    (r) => r.get('name') as string,
  );

describe('schema set-up at start', () => {
  it('names every statement of cypher/schema.cypher, so none runs blindly on each start', () => {
    const statements = new QueryStore().statements('schema');
    expect(statements.length).toBeGreaterThan(20);
    const names = statements.map(schemaStatementName);
    expect(names.filter((n) => n === null)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs nothing on a database that has the whole schema', async () => {
    expect(await applySchema(t.db)).toEqual([]);
  });

  it('creates only what is missing: a dropped index and a dropped constraint come back', async () => {
    await t.db.autoCommit('DROP INDEX note_target');
    await t.db.autoCommit('DROP CONSTRAINT investigation_id');
    expect(await indexNames()).not.toContain('note_target');
    expect((await applySchema(t.db)).sort()).toEqual(['investigation_id', 'note_target']);
    expect(await indexNames()).toEqual(expect.arrayContaining(['note_target', 'investigation_id']));
    expect(await applySchema(t.db)).toEqual([]);
  });

  it('rebuilds a names index made before identifiers were searchable', async () => {
    await t.db.autoCommit('DROP INDEX entity_names');
    await t.db.autoCommit(
      'CREATE FULLTEXT INDEX entity_names FOR (n:Entity) ON EACH [n.name, n.aliases]',
    );
    expect(await applySchema(t.db)).toEqual(['entity_names']);
    const props = await t.db.autoCommit(
      "SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = 'entity_names' RETURN properties",
    );
    expect(props.records[0].get('properties')).toEqual(['name', 'aliases', 'identifiers']);
  });
});

import { seedGraph } from '../seed/data';
import { parseGraphml, toGraphml } from '../server/ingest/graphml';
import { detectFormat, readImport } from '../server/ingest/import-service';
import { InputError } from '../server/ingest/parse';
import { previewImport } from '../server/ingest/preview';
import type { GraphRecords } from '../server/model/records';

/** The records as JSON would carry them: no undefined fields. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

const APOC_STYLE = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="labels" for="node" attr.name="labels" attr.type="string"/>
<key id="name" for="node" attr.name="name" attr.type="string"/>
<key id="country" for="node" attr.name="country" attr.type="string"><default>gb</default></key>
<key id="stake" for="edge" attr.name="stake" attr.type="double"/>
<graph id="G" edgedefault="directed">
<node id="ftm:a" labels=":Organization:Entity"><data key="labels">:Organization:Entity</data><data key="name">Alpha Holdings</data></node>
<node id="ftm:b" labels=":Person:Entity"><data key="labels">:Person:Entity</data><data key="name">Бета Иванова</data><data key="country">ua</data></node>
<edge id="ftm:e1" source="ftm:b" target="ftm:a" label="OWNS"><data key="stake">0.3</data></edge>
</graph>
</graphml>
`;

describe('GraphML import and export', () => {
  it('writes the seed graph as GraphML that reads back to the same canonical records', () => {
    const text = toGraphml(seedGraph);
    const { values, rejected } = parseGraphml(text);
    expect(rejected).toEqual([]);
    const expected = [...seedGraph.entities, ...seedGraph.relationships].map(plain);
    expect(values.map((v) => v.value)).toEqual(expected);
    // Every value sits on its element's own line, for reports.
    const lines = text.split('\n');
    for (const v of values) {
      const id = (v.value as { id: string }).id.replace(/>/g, '&gt;');
      expect(lines[v.line - 1]).toContain(`id="${id}"`);
    }
  });

  it('keeps lists, numbers, booleans, line ends and facts that share a field name apart on the way back', () => {
    const g: GraphRecords = {
      entities: [
        {
          id: 'csv:x1',
          kind: 'Organization',
          name: 'X & <Y> "Z"',
          description: 'Line one,\r\nline two\n\tindented.',
          aliases: ['Икс', 'X; Y'],
          identifiers: ['GB-COH:123'],
          facts: { name: 'a fact called name', employees: 12, listed: true, revenue: 1.5 },
        },
        {
          id: 'csv:x2',
          kind: 'Person',
          name: 'Ann',
          description: 'A person.',
          facts: { employees: 0.5 },
        },
      ],
      relationships: [
        {
          id: 'csv:r1',
          type: 'OWNS',
          from: 'csv:x2',
          to: 'csv:x1',
          stakeMin: 0.25,
          stakeMax: 0.5,
          stakeMinExclusive: true,
          components: ['csv:r0'],
          since: '2020-01-01',
          source: 'source:register',
          evidence: 'Register entry 12.',
          confidence: 0.9,
        },
      ],
    };
    const text = toGraphml(g);
    expect(text).toContain('attr.name="fact:name"');
    expect(text).toContain('attr.name="employees" attr.type="double"');
    expect(text).toContain('attr.name="aliases" attr.type="string" ege:json="true"');
    const { values, rejected } = parseGraphml(text);
    expect(rejected).toEqual([]);
    expect(values.map((v) => v.value)).toEqual([...g.entities, ...g.relationships].map(plain));
  });

  it('reads GraphML from other tools: kinds from APOC labels, types from edge labels, key defaults', async () => {
    expect(detectFormat(APOC_STYLE)).toBe('graphml');
    const read = await readImport(Buffer.from(APOC_STYLE), { dataset: 'apoc' });
    expect(read.format).toBe('graphml');
    expect(read.result.rejected).toEqual([]);
    expect(read.records).toBe(3);
    expect(read.result.entities.map((e) => e.record)).toEqual([
      {
        id: 'ftm:a',
        kind: 'Organization',
        name: 'Alpha Holdings',
        description: '',
        facts: { country: 'gb' },
        dataset: 'apoc',
      },
      {
        id: 'ftm:b',
        kind: 'Person',
        name: 'Бета Иванова',
        description: '',
        facts: { country: 'ua' },
        dataset: 'apoc',
      },
    ]);
    expect(read.result.relationships.map((r) => r.record)).toEqual([
      expect.objectContaining({
        id: 'ftm:e1',
        type: 'OWNS',
        from: 'ftm:b',
        to: 'ftm:a',
        stake: 0.3,
        dataset: 'apoc',
        source: 'source:apoc',
        evidence: 'Edge ftm:e1 of the GraphML file.',
        confidence: 1,
      }),
    ]);
  });

  it('stops at XML that is not well-formed or not GraphML, naming the line, and never expands DTD entities', () => {
    const broken = APOC_STYLE.replace('</node>\n<edge', '</nod>\n<edge');
    let err: unknown;
    try {
      parseGraphml(broken);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('BAD_XML');
    expect((err as InputError).line).toBe(9);
    expect(() => parseGraphml('<svg xmlns="http://www.w3.org/2000/svg"/>')).toThrow(
      /not <graphml>/,
    );
    // Entities declared in a DTD are never expanded (no "billion laughs"): the import stops.
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY a "hahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="n" for="node" attr.name="name"/>
<graph><node id="csv:x"><data key="n">&b;</data></node></graph></graphml>`;
    expect(() => parseGraphml(laughs)).toThrow(InputError);
  });

  it('rejects, each with its line, a node without a kind, an edge without a type, an undeclared key, a bad number and a hyperedge', async () => {
    const text = `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="n" for="node" attr.name="name" attr.type="string"/>
<key id="k" for="node" attr.name="kind" attr.type="string"/>
<key id="s" for="edge" attr.name="stake" attr.type="double"/>
<graph edgedefault="directed">
<node id="csv:ok"><data key="k">Organization</data><data key="n">Fine Ltd</data></node>
<node id="csv:nokind"><data key="n">No Kind</data></node>
<node id="csv:undeclared"><data key="k">Person</data><data key="zz">?</data></node>
<edge id="csv:e1" source="csv:ok" target="csv:ok"><data key="s">0.2</data></edge>
<edge id="csv:e2" source="csv:ok" target="csv:ok" label="OWNS"><data key="s">half</data></edge>
<hyperedge id="h1"><endpoint node="csv:ok"/></hyperedge>
</graph>
</graphml>`;
    const read = await readImport(Buffer.from(text), { dataset: 'bad' });
    expect(read.result.entities.map((e) => e.record.id)).toEqual(['csv:ok']);
    expect(read.result.relationships).toEqual([]);
    const byLine = read.result.rejected.map((r) => [r.line, r.record, r.code, r.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [7, 'csv:nokind', 'INVALID_RECORD', expect.stringContaining('node has no kind')],
        [8, 'csv:undeclared', 'INVALID_RECORD', expect.stringContaining('undeclared key "zz"')],
        [9, 'csv:e1', 'INVALID_RECORD', expect.stringContaining('edge has no type')],
        [10, 'csv:e2', 'INVALID_RECORD', expect.stringContaining('stake is not a number')],
        [11, 'h1', 'UNSUPPORTED', expect.stringContaining('hyperedge')],
      ]),
    );
    expect(read.result.rejected).toHaveLength(5);
  });

  it('previews the head of a GraphML file cut mid-element: its first nodes and edges', () => {
    const text = toGraphml(seedGraph);
    const head = Buffer.from(text.slice(0, Math.floor(text.length * 0.9)));
    const preview = previewImport(head);
    expect(preview.format).toBe('graphml');
    expect(preview.records.length).toBeGreaterThan(5);
    expect(preview.records[0]).toEqual(
      expect.objectContaining({ id: seedGraph.entities[0].id, name: seedGraph.entities[0].name }),
    );
  });
});

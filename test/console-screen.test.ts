import { decodeUnicodeEscapes, screenQuery, tokenize } from '../server/console/screen';

/** Pure: the lexical pre-screen on its own, no database. */
const code = (q: string) => screenQuery(q)?.code ?? null;

describe('console screen: allowed queries (keywords in strings, comments, names)', () => {
  it.each([
    "RETURN 'CREATE (n)'",
    'RETURN "MERGE (n) SET n.x = 1; DELETE n"',
    'MATCH (n) // DELETE n',
    'MATCH (n) /* DETACH DELETE n; CREATE (m) */ RETURN n',
    'MATCH (n:Organization) RETURN n.name, n.create, n.set, n.delete LIMIT 5',
    'MATCH (n) WHERE n.name = $name RETURN n { .name, .id }',
    'MATCH (a)-[r:OWNS]->(b) RETURN a, r, b',
    'MATCH p = (:Organization)-[*1..3]->() RETURN p LIMIT 5',
    'RETURN 1 AS x;',
    'RETURN 1 AS x; // trailing comment',
    'RETURN 1 AS x;   \n  ',
    "RETURN date.truncate('month', date()) AS d, duration.between(date(), date()) AS dur",
    'RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d',
    'RETURN vector.similarity.cosine([1.0, 2.0], [2.0, 1.0]) AS s',
    'RETURN datetime.fromepoch(0, 0) AS t, localdatetime.realtime() IS NOT NULL AS ok',
    'CALL db.labels() YIELD label RETURN label',
    'CALL db.relationshipTypes()',
    'CALL db.propertyKeys()',
    'CALL db.schema.visualization()',
    "CALL db.index.fulltext.queryNodes('entityNames', 'scale') YIELD node RETURN node",
    'CALL { MATCH (n) RETURN count(n) AS c } RETURN c',
    'MATCH (n) CALL (n) { RETURN n.id AS id } RETURN id',
    'WITH 1 AS use RETURN use',
    'MATCH (set) RETURN set',
    'WITH {create: 1, delete: 2, `load`: 3} AS m RETURN m.create',
    'RETURN \'it\\\'s CREATE\' AS s, "say \\"DELETE\\"" AS t',
    'RETURN `CREATE` AS x',
    "MATCH (n) WHERE n.name STARTS WITH 'LOAD CSV' RETURN n",
    'MATCH (n) RETURN n // \\\\u000a CREATE (m)',
    'UNWIND range(1, 10) AS x RETURN x',
    'MATCH (n) RETURN count { (n)-->() } AS deg',
    'MATCH (n) WHERE exists { (n)-[:OWNS]->() } RETURN n',
    'RETURN db.nameFromElementId("4:x:1") AS name',
    'RETURN toUpper("use system") AS s',
    'MATCH (n) RETURN n.start, n.stop, n.show',
    'MATCH (:Person)-[:CEO_OF]->(o) RETURN o.name ORDER BY o.name DESC',
    'RETURN "日本語 CREATE" AS s, 1 AS `列`',
  ])('allows %s', (q) => {
    expect(screenQuery(q)).toBeNull();
  });
});

describe('console screen: refusals', () => {
  it.each([
    ['RETURN 1; RETURN 2', 'MULTIPLE_STATEMENTS'],
    ['MATCH (n) RETURN n;CREATE (m)', 'MULTIPLE_STATEMENTS'],
    ['RETURN 1; /* c */ MATCH (n) RETURN n', 'MULTIPLE_STATEMENTS'],
    ["RETURN ';' AS a; RETURN 2", 'MULTIPLE_STATEMENTS'],
    ['EXPLAIN MATCH (n) RETURN n', 'QUERY_OPTIONS_FORBIDDEN'],
    ['PROFILE MATCH (n) RETURN n', 'QUERY_OPTIONS_FORBIDDEN'],
    ['CYPHER runtime=slotted MATCH (n) RETURN n', 'QUERY_OPTIONS_FORBIDDEN'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", 'LOAD_CSV_FORBIDDEN'],
    ["load   csv WITH HEADERS FROM 'http://x' AS l RETURN l", 'LOAD_CSV_FORBIDDEN'],
    ["LOAD/* x */CSV FROM 'http://x' AS l RETURN l", 'LOAD_CSV_FORBIDDEN'],
    ['USE system SHOW USERS', 'USE_FORBIDDEN'],
    ['use neo4j MATCH (n) RETURN n', 'USE_FORBIDDEN'],
    ['CALL { USE system RETURN 1 AS x } RETURN x', 'USE_FORBIDDEN'],
    ['SHOW USERS', 'ADMIN_FORBIDDEN'],
    ['SHOW TRANSACTIONS', 'ADMIN_FORBIDDEN'],
    ['show procedures yield name RETURN name', 'ADMIN_FORBIDDEN'],
    ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 'ADMIN_FORBIDDEN'],
    ["CREATE USER eve SET PASSWORD 'secret-secret'", 'ADMIN_FORBIDDEN'],
    ["ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'", 'ADMIN_FORBIDDEN'],
    ['CREATE OR REPLACE DATABASE foo', 'ADMIN_FORBIDDEN'],
    ['DROP DATABASE neo4j', 'ADMIN_FORBIDDEN'],
    ['STOP DATABASE neo4j', 'ADMIN_FORBIDDEN'],
    ['GRANT ROLE admin TO eve', 'ADMIN_FORBIDDEN'],
    ['DENY MATCH {*} ON GRAPH * TO reader', 'ADMIN_FORBIDDEN'],
    ['REVOKE ROLE admin FROM eve', 'ADMIN_FORBIDDEN'],
    ['CREATE INDEX foo FOR (n:X) ON (n.y)', 'SCHEMA_FORBIDDEN'],
    ['CREATE TEXT INDEX foo IF NOT EXISTS FOR (n:X) ON (n.y)', 'SCHEMA_FORBIDDEN'],
    ['DROP CONSTRAINT foo', 'SCHEMA_FORBIDDEN'],
    ['CREATE (n)', 'WRITE_FORBIDDEN'],
    ['create (n:X {a: 1})', 'WRITE_FORBIDDEN'],
    ['MATCH (n) SET n.x = 1', 'WRITE_FORBIDDEN'],
    ['MATCH (n) DETACH DELETE n', 'WRITE_FORBIDDEN'],
    ['MATCH (n) REMOVE n:Entity', 'WRITE_FORBIDDEN'],
    ['MERGE (n:X {id: 1})', 'WRITE_FORBIDDEN'],
    ['FOREACH (x IN [1] | CREATE (n))', 'WRITE_FORBIDDEN'],
    ['MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS', 'WRITE_FORBIDDEN'],
    [
      'MATCH (n) CALL (n) { RETURN n.x AS x } IN TRANSACTIONS OF 10 ROWS RETURN x',
      'WRITE_FORBIDDEN',
    ],
    ['CALL dbms.components()', 'PROCEDURE_FORBIDDEN'],
    ['CALL dbms.listConfig()', 'PROCEDURE_FORBIDDEN'],
    ['CALL db.clearQueryCaches()', 'PROCEDURE_FORBIDDEN'],
    ["CALL db.createLabel('X')", 'PROCEDURE_FORBIDDEN'],
    ['CALL apoc.help("x")', 'PROCEDURE_FORBIDDEN'],
    ['CALL `dbms`.`listConfig`()', 'PROCEDURE_FORBIDDEN'],
    ['CALL db . createProperty("x")', 'PROCEDURE_FORBIDDEN'],
    ['OPTIONAL CALL dbms.killQuery("x")', 'PROCEDURE_FORBIDDEN'],
    ['RETURN apoc.text.join(["a"], ",") AS s', 'FUNCTION_FORBIDDEN'],
    ['RETURN gds.version() AS v', 'FUNCTION_FORBIDDEN'],
    ['RETURN graph.names() AS g', 'FUNCTION_FORBIDDEN'],
    ['RETURN custom.fn(1) AS x', 'FUNCTION_FORBIDDEN'],
    ['RETURN `apoc`.`version`() AS v', 'FUNCTION_FORBIDDEN'],
    // Unicode escapes are decoded before lexing, as Neo4j does.
    ['MATCH (n) // \\u000a CREATE (m)', 'WRITE_FORBIDDEN'],
    ['MATCH (n) // \\u000d DETACH DELETE n', 'WRITE_FORBIDDEN'],
    ['RETURN 1 AS x /* \\u002a/ CREATE (m) /* */', 'WRITE_FORBIDDEN'],
    ["RETURN 'a\\u0027 AS s CREATE (m) //'", 'WRITE_FORBIDDEN'],
    ['MATCH (n) \\u0043REATE (m)', 'WRITE_FORBIDDEN'],
    ['RETURN 1 AS x // \\\\\\u000a CREATE (m)', 'WRITE_FORBIDDEN'],
    ['RETURN 1 \\u003b RETURN 2', 'MULTIPLE_STATEMENTS'],
    // Unusual separators still separate words.
    ['CREATE\u00a0(n)', 'WRITE_FORBIDDEN'],
    ['CREATE\u3000(n)', 'WRITE_FORBIDDEN'],
    ['SHOW\u0085TRANSACTIONS', 'ADMIN_FORBIDDEN'],
    ['TERMINATE\u200bTRANSACTIONS "x"', 'ADMIN_FORBIDDEN'],
    ['MATCH (n)\u2028CREATE (m)', 'WRITE_FORBIDDEN'],
    ['MATCH (n) //x\u2028CREATE (m)', 'WRITE_FORBIDDEN'],
  ])('refuses %j with %s', (q, expected) => {
    expect(code(q)).toBe(expected);
  });
});

describe('console screen: lexer', () => {
  it('decodes \\uXXXX with Java backslash parity and leaves escaped backslashes alone', () => {
    expect(decodeUnicodeEscapes('\\u0041')).toBe('A');
    expect(decodeUnicodeEscapes('\\\\u0041')).toBe('\\\\u0041');
    expect(decodeUnicodeEscapes('\\\\\\u0041')).toBe('\\\\A');
    expect(decodeUnicodeEscapes('\\u005cu0041')).toBe('\\u0041');
    expect(decodeUnicodeEscapes('\\uu0041')).toBe('\\uu0041');
    expect(decodeUnicodeEscapes('\\U0041')).toBe('\\U0041');
  });

  it('drops comments and strings, keeps backticked names as quoted identifiers', () => {
    const toks = tokenize("MATCH (n) // c\nWHERE n.`a``b` = 'x\\'y' /* z */ RETURN n");
    expect(toks.map((t) => (t.kind === 'string' ? '<s>' : t.text))).toEqual([
      'MATCH',
      '(',
      'n',
      ')',
      'WHERE',
      'n',
      '.',
      'a`b',
      '=',
      '<s>',
      'RETURN',
      'n',
    ]);
    expect(toks.find((t) => t.text === 'a`b')?.kind).toBe('quoted');
  });

  it('answers unterminated strings, names and comments with a syntax error', () => {
    for (const q of [
      "RETURN 'abc CREATE (n)",
      'RETURN 1 /* CREATE (n)',
      'RETURN `abc',
      "RETURN 'a\\'",
    ]) {
      expect(screenQuery(q)).toMatchObject({ status: 400, code: 'CYPHER_SYNTAX_ERROR' });
    }
  });
});

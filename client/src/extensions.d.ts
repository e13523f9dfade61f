declare module 'cytoscape-fcose' {
  const extension: cytoscape.Ext;
  export default extension;
}
declare module 'cytoscape-dagre' {
  const extension: cytoscape.Ext;
  export default extension;
}
declare module '@neo4j-cypher/codemirror' {
  // The package ships its types at src/codemirror.d.ts but its "exports" map hides them from
  // bundler resolution; re-export them from there.
  export * from '@neo4j-cypher/codemirror/src/codemirror.d.ts';
}

import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { getJson, type GraphPayload } from './api';
import { toElements } from './elements';
import { graphStyle } from './style';
import './styles.css';

cytoscape.use(fcose);

declare global {
  interface Window {
    cy?: cytoscape.Core;
  }
}

async function start(): Promise<void> {
  const status = document.getElementById('status')!;
  const cy = cytoscape({
    container: document.getElementById('cy'),
    style: graphStyle,
    wheelSensitivity: 0.3,
  });
  window.cy = cy;
  status.textContent = 'Loading…';
  try {
    const graph = await getJson<GraphPayload>('/api/graph');
    cy.add(toElements(graph));
    cy.layout({
      name: 'fcose',
      animate: false,
      nodeRepulsion: 9000,
      idealEdgeLength: 110,
    } as cytoscape.LayoutOptions).run();
    status.textContent = `${graph.nodes.length} entities, ${graph.edges.length} relationships${graph.truncated ? ' (overview)' : ''}`;
  } catch (err) {
    status.textContent = `Could not load the graph: ${(err as Error).message}`;
  }
}

void start();

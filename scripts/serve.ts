import { seedGraph } from '../seed/data';
import { main } from '../server/main';

/**
 * The server's composition root: the article's graph (seed/) is handed to the server here, so
 * nothing in server/ imports seed/. `npm start` runs the compiled copy (scripts/start.js).
 */
main({ seed: seedGraph }).catch((err: Error) => {
  process.stderr.write(`Entity Graph Explorer could not start: ${err.message}\n`);
  process.exit(1);
});

/**
 * A write loop for test/edit-reliability.test.ts, run as its own process so the test can kill -9
 * it in the middle of a write: creates, edits, links and retracts entities through EditService
 * (the API's own write path), printing one line per committed write.
 */
import { QueryStore } from '../../server/cypher';
import { createDriver } from '../../server/db/driver';
import { Db } from '../../server/db/db';
import { EditService, type Provenance } from '../../server/services/edit-service';

const prefix = process.argv[2] ?? 'run';
const prov: Provenance = {
  user: 'reliability',
  source: 'source:scale-ai-layoffs-article-2025-07',
  evidence: 'reliability loop',
  confidence: 0.5,
};

async function main(): Promise<void> {
  const driver = createDriver({
    uri: process.env.TEST_DB_URI!,
    user: process.env.TEST_DB_USER!,
    password: process.env.TEST_DB_PASSWORD!,
  });
  const edits = new EditService(
    new Db(driver, new QueryStore(), process.env.TEST_DB_DATABASE || undefined),
  );
  const done = (what: string) => process.stdout.write(`${what}\n`);
  let prev: string | undefined;
  for (let i = 0; ; i++) {
    const e = await edits.createEntity(
      { kind: 'Organization', name: `Reliability ${prefix} ${i}` },
      prov,
    );
    done('create');
    const id = e.entity.id;
    await edits.updateEntity(id, 1, { description: `step ${i}`, properties: { step: i } }, prov);
    done('update');
    if (prev) {
      const r = await edits.createRelationship(
        { type: 'OWNS', from: prev, to: id, stake: 0.5 },
        prov,
      );
      done('link');
      await edits.updateRelationship(r.relationship.id, 1, { stakeMin: 0.4, stakeMax: 0.6 }, prov);
      done('relink');
    }
    if (i % 3 === 2) {
      await edits.retractEntity(id, 2, prov);
      done('retract');
      prev = undefined;
    } else prev = id;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});

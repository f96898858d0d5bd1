// Consumer check (a): plain JavaScript, installed from the packed tarballs. Declares a space, runs
// 50 trials of regularized evolution into a SQLite file and prints the best trial decoded.
import { DNA, dnaSpec, floatValue, format, materialize, oneOf, symbolic, t } from '@tsglove/symbolic';
import { sample, regularizedEvolution, openStorage } from '@tsglove/search';

class Layer extends symbolic('consumer.Layer', {
  width: t.int({ min: 1 }),
  act: t.enum(['relu', 'swish']),
  dropout: t.float({ min: 0, max: 1 }),
}) {}

const space = new Layer({ width: oneOf([16, 32, 64, 128]), act: oneOf(['relu', 'swish']), dropout: floatValue(0, 0.5) });
const score = (l) => Math.log2(l.width) / 7 + (l.act === 'swish' ? 0.1 : 0) - Math.abs(l.dropout - 0.2);

const url = `sqlite:${process.argv[2] ?? './consumer.db'}`;
const study = await sample(space, regularizedEvolution({ populationSize: 10, tournamentSize: 3, seed: 1 }), {
  numExamples: 50,
  storage: url,
  name: 'consumer',
}).run((layer) => score(layer));

const storage = await openStorage(url);
const trials = await storage.listTrials('consumer');
await storage.close();
const best = study.best;
const record = trials.find((x) => x.id === best.id);
console.log(`trials ${trials.length} completed ${trials.filter((x) => x.status === 'completed').length}`);
console.log(`best trial ${best.id} reward ${best.reward.toFixed(4)}`);
console.log(`best example ${format(materialize(space, DNA.fromJSON(record.dna, dnaSpec(space))))}`);

// pg is an optional peer: without it a postgres:// URL names the install command.
try {
  await openStorage('postgres://nobody@127.0.0.1:1/none');
  console.log('postgres: opened?');
} catch (error) {
  console.log(`postgres: ${error.message}`);
}

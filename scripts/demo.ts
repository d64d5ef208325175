/**
 * `npm run demo` (until the guard on the note screen lands): decides every example note context in
 * rules/contexts/ against the default pack and the example directory, and explains each decision.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../src/policy/decide';
import { explainDecision } from '../src/policy/explain';

const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

async function main(): Promise<void> {
  const pack = read('rules/packs/webpt-default.json');
  const directory = read('rules/directory.example.json');
  const dir = 'rules/contexts';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const decision = await decide(pack, directory, read(join(dir, file)));
    console.log(`\n=== ${file} ===\n${explainDecision(decision)}`);
  }
  console.log('\nTry your own: npx finalize-guard decide --pack rules/packs/webpt-default.json --directory rules/directory.example.json --context <file>');
}

void main();

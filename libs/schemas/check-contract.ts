/**
 * `npm run schemas:check`: compares the contract a registry's event classes generate now with the
 * published one committed in its baseline folder (libs/orders/contract-baseline/ for the order
 * registry; `--registry`, `--baseline` for an app's own, see contract-target.ts), and fails on
 * every change that breaks consumers (BACKWARD mode: see docs/events.md#schema-evolution). After
 * a release, `npm run schemas:check -- --accept` makes the current contract the new baseline.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContractFiles } from './src/contract/contract-files';
import { contractBreakingChanges } from './src/contract/contract-check';
import { ContractTarget, contractTarget } from './contract-target';

let target: ContractTarget;
try {
  target = contractTarget(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`schemas:check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const baselineDir = join(target.baselineDir, 'json-schema');
const current = new Map([...renderContractFiles(target.registry, { version: target.version })].filter(([path]) => path.startsWith('json-schema/')));

if (process.argv.includes('--accept')) {
  rmSync(baselineDir, { recursive: true, force: true });
  mkdirSync(baselineDir, { recursive: true });
  for (const [path, content] of current) writeFileSync(join(baselineDir, path.slice('json-schema/'.length)), content);
  process.stdout.write(`baseline: ${current.size} event schemas accepted\n`);
  process.exit(0);
}

if (!existsSync(baselineDir)) {
  process.stderr.write(`schemas:check: no baseline at ${baselineDir}; publish one with --accept\n`);
  process.exit(2);
}
const baseline = new Map(readdirSync(baselineDir).map((name) => [`json-schema/${name}`, readFileSync(join(baselineDir, name), 'utf8')]));
const changes = contractBreakingChanges(baseline, current);
const added = [...current.keys()].filter((path) => !baseline.has(path));
for (const path of added) process.stdout.write(`new event type: ${path.slice('json-schema/'.length, -'.json'.length)}\n`);
if (changes.length === 0) {
  process.stdout.write(`contract compatible with the baseline (${baseline.size} event types checked, BACKWARD mode)\n`);
  process.exit(0);
}
process.stderr.write(`${changes.length} change(s) break consumers of events already published:\n`);
for (const change of changes) process.stderr.write(`  ${change.path}: ${change.change}\n`);
process.stderr.write('Publish the change as a new event type version (e.g. order.placed.v3) with an upcaster instead.\n');
process.exit(1);

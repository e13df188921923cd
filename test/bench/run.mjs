#!/usr/bin/env node
// `npm run bench -- [--json FILE] [--filter NAME]`: runs the benchmarks (test/bench/*.bench.test.ts) through
// vitest, each writing its figures to a scratch folder, then merges them into one flat JSON object.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { json: { type: 'string' }, filter: { type: 'string' } } });
const scratch = mkdtempSync(join(tmpdir(), 'pairwise-bench-'));
const args = ['vitest', 'run', '--config', 'test/bench/vitest.config.ts'];
if (values.filter) args.push(values.filter);
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PAIRWISE_BENCH_OUT: scratch } });

const results = {};
for (const file of readdirSync(scratch).sort()) Object.assign(results, JSON.parse(readFileSync(join(scratch, file), 'utf8')));
rmSync(scratch, { recursive: true, force: true });

console.log('\nBenchmark results:');
for (const [key, value] of Object.entries(results)) console.log(`  ${key.padEnd(28)} ${value}`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to ${values.json}`);
}
process.exit(run.status ?? 1);

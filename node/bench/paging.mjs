// Paging through contacts: the SDK beside `fetch` and `undici.request`, each
// one page at a time and one page ahead, all reading the same members of
// every contact, in one run. Not a test: run by `just bench-node` (release
// build); CI runs `--smoke`.
//
//   node bench/paging.mjs [--contacts N] [--rounds N] [--smoke]
//
// The contacts come from the bench server (crates/reply-client/examples/
// bench_server.rs, $BENCH_SERVER_BIN or the release/debug build), written on
// the fly. Work: "named" reads seven members of each contact, "full" visits
// every member. Rounds are interleaved (every side once per round, the order
// rotated) so a busy spell of the machine falls on all of them; times are
// min / median / max over the rounds, and each ratio is a baseline's median
// over the SDK's, its spread the same ratio taken round by round.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { WALKS } from './walks.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const SMOKE = process.argv.includes('--smoke');
const CONTACTS = SMOKE ? 5_000 : arg('--contacts', 100_000);
const ROUNDS = SMOKE ? 1 : arg('--rounds', 5);
const PAGE = 1000;

function serverBinary() {
  if (process.env.BENCH_SERVER_BIN) return process.env.BENCH_SERVER_BIN;
  for (const profile of ['release', 'debug']) {
    const file = path.join(ROOT, 'target/x86_64-unknown-linux-gnu', profile, 'examples/bench_server');
    if (fs.existsSync(file)) return file;
  }
  throw new Error('build it first: cargo build --release -p reply-client --example bench_server');
}

async function startServer() {
  const binary = serverBinary();
  const child = spawn(binary, ['--contacts', String(CONTACTS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(readline.createInterface({ input: child.stdout }), 'line');
  if (!line.startsWith('listening on ')) throw new Error(`the bench server did not start: ${line}`);
  return { url: line.slice('listening on '.length), profile: path.basename(path.dirname(path.dirname(binary))), child };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const spread = (v, digits = 0) => [Math.min(...v), median(v), Math.max(...v)].map((x) => x.toFixed(digits)).join(' / ');

async function run(kind, url) {
  const sides = Object.entries(WALKS[kind]);
  // One untimed walk each: JIT, connections, module loading; and the sides must agree.
  const answers = new Set();
  for (const [, walk] of sides) answers.add(await walk(url, PAGE));
  if (answers.size !== 1) throw new Error(`the sides read different data: ${[...answers]}`);
  const ms = Object.fromEntries(sides.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)];
    for (const [name, walk] of order) {
      const started = process.hrtime.bigint();
      await walk(url, PAGE);
      ms[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  console.log(`${kind} members, ${CONTACTS} contacts, ${PAGE} per page, ${ROUNDS} interleaved rounds; wall ms min / median / max:`);
  for (const [name] of sides) {
    console.log(`  ${name.padEnd(25)} ${spread(ms[name])}  (${((CONTACTS / median(ms[name])) * 1000).toFixed(0)} contacts/s)`);
  }
  const baselines = sides.map(([name]) => name).filter((n) => n !== 'reply-sdk');
  const best = baselines.reduce((a, b) => (median(ms[a]) <= median(ms[b]) ? a : b));
  const sdk = ms['reply-sdk'];
  console.log(`  ratio (${kind}): reply-sdk is ${(median(ms[best]) / median(sdk)).toFixed(2)}x the best baseline (${best}); per round ${spread(sdk.map((s, r) => Math.min(...baselines.map((b) => ms[b][r])) / s), 2)}`);
  console.log(`  ratio (${kind}): reply-sdk is ${(median(ms['fetch one ahead']) / median(sdk)).toFixed(2)}x fetch one ahead; per round ${spread(sdk.map((s, r) => ms['fetch one ahead'][r] / s), 2)}`);
}

const server = await startServer();
try {
  console.log(`node ${process.version}, bench server ${server.profile} build at ${server.url}`);
  for (const kind of ['named', 'full']) await run(kind, server.url);
} finally {
  server.child.kill();
}

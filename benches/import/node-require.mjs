// What `require(module)` costs a fresh Node process: wall time of the require
// and the growth of the resident set, each round in a new process; prints the
// best and the median of the rounds. For reply-sdk it also measures the
// require with a first client and one resource (what loads on first use).
//   node benches/import/node-require.mjs [--rounds N] MODULE_PATH...
// e.g. node benches/import/node-require.mjs --rounds 15 node /tmp/peers/node_modules/openai
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let rounds = 15;
if (args[0] === '--rounds') {
  rounds = Number(args[1]);
  args.splice(0, 2);
}

// The first require of a module pays for reading, compiling and running it.
const PROBE = `
  const before = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const sdk = require(process.argv[1]);
  if (process.argv[2] === 'first-use') void new sdk.ReplyClient({ apiKey: 'k' }).contacts;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ ms, mib: (process.memoryUsage().rss - before) / 2 ** 20 }));
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function measure(label, target, mode) {
  const runs = Array.from({ length: rounds }, () =>
    JSON.parse(execFileSync(process.execPath, ['-e', PROBE, target, mode], { encoding: 'utf8' })),
  );
  const ms = runs.map((r) => r.ms);
  const mib = runs.map((r) => r.mib);
  console.log(
    `${label.padEnd(48)} best ${Math.min(...ms).toFixed(1).padStart(6)} ms, median ${median(ms).toFixed(1).padStart(6)} ms;` +
      ` RSS +${Math.min(...mib).toFixed(1)} MiB best, +${median(mib).toFixed(1)} MiB median (${rounds} rounds)`,
  );
}

for (const module of args) {
  const target = path.resolve(module);
  measure(module, target, 'require');
  const isReplySdk = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8')).name === 'reply-sdk';
  if (isReplySdk) measure(`${module} + first client`, target, 'first-use');
}

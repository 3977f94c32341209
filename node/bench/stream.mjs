// One walk over every contact of the bench server, reading the seven named
// members, by one side; prints `checksum seconds`. The memory bench
// (benches/memory.py) runs it as a process of its own and reads its peak RSS.
//
//   node bench/stream.mjs URL 'reply-sdk'|fetch|'fetch one ahead'|'undici.request'|... [page size]

import { WALKS } from './walks.mjs';

const [url, side, page = '1000'] = process.argv.slice(2);
const walk = WALKS.named[side];
if (!walk) throw new Error(`no side ${side}`);
const started = process.hrtime.bigint();
const checksum = await walk(url, Number(page));
console.log(`${checksum} ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)}`);

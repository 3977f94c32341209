'use strict';

// A throwaway `redis-server` on a free loopback port for the shared-quota
// tests: no persistence, stopped afterwards. It comes from Debian's
// `redis-server` package, which ./dev installs; without it the test fails.

const { spawn } = require('node:child_process');

const { accepts, freePort } = require('./mock');

/** Resolves to `{ url, stop }` once redis-server accepts connections. */
async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'timeout',
    ['300', 'redis-server', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const started = Date.now();
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      await stop();
      throw new Error(
        `redis-server did not start on port ${port} (exit ${child.exitCode}); it comes from Debian's redis-server package (./dev installs it)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

module.exports = { startRedis };

'use strict';

// Starts `reply-mock` (built by `cargo build -p reply-mock`) on a free
// loopback port for one test file, and stops it afterwards. The server runs
// under `timeout`, so it also stops by itself if the test process dies.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const BINARY =
  process.env.REPLY_MOCK_BIN ?? path.join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'debug', 'reply-mock');

/** The keys of the mock's default configuration (crates/reply-mock/src/config.rs). */
const KEYS = { personal: 'mock-personal-key', master: 'mock-master-key', organization: 'mock-org-key' };

/** Longest a test's mock may live, in seconds, should nobody stop it. */
const LIFETIME_S = 300;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a mock with `config` (the JSON configuration, only what differs from
 * the defaults) and resolves to `{ url, stop }` once it accepts connections.
 * `lifetimeS` bounds how long it may run.
 */
async function startMock(config = {}, { lifetimeS = LIFETIME_S } = {}) {
  if (!fs.existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: run \`cargo build -p reply-mock\` first`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reply-node-mock-'));
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify({ quiet: true, ...config }));
  const port = await freePort();
  const child = spawn('timeout', [String(lifetimeS), BINARY, '--port', String(port), '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cleanup = () => child.kill('SIGTERM');
  process.once('exit', cleanup);

  const stop = async () => {
    process.removeListener('exit', cleanup);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const started = Date.now();
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() - started > 15_000) {
      await stop();
      throw new Error(`reply-mock did not start on port ${port}: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { url: `http://127.0.0.1:${port}`, port, stop };
}

module.exports = { startMock, freePort, accepts, KEYS, ROOT };

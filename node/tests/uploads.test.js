'use strict';

// Upload operations take a form whose file fields are a path, bytes, or
// either with a file name and content type.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { ConfigError, ReplyClient } = require('..');
const { KEYS, startMock } = require('./support/mock');

let mock;
let dir;
before(async () => {
  mock = await startMock({ limits: { enabled: false } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reply-node-upload-'));
});
after(async () => {
  await mock?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('uploads from a Buffer and from a path reach reply-mock', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
  const file = path.join(dir, 'notes.txt');
  fs.writeFileSync(file, 'meeting notes\n');
  for (const upload of [Buffer.from('%PDF-1.4 bytes'), file, { path: file, filename: 'renamed.txt' }]) {
    const attachment = await client.attachments.upload({ file: upload });
    assert.equal(typeof attachment.id, 'number');
    assert.equal(typeof attachment.fileName, 'string');
  }
});

/** A one-request server that keeps what it was sent and answers like Reply's attachment upload. */
async function capture(fn) {
  let received;
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received = { headers: request.headers, body: Buffer.concat(chunks).toString('latin1') };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 7, fileName: 'x', size: 1 }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new ReplyClient({ apiKey: 'k', baseUrl: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    await fn(client);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return received;
}

test('the form carries the bytes, the file name and the content type', async () => {
  const file = path.join(dir, 'report.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n');
  const fromPath = await capture((client) => client.attachments.upload({ file }));
  assert.match(fromPath.headers['content-type'], /^multipart\/form-data; boundary=/);
  assert.match(fromPath.body, /name="file"; filename="report.csv"\r\nContent-Type: text\/csv\r\n\r\na,b\n1,2\n\r\n/);

  const bytes = Uint8Array.from([0, 1, 2, 255]);
  const fromBytes = await capture((client) =>
    client.attachments.upload({ file: { data: bytes, filename: 'raw.bin', contentType: 'application/x-raw' } }),
  );
  assert.ok(
    fromBytes.body.includes('filename="raw.bin"\r\nContent-Type: application/x-raw\r\n\r\n\x00\x01\x02\xff\r\n'),
  );
});

test('a form without a usable file is refused before sending', async () => {
  const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
  await assert.rejects(client.attachments.upload({ file: 42 }), ConfigError);
  await assert.rejects(client.attachments.upload({ file: path.join(dir, 'missing.pdf') }), /cannot read/);
});

'use strict';

// Every shared scenario under tests/scenarios, through the Node surface.

const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { ReplyClient } = require('..');
const { KEYS, ROOT, startMock } = require('./support/mock');
const { runScenario } = require('./support/scenario');

const DIR = path.join(ROOT, 'tests', 'scenarios');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

let mock;
before(async () => {
  mock = await startMock();
});
after(() => mock?.stop());

test('the scenario directory is not empty', () => {
  if (FILES.length === 0) throw new Error(`no scenarios in ${DIR}`);
});

for (const file of FILES) {
  const scenario = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
  test(`scenario ${scenario.name}`, async () => {
    const client = new ReplyClient({ apiKey: KEYS.personal, baseUrl: mock.url });
    await runScenario(client, scenario, `node-${process.pid}-${Date.now()}`);
  });
}

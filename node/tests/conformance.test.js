'use strict';

// The spec-examples conformance check through the Node surface: every request
// and response example of the spec (under a media type with a schema) decodes
// through the SDK's models and encodes back to equal JSON, with no member left
// unaccounted for. The same rules as crates/reply-core/tests/conformance.rs.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const yaml = require('js-yaml');

const { decodeRequest, decodeResponse, unknownMembersSeen } = require('..');
const { ROOT } = require('./support/mock');

const SPEC = process.env.REPLY_OPENAPI_SPEC ?? path.join(ROOT, '..', 'shared', 'reply-api', 'openapi.yaml');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function examplesOf(media) {
  if (!media || media.schema === undefined) return [];
  const out = [];
  if ('example' in media) out.push(['example', media.example]);
  for (const [name, entry] of Object.entries(media.examples ?? {})) {
    if (entry && 'value' in entry) out.push([name, entry.value]);
  }
  return out;
}

function collect(spec) {
  const out = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id = op.operationId;
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        for (const [name, value] of examplesOf(media)) {
          out.push({ label: `${id} request ${type} ${name} (${method} ${route})`, id, status: null, value });
        }
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(response?.content ?? {})) {
          for (const [name, value] of examplesOf(media)) {
            out.push({ label: `${id} ${status} ${type} ${name}`, id, status: Number(status), value });
          }
        }
      }
    }
  }
  return out;
}

/** JSON equality, key order free (JS numbers already compare by value). */
function same(a, b) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
  }
  return a === b;
}

function check(example) {
  const before = unknownMembersSeen();
  let back;
  try {
    back =
      example.status === null
        ? decodeRequest(example.id, example.value)
        : decodeResponse(example.id, example.status, example.value);
  } catch (error) {
    return `decode failed: ${error.message}`;
  }
  if (back === undefined) return 'no generated type for this body';
  if (unknownMembersSeen() !== before) return 'decoded, but with members the schema does not list';
  if (!same(back, example.value)) {
    return `re-encoded differently:\n  expected ${JSON.stringify(example.value)}\n  got      ${JSON.stringify(back)}`;
  }
  return null;
}

test('every documented example decodes and re-encodes unchanged', () => {
  // The core schema keeps timestamps as strings, as the Rust suite's YAML reader does.
  const spec = yaml.load(fs.readFileSync(SPEC, 'utf8'), { schema: yaml.CORE_SCHEMA });
  const examples = collect(spec);
  const failures = [];
  for (const example of examples) {
    const why = check(example);
    if (why !== null) failures.push(`${example.label}: ${why}`);
  }
  const passed = examples.length - failures.length;
  console.log(`node conformance: ${examples.length} examples checked, ${passed} passed`);
  assert.ok(examples.length > 0, `no examples found in ${SPEC}`);
  assert.deepEqual(failures, []);
});

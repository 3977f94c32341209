'use strict';

// Runs one shared scenario (tests/scenarios/README.md) through the public
// surface: `client[resource][method](...)` with arguments laid out the way the
// generated method takes them, read from the package's OPERATIONS table.

const assert = require('node:assert/strict');

const { OPERATIONS, ReplyError } = require('../..');

const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** Replaces `${name}` with saved values: a whole-string reference keeps the value's JSON type. */
function substitute(value, saved) {
  if (typeof value === 'string') {
    const whole = /^\$\{(\w+)\}$/.exec(value);
    if (whole && whole[1] in saved) return saved[whole[1]];
    return value.replace(/\$\{(\w+)\}/g, (text, name) => (name in saved ? String(saved[name]) : text));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, saved));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]));
  }
  return value;
}

/** The value at a JSON Pointer. */
function pointer(value, path) {
  if (path === '') return value;
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((at, token) => (at === undefined || at === null ? undefined : at[token]), value);
}

const CLASS_BY_KIND = {
  unauthorized: 'UnauthorizedError',
  forbidden: 'ForbiddenError',
  not_found: 'NotFoundError',
  conflict: 'ConflictError',
  validation: 'ValidationError',
  rate_limited: 'RateLimitedError',
  server: 'ServerError',
  api: 'ApiError',
  outcome_unknown: 'OutcomeUnknownError',
  timeout: 'TimeoutError',
  connection: 'ConnectionError',
  decode: 'DecodeError',
  config: 'ConfigError',
};

/** The method's arguments: path parameters in order, then the query object, then the body. */
function argumentsFor(info, args, extraQuery) {
  const { body, ...params } = args;
  const positional = info.pathParams.map((name) => {
    assert.ok(name in params, `${info.id} needs the path parameter ${name}`);
    return params[name];
  });
  const query = { ...extraQuery };
  for (const [name, value] of Object.entries(params)) {
    if (info.pathParams.includes(name)) continue;
    assert.ok(info.queryParams.includes(name), `${info.id} has no parameter ${name}`);
    query[name] = value;
  }
  if (info.queryParams.length > 0) positional.push(query);
  else assert.deepEqual(query, {}, `${info.id} takes no query`);
  if (info.body !== null) positional.push(body);
  else assert.equal(body, undefined, `${info.id} takes no body`);
  return positional;
}

async function runStep(client, step, saved) {
  const [resource, method] = step.call.split('.').map(camel);
  const info = OPERATIONS.find((op) => op.resource === resource && op.method === method);
  assert.ok(info, `no operation ${step.call}`);
  const args = substitute(step.args ?? {}, saved);
  const target = client[resource];
  const extraQuery = step.paginate ? { top: step.paginate.page_size } : {};
  const call = () => target[method](...argumentsFor(info, args, extraQuery));

  if (step.expect_error) {
    const expected = step.expect_error;
    await assert.rejects(call(), (error) => {
      assert.ok(error instanceof ReplyError, `${step.call}: not a ReplyError: ${error}`);
      if (expected.kind) {
        assert.equal(error.kind, expected.kind, `${step.call}: ${error.message}`);
        assert.equal(error.constructor.name, CLASS_BY_KIND[expected.kind]);
      }
      if (expected.status !== undefined) assert.equal(error.status, expected.status);
      if (expected.code !== undefined) assert.equal(error.code, expected.code);
      return true;
    });
    return;
  }

  if (step.paginate) {
    let items = 0;
    let pages = 0;
    for await (const page of call().pages()) {
      pages += 1;
      items += page.items.length;
      assert.ok(page.items.length <= step.paginate.page_size, `${step.call}: a page larger than asked`);
    }
    assert.ok(items >= step.paginate.min_items, `${step.call}: ${items} items, expected >= ${step.paginate.min_items}`);
    assert.ok(pages >= Math.ceil(step.paginate.min_items / step.paginate.page_size), `${step.call}: ${pages} pages`);
    return;
  }

  let result = await call();
  if (info.job) result = result.response;
  for (const [path, expected] of Object.entries(substitute(step.expect ?? {}, saved))) {
    assert.deepEqual(pointer(result, path), expected, `${step.call}: ${path}`);
  }
  for (const [name, path] of Object.entries(step.save ?? {})) {
    const value = pointer(result, path);
    assert.notEqual(value, undefined, `${step.call}: nothing at ${path} to save as ${name}`);
    saved[name] = value;
  }
}

/** Runs every step of `scenario` in order; `run` makes names and emails unique. */
async function runScenario(client, scenario, run) {
  const saved = { run };
  for (const [index, step] of scenario.steps.entries()) {
    try {
      await runStep(client, step, saved);
    } catch (error) {
      error.message = `${scenario.name} step ${index + 1} (${step.call}): ${error.message}`;
      throw error;
    }
  }
}

module.exports = { runScenario };

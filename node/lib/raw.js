'use strict';

// `client.request({ method, path, query, body, headers })`: the escape hatch
// for any path under the API (see `bindings/node/src/raw.rs` and the engine's
// `Client::request`).

const { ConfigError } = require('./errors');

function text(name, value) {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ConfigError(`query parameter \`${name}\` must be a string, number or boolean`, { kind: 'config' });
}

/** Query pairs in order; an array value repeats its name, as the spec's array parameters do. */
function queryPairs(query) {
  const pairs = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, text(name, item)]);
  }
  return pairs;
}

/** The request's call options, its `headers` on top of any in `options.headers`. */
function rawOptions(request) {
  if (request === null || typeof request !== 'object') {
    throw new ConfigError('request takes { method, path, query?, body?, headers?, ...options }', { kind: 'config' });
  }
  const { method, path, query, body, headers, ...options } = request;
  if (typeof method !== 'string' || typeof path !== 'string') {
    throw new ConfigError('request needs a `method` and a `path` string', { kind: 'config' });
  }
  if (headers !== undefined) options.headers = { ...options.headers, ...headers };
  return { method, path, pairs: queryPairs(query), body, options };
}

module.exports = { queryPairs, rawOptions };

'use strict';

// What every generated method calls: it turns JS arguments into the native
// module's (JSON text, option objects, form parts) and native answers and
// failures back into JS values and SDK errors.

const { NativeClient } = require('../native.js');
const { ConfigError, native, nativeSync } = require('./errors');
const { Job } = require('./jobs');
const { nativeLogger } = require('./logging');
const { PagePromise } = require('./pages');

const CLIENT_OPTIONS = new Set([
  'apiKey',
  'baseUrl',
  'teamId',
  'actingUser',
  'timeoutMs',
  'deadlineMs',
  'maxRetries',
  'quota',
  'userAgent',
  'onLog',
]);
const REQUEST_OPTIONS = new Set(['timeoutMs', 'deadlineMs', 'maxRetries', 'actingUser', 'teamId', 'headers']);

function checkKeys(what, options, known) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new ConfigError(`${what} must be an object`, { kind: 'config' });
  for (const name of Object.keys(options)) {
    if (!known.has(name)) {
      throw new ConfigError(`unknown ${what} \`${name}\` (known: ${[...known].join(', ')})`, { kind: 'config' });
    }
  }
  return options;
}

function nativeClientOptions(options) {
  const { quota, onLog: _onLog, ...rest } = checkKeys('client option', options, CLIENT_OPTIONS);
  const out = { ...rest };
  if (quota === false) out.quotaEnabled = false;
  else if (quota !== undefined) out.quota = quota;
  return out;
}

function callOptions(options) {
  return options === undefined ? undefined : checkKeys('request option', options, REQUEST_OPTIONS);
}

/** A success answer as the JS value the method promises. */
function decode(response) {
  if (response.raw !== undefined && response.raw !== null) return response.raw;
  if (response.status >= 300 && response.status < 400) return { location: response.headers.location };
  const value = JSON.parse(response.body);
  return value === null ? undefined : value;
}

class Runtime {
  #native;

  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  static create(options) {
    return new Runtime(nativeSync(() => new NativeClient(nativeClientOptions(options), nativeLogger(options?.onLog))));
  }

  static fromEnv(options) {
    return new Runtime(
      nativeSync(() => NativeClient.fromEnv(nativeClientOptions(options), nativeLogger(options?.onLog))),
    );
  }

  get baseUrl() {
    return this.#native.baseUrl;
  }

  quota() {
    return this.#native.quota();
  }

  // Async, so that bad input rejects the returned promise rather than throwing.
  async #send(operation, params, body, options) {
    const args = [operation, JSON.stringify(params), toNative(body), callOptions(options)];
    return native(this.#native.call(...args));
  }

  async call(operation, params, body, options) {
    return decode(await this.#send(operation, params, body, options));
  }

  page(operation, params, body, options) {
    return new PagePromise(this, operation, params, body, options);
  }

  /** The native pager over every page. */
  pager(operation, params, body, options) {
    return nativeSync(() =>
      this.#native.paginate(operation, JSON.stringify(params), toNative(body)?.json, callOptions(options)),
    );
  }

  async job(operation, params, body, options) {
    const response = await this.#send(operation, params, body, options);
    // The native side found the job's id (it fails the call when the answer names none).
    // The job is followed with the options that started it: Reply shows a
    // job only to the acting user and team that started it.
    return new Job(this, response.jobId, decode(response), options);
  }

  async jobStatus(id, options) {
    return JSON.parse(await native(this.#native.jobStatus(String(id), callOptions(options))));
  }

  async jobWait(id, timeoutMs, options) {
    return JSON.parse(await native(this.#native.jobWait(String(id), timeoutMs, callOptions(options))));
  }

  async jobCancel(id, reason, options) {
    await native(this.#native.jobCancel(String(id), reason, callOptions(options)));
  }

  /** A raw request to any path under the API; answers the body as a plain JS value. */
  async request(method, path, pairs, body, options) {
    const json = body === undefined ? undefined : JSON.stringify(body);
    const args = [method, path, JSON.stringify(pairs), json, callOptions(options)];
    return JSON.parse(await native(this.#native.request(...args)));
  }

  /** Runs one of the native client's safe workflows (`lib/workflows.js`). */
  async workflow(name, ...args) {
    return native(this.#native[name](...args));
  }
}

// Request bodies are described by the generated methods and converted only
// when the call runs, so a bad body rejects the call's promise.

/** A JSON request body. */
function json(value) {
  return value === undefined ? undefined : { json: value };
}

/** An upload form; `files` names the fields that carry files. */
function form(fields, files) {
  return { fields, files };
}

function bytes(data) {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** One file field: a path, bytes, or either with a file name and content type. */
function filePart(name, value) {
  if (typeof value === 'string') return { name, path: value };
  if (value instanceof Uint8Array) return { name, data: bytes(value) };
  if (value !== null && typeof value === 'object' && (typeof value.path === 'string') !== (value.data !== undefined)) {
    const { filename, contentType } = value;
    return typeof value.path === 'string'
      ? { name, path: value.path, filename, contentType }
      : { name, data: bytes(value.data), filename, contentType };
  }
  throw new ConfigError(`form field \`${name}\` takes a path, a Buffer or Uint8Array, or { path } or { data }`, {
    kind: 'config',
  });
}

/** The native module's body: `{ json }` as JSON text, or `{ parts }`. */
function toNative(body) {
  if (body === undefined) return undefined;
  if ('json' in body) return { json: JSON.stringify(body.json) };
  const parts = [];
  for (const [name, value] of Object.entries(body.fields ?? {})) {
    if (value === undefined) continue;
    parts.push(body.files.includes(name) ? filePart(name, value) : { name, text: String(value) });
  }
  return { parts };
}

module.exports = { Runtime, json, form };

'use strict';

// What every generated method calls: it turns JS arguments into the native
// module's (JSON text, option objects, form parts) and native answers and
// failures back into JS values and SDK errors.

const { AbortError, ConfigError, native, nativeSync } = require('./errors');
const { Job } = require('./jobs');
const { nativeLogger } = require('./logging');
const { PagePromise } = require('./pages');
const { ReplyPromise } = require('./promise');

/** The native module, loaded with the first client: `require('reply-sdk')` alone does not map it. */
let nativeModule;
function nativeApi() {
  nativeModule ??= require('../native.js');
  return nativeModule;
}

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
const REQUEST_OPTIONS = new Set(['timeoutMs', 'deadlineMs', 'maxRetries', 'actingUser', 'teamId', 'headers', 'signal']);

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

/** The native call options: `options` with the signal replaced by its native token's id. */
function callOptions(options, cancel) {
  if (options === undefined) return undefined;
  const { signal: _signal, ...rest } = checkKeys('request option', options, REQUEST_OPTIONS);
  return cancel === undefined ? rest : { ...rest, cancel: cancel.id };
}

/** The `signal` of request options, checked. */
function signalOf(options) {
  const signal = options?.signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) {
    throw new ConfigError('the request option `signal` must be an AbortSignal', { kind: 'config' });
  }
  if (signal.aborted) {
    throw new AbortError('the call was aborted before it started', { kind: 'cancelled', cause: signal.reason });
  }
  return signal;
}

/**
 * The signal of `options` reaching the engine: a native token cancelled when
 * the signal aborts (the engine then drops the call wherever it waits and
 * rejects it with the `cancelled` kind, an AbortError), and `release`, which
 * stops listening once the call is over.
 */
function watch(options) {
  const signal = signalOf(options);
  if (signal === undefined) return { cancel: undefined, release() {} };
  const cancel = new (nativeApi().NativeCancel)();
  const onAbort = () => cancel.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  return { cancel, release: () => signal.removeEventListener('abort', onAbort) };
}

/** Runs `run(cancel)` watching the signal of `options`. */
async function underSignal(options, run) {
  const { cancel, release } = watch(options);
  try {
    return await run(cancel);
  } finally {
    release();
  }
}

/** Request options that a job keeps for its polls: the starting call's signal is that call's alone. */
function withoutSignal(options) {
  if (options?.signal === undefined) return options;
  const { signal: _signal, ...rest } = options;
  return rest;
}

/** A success answer as the JS value the method promises. */
function decode(response) {
  if (response.raw !== undefined && response.raw !== null) return response.raw;
  if (response.location != null) return { location: response.location };
  const value = JSON.parse(response.body);
  return value === null ? undefined : value;
}

class Runtime {
  #native;

  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  static create(options) {
    // A native module that fails to load throws as it is, not as a ConfigError.
    const { NativeClient } = nativeApi();
    return new Runtime(nativeSync(() => new NativeClient(nativeClientOptions(options), nativeLogger(options?.onLog))));
  }

  static fromEnv(options) {
    const { NativeClient } = nativeApi();
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

  // Async (through underSignal), so that bad input rejects the returned promise rather than throwing.
  #send(operation, params, body, options) {
    return underSignal(options, (cancel) => {
      const args = [operation, JSON.stringify(params), toNative(body), callOptions(options, cancel)];
      return native(this.#native.call(...args));
    });
  }

  call(operation, params, body, options) {
    return ReplyPromise.from(this.#send(operation, params, body, options), decode);
  }

  page(operation, params, body, options) {
    return new PagePromise(this, operation, params, body, options);
  }

  /** The native pager over every page, and `release`, to call once the walk is over. */
  pager(operation, params, body, options) {
    const { cancel, release } = watch(options);
    try {
      const pager = nativeSync(() =>
        this.#native.paginate(operation, JSON.stringify(params), toNative(body)?.json, callOptions(options, cancel)),
      );
      return { pager, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  job(operation, params, body, options) {
    // The native side found the job's id (it fails the call when the answer names none).
    // The job is followed with the options that started it: Reply shows a
    // job only to the acting user and team that started it.
    const job = (response) => new Job(this, response.jobId, decode(response), withoutSignal(options));
    return ReplyPromise.from(this.#send(operation, params, body, options), job);
  }

  jobStatus(id, options) {
    return underSignal(options, async (cancel) =>
      JSON.parse(await native(this.#native.jobStatus(String(id), callOptions(options, cancel)))),
    );
  }

  jobWait(id, timeoutMs, options) {
    return underSignal(options, async (cancel) =>
      JSON.parse(await native(this.#native.jobWait(String(id), timeoutMs, callOptions(options, cancel)))),
    );
  }

  jobCancel(id, reason, options) {
    return underSignal(options, async (cancel) => {
      await native(this.#native.jobCancel(String(id), reason, callOptions(options, cancel)));
    });
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

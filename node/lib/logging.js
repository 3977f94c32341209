'use strict';

// The engine's log records for JS: an `onLog` function in the client options
// receives each as `{ level, target, message, fields }`; without one,
// `DEBUG=reply` (as the `debug` package spells it: a comma- or space-separated
// list where `reply`, `reply:*` or `*` match) prints them on stderr. Records
// hold no header, and the engine scrubs the API key from them before they get here.

const { ConfigError } = require('./errors');

/** Whether `DEBUG` asks for this SDK's records. */
function debugEnabled(value = process.env.DEBUG) {
  if (!value) return false;
  const names = value.split(/[\s,]+/).filter(Boolean);
  if (names.some((n) => n === '-reply' || n === '-reply:*')) return false;
  return names.some((n) => n === '*' || n === 'reply' || n === 'reply*' || n === 'reply:*' || n.startsWith('reply:'));
}

/** One record as a stderr line: `reply:request warn retrying operation=ListSchedules ...`. */
function stderrLogger(record) {
  const fields = Object.entries(record.fields).map(([name, value]) => `${name}=${value}`);
  const target = record.target.replace(/::/g, ':');
  process.stderr.write(`${[target, record.level, record.message, ...fields].join(' ')}\n`);
}

/**
 * The function the native client calls with each record (its fields as JSON
 * text), or `undefined` when nobody listens. A listener that throws does not
 * break the call that logged.
 */
function nativeLogger(onLog) {
  if (onLog !== undefined && typeof onLog !== 'function') {
    throw new ConfigError('`onLog` must be a function of one log record', { kind: 'config' });
  }
  const listener = onLog ?? (debugEnabled() ? stderrLogger : undefined);
  if (listener === undefined) return undefined;
  return (entry) => {
    try {
      listener({ level: entry.level, target: entry.target, message: entry.message, fields: JSON.parse(entry.fields) });
    } catch {
      // Logging must never fail a request.
    }
  };
}

module.exports = { debugEnabled, nativeLogger, stderrLogger };

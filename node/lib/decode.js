'use strict';

// The generated models' decoding rules, for JSON that did not come through a
// client call (a webhook payload, a stored answer, the spec's examples).

const native = require('../native.js');
const { nativeSync } = require('./errors');

function parse(text) {
  return text === null ? undefined : JSON.parse(text);
}

/**
 * Decodes `value` as the request body of `operationId` and encodes it back,
 * as the SDK does before sending; `undefined` when the operation takes no JSON body.
 */
function decodeRequest(operationId, value) {
  return parse(nativeSync(() => native.decodeRequest(operationId, JSON.stringify(value))));
}

/**
 * Decodes `value` as the `status` answer of `operationId` and encodes it back,
 * as the SDK does with every answer; `undefined` when the spec documents no JSON body for it.
 */
function decodeResponse(operationId, status, value) {
  return parse(nativeSync(() => native.decodeResponse(operationId, status, JSON.stringify(value))));
}

/** How many object members unknown to the models this process has decoded (they are kept). */
function unknownMembersSeen() {
  return native.unknownMembersSeen();
}

module.exports = { decodeRequest, decodeResponse, unknownMembersSeen };

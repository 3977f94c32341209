'use strict';

const { OPERATIONS } = require('../..');

/** The `operationId` behind `client[resource][method]`, for fault rules keyed by operation. */
function operationId(resource, method) {
  const info = OPERATIONS.find((op) => op.resource === resource && op.method === method);
  if (!info) throw new Error(`no operation ${resource}.${method}`);
  return info.id;
}

module.exports = { operationId };

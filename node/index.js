'use strict';

const { ReplyClient } = require('./lib/client');
const errors = require('./lib/errors');
const { Job } = require('./lib/jobs');
const { PagePromise } = require('./lib/pages');

module.exports = {
  ReplyClient,
  ReplyError: errors.ReplyError,
  UnauthorizedError: errors.UnauthorizedError,
  ForbiddenError: errors.ForbiddenError,
  NotFoundError: errors.NotFoundError,
  ConflictError: errors.ConflictError,
  ValidationError: errors.ValidationError,
  RateLimitedError: errors.RateLimitedError,
  ServerError: errors.ServerError,
  ApiError: errors.ApiError,
  OutcomeUnknownError: errors.OutcomeUnknownError,
  TimeoutError: errors.TimeoutError,
  ConnectionError: errors.ConnectionError,
  DecodeError: errors.DecodeError,
  AppliedUnreadableError: errors.AppliedUnreadableError,
  ConfigError: errors.ConfigError,
  AbortError: errors.AbortError,
  WorkflowError: errors.WorkflowError,
  AmbiguousEmailError: errors.AmbiguousEmailError,
  LookupIncompleteError: errors.LookupIncompleteError,
  ContactRefusedError: errors.ContactRefusedError,
  StepNotFoundError: errors.StepNotFoundError,
  StepAmbiguousError: errors.StepAmbiguousError,
  WorkflowInputError: errors.WorkflowInputError,
  Job,
  PagePromise,
};

// Loaded on first use, so that `require('reply-sdk')` pays only for the
// client (the operation table alone is 90 kB of source).
const LAZY = {
  OPERATIONS: () => require('./generated/operations').OPERATIONS,
  decodeRequest: () => require('./lib/decode').decodeRequest,
  decodeResponse: () => require('./lib/decode').decodeResponse,
  unknownMembersSeen: () => require('./lib/decode').unknownMembersSeen,
  webhooks: () => require('./lib/webhooks'),
};
for (const [name, load] of Object.entries(LAZY)) {
  Object.defineProperty(module.exports, name, { enumerable: true, configurable: true, get: load });
}

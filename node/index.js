'use strict';

const { ReplyClient } = require('./lib/client');
const errors = require('./lib/errors');
const { Job } = require('./lib/jobs');
const { PagePromise } = require('./lib/pages');
const { decodeRequest, decodeResponse, unknownMembersSeen } = require('./lib/decode');
const { OPERATIONS } = require('./generated/operations');
const webhooks = require('./lib/webhooks');

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
  WorkflowError: errors.WorkflowError,
  AmbiguousEmailError: errors.AmbiguousEmailError,
  LookupIncompleteError: errors.LookupIncompleteError,
  ContactRefusedError: errors.ContactRefusedError,
  StepNotFoundError: errors.StepNotFoundError,
  StepAmbiguousError: errors.StepAmbiguousError,
  WorkflowInputError: errors.WorkflowInputError,
  Job,
  PagePromise,
  OPERATIONS,
  decodeRequest,
  decodeResponse,
  unknownMembersSeen,
  webhooks,
};

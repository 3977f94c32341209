export { ReplyClient } from './lib/client';
export {
  ReplyError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ValidationError,
  RateLimitedError,
  ServerError,
  ApiError,
  OutcomeUnknownError,
  TimeoutError,
  ConnectionError,
  DecodeError,
  AppliedUnreadableError,
  ConfigError,
  AbortError,
  WorkflowError,
  AmbiguousEmailError,
  LookupIncompleteError,
  ContactRefusedError,
  StepNotFoundError,
  StepAmbiguousError,
  WorkflowInputError,
} from './lib/errors';
export type { ErrorKind, FieldError } from './lib/errors';
export { Job } from './lib/jobs';
export type {
  EnrolOptions,
  EnrolOutcome,
  EnrolReport,
  EnrolResult,
  EnrolTarget,
  Ensured,
  OnExisting,
  Person,
  SafeContacts,
  SafeSequences,
  SafeSequenceSteps,
} from './lib/workflows';
export { PagePromise } from './lib/pages';
export type { ReplyPromise, ReplyResponse, WithResponse } from './lib/promise';
export { decodeRequest, decodeResponse, unknownMembersSeen } from './lib/decode';
export { OPERATIONS } from './generated/operations';
export * as webhooks from './lib/webhooks';
export type { OperationInfo } from './generated/operations';
export type {
  ActingUser,
  ClientOptions,
  LogRecord,
  Quota,
  QuotaOptions,
  RawRequest,
  Redirect,
  Remaining,
  RequestOptions,
  Upload,
} from './lib/types';
export type * from './generated/resources';
// Every model by name (where a name is also an SDK class, such as `ValidationError`,
// the class wins; `models.ValidationError` is the model).
export type * from './generated/models';
export type * as models from './generated/models';

// The ES module entry: the same objects as the CommonJS entry, so classes
// (and `instanceof`) are shared by code that mixes `import` and `require`.
import sdk from './index.js';

export const {
  ReplyClient,
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
  ConfigError,
  AbortError,
  WorkflowError,
  AmbiguousEmailError,
  LookupIncompleteError,
  ContactRefusedError,
  StepNotFoundError,
  StepAmbiguousError,
  WorkflowInputError,
  Job,
  PagePromise,
  OPERATIONS,
  decodeRequest,
  decodeResponse,
  unknownMembersSeen,
  webhooks,
} = sdk;
export default sdk;

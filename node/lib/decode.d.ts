/**
 * Decodes `value` as the request body of `operationId` and encodes it back,
 * as the SDK does before sending; `undefined` when the operation takes no JSON body.
 * Throws a `DecodeError` when it does not fit.
 */
export declare function decodeRequest(operationId: string, value: unknown): unknown;
/**
 * Decodes `value` as the `status` answer of `operationId` and encodes it back,
 * as the SDK does with every answer; `undefined` when the spec documents no JSON body for it.
 * Throws a `DecodeError` when it does not fit.
 */
export declare function decodeResponse(operationId: string, status: number, value: unknown): unknown;
/** How many object members unknown to the models this process has decoded (they are kept). */
export declare function unknownMembersSeen(): number;

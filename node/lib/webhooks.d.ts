// Receiving Reply's webhook deliveries (see webhooks.js).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContactFields, Envelope, KnownEvent, SequenceFields, UnknownEvent } from '../generated/webhooks';

export type * from '../generated/webhooks';

/** The 22 event types of `GetWebhookEvents`, in the spec's order. */
export declare const EVENT_TYPES: readonly string[];

/** The request is not a Reply delivery. */
export declare class WebhookError extends Error {}

/** What every parsed delivery has: the envelope's members, and its usual blocks. */
export interface EventBase {
  readonly id: string;
  readonly envelope: Envelope;
  readonly date: string | undefined;
  readonly userId: number | undefined;
  readonly teamId: number | undefined;
  readonly subscriptionId: number | undefined;
  /** `contact_fields`, when the delivery carries it. */
  readonly contact: ContactFields | undefined;
  /** `sequence_fields`, when the delivery carries it. */
  readonly sequence: SequenceFields | undefined;
}

/**
 * One parsed delivery, typed by its `event.type` (generated from webhooks.yaml): narrow on
 * `known`, then on `type`, and `data` is that delivery's type. `data` holds the delivery as
 * sent, so members this SDK version does not know are there too (typed `unknown`).
 */
export type Event = KnownEvent | UnknownEvent;
/** The class of what `parse` answers (`event instanceof webhooks.Event`). */
export declare const Event: abstract new (...args: never[]) => EventBase;

export type HeadersLike = Record<string, string | string[] | undefined> | Iterable<[string, string]> | undefined;

export declare function parse(body: Uint8Array | string, headers?: HeadersLike): Event;
export declare function verifyToken(expected: string, given: string | undefined): boolean;
export declare function queryToken(target: string): string | undefined;

/** A record of handled event ids; implement it over shared storage for several processes. */
export interface SeenEvents {
  seen(eventId: string): boolean | Promise<boolean>;
  forget(eventId: string): void | Promise<void>;
}

export declare class MemorySeenEvents implements SeenEvents {
  constructor(capacity?: number);
  seen(eventId: string): boolean;
  forget(eventId: string): void;
}

export interface ReceiverOptions {
  token: string;
  handler: (event: Event) => unknown;
  seen?: SeenEvents;
}

export declare class Receiver {
  constructor(options: ReceiverOptions);
  handle(target: string, headers: HeadersLike, body: Uint8Array | string): Promise<{ status: number; text: string }>;
}

export declare function nodeHandler(options: ReceiverOptions): (req: IncomingMessage, res: ServerResponse) => void;
export declare function fetchHandler(options: ReceiverOptions): (request: Request) => Promise<Response>;

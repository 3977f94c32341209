// Receiving Reply's webhook deliveries (see webhooks.js).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Envelope, KnownDelivery } from '../generated/webhooks';

export type * from '../generated/webhooks';

/** The 22 event types of `GetWebhookEvents`, in the spec's order. */
export declare const EVENT_TYPES: readonly string[];

/** The request is not a Reply delivery. */
export declare class WebhookError extends Error {}

/** One delivery; `data` is the whole delivery as sent (unknown members included). */
export declare class Event {
  readonly type: string;
  readonly id: string;
  /** Narrow on `data.event.type` to get the delivery's own members (generated from webhooks.yaml). */
  readonly data: KnownDelivery | { event: Envelope; [member: string]: unknown };
  readonly envelope: Envelope;
  readonly date: string | undefined;
  readonly userId: number | undefined;
  readonly teamId: number | undefined;
  readonly subscriptionId: number | undefined;
  readonly contact: Record<string, unknown> | undefined;
  readonly sequence: Record<string, unknown> | undefined;
  readonly known: boolean;
}

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

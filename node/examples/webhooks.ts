// A webhook receiver typed by the delivery's event type, type-checked by
// `npm run typecheck` (tsc --strict): each case reads its own event's members.
import http from 'node:http';
import { webhooks } from 'reply-sdk';

/** One line per delivery, reading each known type's own members. */
export function describe(event: webhooks.Event): string {
  if (!event.known) {
    // A type this SDK version does not know: the envelope, and the rest as sent.
    return `${event.type} (unknown) ${Object.keys(event.data).join(',')}`;
  }
  switch (event.type) {
    case 'email_replied': {
      const reason: webhooks.ReplyReason | undefined = event.data.reply_reason;
      return `reply from ${event.data.contact_fields?.email} (${reason}) in ${event.data.sequence_fields?.name}`;
    }
    case 'email_bounced': {
      // @ts-expect-error a bounce type is a string enum, not a number
      const wrong: number | undefined = event.data.bounce_type;
      return `bounce ${event.data.bounce_type ?? wrong}`;
    }
    case 'email_account_error':
      return `mailbox ${event.data.email_account?.email}: ${event.data.error}`;
    default:
      return `${event.type} ${event.id} ${event.contact?.email ?? ''}`;
  }
}

export function serve(token: string): http.Server {
  return http.createServer(webhooks.nodeHandler({ token, handler: (event) => console.log(describe(event)) }));
}

//! Webhook subscriptions: validation of event types, URLs and scopes,
//! enable/disable, the event catalogue, and delivery logs. Deliveries
//! themselves are made by `crate::webhooks`.

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::crud;
use crate::answer::Answer;
use crate::state::{Ctx, State};
use crate::store::int;
use reply_core::OperationId as Op;

/// The event types of `GET /v3/webhooks/events`, as the spec's example lists them.
pub(crate) const EVENTS: &[&str] = &[
    "email_replied",
    "reply_categorized",
    "email_sent",
    "contact_finished",
    "email_opened",
    "contact_opted_out",
    "contact_called",
    "email_link_clicked",
    "email_account_connection_lost",
    "email_bounced",
    "linkedin_connection_request_sent",
    "linkedin_message_sent",
    "linkedin_connection_request_accepted",
    "linkedin_message_replied",
    "linkedin_reply_categorized",
    "email_account_error",
    "email_auto_reply",
    "autopilot_stopped",
    "linkedin_account_alerts",
    "contact_replied",
    "linkedin_comment_posted",
    "linkedin_comment_skipped",
];

/// Where delivery attempts are logged (parent: the subscription).
pub(crate) const LOGS: &str = "webhook-logs";

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let answer = match ctx.op.key {
        Op::CreateWebhook => check(ctx).and_then(|()| {
            let scope = ctx.input.member("scope").as_str().unwrap_or("personal").to_owned();
            let enabled = ctx.input.member("enabled").as_bool().unwrap_or(true);
            if enabled {
                room_for_one_more(state, ctx)?;
            }
            crud::create(state, ctx, hooks(), &crud::body(ctx), |_, doc| {
                doc["scope"] = json!(scope);
                doc["enabled"] = json!(enabled);
                doc["_owner"] = json!(ctx.who.user_id);
                Ok(())
            })
            .map(|id| crud::reply(state, ctx, hooks(), id))
        }),
        Op::UpdateWebhook => check(ctx).and_then(|()| {
            let id = crud::find(state, ctx, hooks())?;
            // `enabled` is not accepted on update: enable/disable change it.
            let enabled = state.store.get("webhooks", id).map(|d| d["enabled"].clone()).unwrap_or_default();
            crud::update(state, ctx, hooks(), |_, doc| {
                doc["enabled"] = enabled;
                Ok(())
            })
            .map(|id| crud::reply(state, ctx, hooks(), id))
        }),
        Op::DeleteWebhook => crud::find(state, ctx, hooks()).map(|id| {
            state.store.remove("webhooks", id);
            state.store.remove_where(LOGS, |l| int(l, "_parent") == Some(id));
            Answer::empty(204)
        }),
        Op::EnableWebhook | Op::DisableWebhook => crud::find(state, ctx, hooks()).and_then(|id| {
            let enable = ctx.op.key == Op::EnableWebhook;
            let already = state.store.get("webhooks", id).is_some_and(|d| d["enabled"] == true);
            if enable && !already {
                room_for_one_more(state, ctx)?;
            }
            if let Some(doc) = state.store.get_mut("webhooks", id) {
                doc["enabled"] = json!(enable);
                // Enabling starts the count of failed deliveries afresh.
                doc["_failures"] = json!(0);
            }
            Ok(Answer::empty(204))
        }),
        Op::GetWebhookEvents => Ok(Answer::json(200, json!({ "events": EVENTS }))),
        Op::GetWebhookLogs => crud::find(state, ctx, hooks()).map(|id| {
            let mut logs: Vec<Value> =
                state.store.all(LOGS).filter(|l| int(l, "_parent") == Some(id)).cloned().collect();
            logs.reverse();
            crud::page(ctx, logs)
        }),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn hooks() -> &'static Resource {
    resource("webhooks")
}

/// Active subscriptions a user may have (the spec's `webHook.limitReached` example: "(50)").
pub(crate) const ACTIVE_LIMIT: usize = 50;

/// Refuses one more active subscription for a user who has `ACTIVE_LIMIT` (409, as `CreateWebhook` and `EnableWebhook` document).
fn room_for_one_more(state: &State, ctx: &Ctx) -> Result<(), Answer> {
    let active = state
        .store
        .all("webhooks")
        .filter(|d| d["enabled"] == true && int(d, "_owner") == Some(ctx.who.user_id))
        .count();
    if active >= ACTIVE_LIMIT {
        return Err(Answer::conflict(
            "webHook.limitReached",
            format!("Limit of active webhook subscriptions reached ({ACTIVE_LIMIT})."),
        ));
    }
    Ok(())
}

/// The rules Reply applies to a subscription body: the spec's domain codes
/// (`webHook.invalidEvent`, `webHook.invalidUrl`) in a 400 "Bad Request".
fn check(ctx: &Ctx) -> Result<(), Answer> {
    let event = ctx.input.member("eventType").as_str().unwrap_or_default();
    if !EVENTS.contains(&event) {
        return Err(Answer::problem(400, format!("Unknown webhook event '{event}'.")).code("webHook.invalidEvent"));
    }
    let url = ctx.input.member("url").as_str().unwrap_or_default();
    let absolute = reqwest::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if !absolute || url.len() > 1024 {
        return Err(Answer::problem(400, "Url must be a valid absolute http(s) URL of at most 1024 characters.")
            .code("webHook.invalidUrl"));
    }
    if ctx.input.member("scope").as_str().is_some_and(|s| s.eq_ignore_ascii_case("organization")) {
        return Err(Answer::problem(400, "Organization-scope webhooks are not yet implemented.")
            .code("webHook.organizationScopeNotImplemented"));
    }
    Ok(())
}

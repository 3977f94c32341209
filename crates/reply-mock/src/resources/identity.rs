//! Who am I, the organization's team users, and per-team settings.

use serde_json::{Value, json};

use crate::answer::Answer;
use crate::config::KeyKind;
use crate::samples;
use crate::shape::{overlay, project};
use crate::state::{Ctx, State};
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    Some(match ctx.op.key {
        Op::Whoami => {
            let body = json!({ "userId": ctx.who.user_id, "username": ctx.who.user_name, "teamId": ctx.who.team_id });
            Answer::json(200, project(samples::body(ctx.op.key), &body))
        }
        Op::WhoamiTeamUsers => {
            // "No scope required — any valid API key can call this endpoint": an
            // organization key lists every team's users, another key the users of
            // the teams its user belongs to (our reading of "the users you work with").
            let caller = ctx.config.users.iter().find(|u| u.id == ctx.who.user_id);
            let shares =
                |team: i64| ctx.who.kind == KeyKind::Organization || caller.is_some_and(|c| c.teams.contains(&team));
            let items: Vec<Value> = ctx
                .config
                .users
                .iter()
                .flat_map(|u| u.teams.iter().map(move |t| (u, *t)))
                .filter(|(_, t)| shares(*t))
                .filter_map(|(u, t)| {
                    let team = ctx.config.teams.iter().find(|team| team.id == t)?;
                    Some(json!({ "teamId": t, "teamName": team.name, "userId": u.id, "userName": u.name, "userEmail": u.email }))
                })
                .collect();
            Answer::json(200, project(samples::body(ctx.op.key), &Value::Array(items)))
        }
        Op::GetSettings | Op::UpdateSettings => {
            let template = samples::body(Op::GetSettings);
            let stored = state.store.get("settings", ctx.who.team_id).cloned();
            // A team's settings start as the spec's sample: blank defaults (zeros) would
            // break minimums such as `prospectEmailsPerDayLimit >= 1`.
            let stored = stored.unwrap_or_else(|| template.clone());
            let settings = match &ctx.input.body {
                Some(body) if ctx.op.key == Op::UpdateSettings => overlay(template, Some(&stored), body),
                _ => stored,
            };
            state.store.insert_at("settings", ctx.who.team_id, settings.clone());
            Answer::json(200, project(samples::body(ctx.op.key), &settings))
        }
        _ => return None,
    })
}

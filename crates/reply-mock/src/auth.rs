//! Who is calling: the key (Bearer or `X-API-Key`), the acting user
//! (`X-User-Id` / `X-User-Email` for master and organization keys), the team
//! (`X-Team-Id` when the user has several), and the key's scopes.

use axum::http::HeaderMap;
use reply_core::OperationInfo;
use serde_json::{Value, json};

use crate::answer::Answer;
use crate::config::{Config, KeyConfig, KeyKind, UserConfig};
use reply_core::OperationId as Op;

/// The resolved caller of one request.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub kind: KeyKind,
    pub user_id: i64,
    pub user_name: String,
    pub team_id: i64,
}

/// `GET /v3/whoami/team-users` lists every team of the user, so it is the one
/// operation that does not need a team chosen first.
const TEAMLESS_OPERATIONS: &[Op] = &[Op::WhoamiTeamUsers];

pub(crate) fn authenticate(config: &Config, headers: &HeaderMap, op: &OperationInfo) -> Result<Identity, Answer> {
    let key = presented_key(headers).and_then(|k| config.keys.iter().find(|c| c.key == k)).ok_or_else(unauthorized)?;
    let user = acting_user(config, key, headers)?;
    let teams: Vec<Value> = user
        .teams
        .iter()
        .filter_map(|id| config.teams.iter().find(|t| t.id == *id))
        .map(|t| json!({ "teamId": t.id, "teamName": t.name }))
        .collect();
    let team_id = match header(headers, "x-team-id") {
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(id) if user.teams.contains(&id) => id,
            _ => {
                return Err(Answer::problem(403, format!("team `{raw}` is not accessible to this user"))
                    .code("TEAM_NOT_ACCESSIBLE")
                    .member("teams", Value::Array(teams)));
            }
        },
        None if user.teams.len() == 1 || TEAMLESS_OPERATIONS.contains(&op.key) => user.teams[0],
        None => {
            return Err(Answer::problem(
                403,
                "this user belongs to several teams: choose one with the X-Team-Id header",
            )
            .code("TEAM_REQUIRED")
            .member("teams", Value::Array(teams)));
        }
    };
    if let Some(scope) = op.scope.filter(|s| *s != "none") {
        if !key.scopes.iter().any(|granted| reply_core::scope::grants(granted, scope)) {
            return Err(Answer::problem(403, format!("this key lacks the `{scope}` scope")).code("insufficient_scope"));
        }
    }
    Ok(Identity { kind: key.kind, user_id: user.id, user_name: user.name.clone(), team_id })
}

/// The empty-body 401 Reply sends for a missing, unknown or revoked key.
pub(crate) fn unauthorized() -> Answer {
    Answer::empty(401).header("www-authenticate", "Bearer")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// `Authorization: Bearer <key>` wins over the older `X-API-Key: <key>`.
fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(auth) = header(headers, "authorization") {
        let (scheme, token) = auth.split_once(' ')?;
        return scheme.eq_ignore_ascii_case("bearer").then(|| token.trim());
    }
    header(headers, "x-api-key")
}

fn acting_user<'a>(config: &'a Config, key: &KeyConfig, headers: &HeaderMap) -> Result<&'a UserConfig, Answer> {
    let user_not_found = |what: &str| {
        Answer::problem(401, format!("no user {what} is reachable with this key"))
            .code("USER_NOT_FOUND")
            .header("www-authenticate", "Bearer")
    };
    let owner = key.user_id.and_then(|id| config.users.iter().find(|u| u.id == id));
    let named = match (header(headers, "x-user-id"), header(headers, "x-user-email")) {
        (Some(id), _) => Some(
            id.parse::<i64>()
                .ok()
                .and_then(|id| config.users.iter().find(|u| u.id == id))
                .ok_or_else(|| user_not_found(&format!("with id `{id}`")))?,
        ),
        (None, Some(email)) => Some(
            config
                .users
                .iter()
                .find(|u| u.email.eq_ignore_ascii_case(email))
                .ok_or_else(|| user_not_found(&format!("with email `{email}`")))?,
        ),
        (None, None) => None,
    };
    match key.kind {
        // A personal key always acts as its own user; acting-user headers do not apply.
        KeyKind::Personal => owner.ok_or_else(unauthorized),
        KeyKind::Master => {
            let owner = owner.ok_or_else(unauthorized)?;
            match named {
                None => Ok(owner),
                // A master key reaches the members of its owner's workspaces only.
                Some(user) if user.teams.iter().any(|t| owner.teams.contains(t)) => Ok(user),
                Some(user) => Err(user_not_found(&format!("with id `{}`", user.id))),
            }
        }
        KeyKind::Organization => named.ok_or_else(|| {
            Answer::problem(403, "an organization key must name the acting user with X-User-Id or X-User-Email")
                .code("USER_REQUIRED")
        }),
    }
}

//! Which email account is a user's default (`SetDefaultEmailAccount`): the
//! one a direct email without `emailAccountId` goes out from.

use serde_json::Value;

use super::catalog::resource;
use super::crud;
use crate::answer::Answer;
use crate::state::{Ctx, State};
use crate::store::int;
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    if ctx.op.key != Op::SetDefaultEmailAccount {
        return None;
    }
    let accounts = resource("email-accounts");
    let id = match crud::find(state, ctx, accounts) {
        Ok(id) => id,
        Err(answer) => return Some(answer),
    };
    // One default per owner: the owner's other accounts lose the flag.
    let owner = state.store.get(accounts.collection, id).and_then(|a| int(a, "ownerUserId"));
    let team = ctx.who.team_id;
    for account in state.store.all_mut(accounts.collection) {
        let same_owner = int(account, "ownerUserId") == owner && int(account, "_team").is_none_or(|t| t == team);
        if same_owner {
            account["isDefault"] = Value::Bool(int(account, "id") == Some(id));
        }
    }
    Some(Answer::empty(204))
}

/// An account with the members its list items show at the top (`email`,
/// `senderName`, `dailyLimit`) read from where the account keeps them.
pub(super) fn render(doc: &Value) -> Value {
    let mut out = doc.clone();
    for (member, pointer) in
        [("email", "/connection/email"), ("senderName", "/connection/senderName"), ("dailyLimit", "/safety/dailyLimit")]
    {
        if let (Some(value), Value::Object(members)) = (doc.pointer(pointer), &mut out) {
            members.entry(member).or_insert_with(|| value.clone());
        }
    }
    out
}

/// The account a caller sends from when none is named: the visible account
/// flagged `isDefault` (the caller's own first), else the oldest visible one
/// (our choice where Reply's rule is not documented).
pub(super) fn default_for(state: &State, ctx: &Ctx) -> Option<i64> {
    let visible: Vec<_> = crud::items(state, ctx, resource("email-accounts"), None).collect();
    let mine = |a: &&std::borrow::Cow<Value>| int(a, "ownerUserId") == Some(ctx.who.user_id);
    let flagged = |a: &&std::borrow::Cow<Value>| a["isDefault"] == true;
    let chosen = visible
        .iter()
        .find(|a| flagged(a) && mine(a))
        .or_else(|| visible.iter().find(flagged))
        .or_else(|| visible.first());
    chosen.and_then(|a| int(a, "id"))
}

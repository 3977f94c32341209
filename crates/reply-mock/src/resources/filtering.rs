//! Applying the filter table (`filters::TABLE`) to a request: which items it
//! keeps, in which order, and what it refuses.

use std::borrow::Borrow;
use std::cmp::Ordering;

use serde_json::Value;

use super::filters::Rule::{self, *};
use super::filters::rules;
use crate::answer::Answer;
use crate::state::Ctx;
use reply_core::OperationId as Op;

/// A parameter's value: the query's (as text), else the filter body's member (`null` is absent).
fn raw(ctx: &Ctx, name: &str) -> Option<Value> {
    if let Some(v) = ctx.input.query(name) {
        return Some(Value::String(v.to_owned()));
    }
    Some(ctx.input.member(name).clone()).filter(|v| !v.is_null())
}

/// A scalar parameter's value as text.
fn value(ctx: &Ctx, name: &str) -> Option<String> {
    raw(ctx, name).and_then(|v| text(&v))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The filters of this request that drop items, as (rule, value).
fn active(ctx: &Ctx) -> Vec<(Rule, Value)> {
    let filtering =
        |rule: &Rule| !matches!(rule, SortBy(_) | SortDirection(_) | Elsewhere(_) | Ignored(_) | TeamUser(_, None));
    rules(ctx.op.key)
        .into_iter()
        .filter(|(_, rule)| filtering(rule))
        .filter_map(|(name, rule)| Some((*rule, raw(ctx, name)?)))
        .collect()
}

/// Whether this request filters or sorts its listing.
pub(crate) fn any(ctx: &Ctx) -> bool {
    !active(ctx).is_empty() || sort_of(ctx).is_some()
}

/// Refuses what the spec refuses: `sortDirection` without `sortBy`, a user outside the team.
pub(crate) fn check(ctx: &Ctx) -> Result<(), Answer> {
    let rules = rules(ctx.op.key);
    for (name, rule) in &rules {
        match rule {
            SortDirection(Some(code)) if value(ctx, name).is_some() => {
                let sort_by = rules.iter().find(|(_, r)| matches!(r, SortBy(_))).map(|(n, _)| *n);
                if sort_by.is_none_or(|s| value(ctx, s).is_none()) {
                    return Err(Answer::problem(400, format!("`{name}` requires `sortBy`"))
                        .code(&format!("{code}.invalidSort")));
                }
            }
            TeamUser(code, _) => {
                let Some(user) = value(ctx, name) else { continue };
                let team = ctx.who.team_id;
                let member = ctx.config.users.iter().any(|u| u.id.to_string() == user && u.teams.contains(&team));
                if !member {
                    return Err(Answer::problem(400, format!("user {user} is not a member of the team"))
                        .code(&format!("{code}.invalidInput")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A predicate keeping the items this request's filters keep.
pub(crate) fn keeper(ctx: &Ctx) -> impl Fn(&Value) -> bool + use<> {
    let filters = active(ctx);
    let me = ctx.who.user_id;
    move |item| filters.iter().all(|(rule, v)| keeps(*rule, v, item, me))
}

fn keeps(rule: Rule, value: &Value, item: &Value, me: i64) -> bool {
    let lower = |member: &str| get(item, member).and_then(Value::as_str).map(str::to_ascii_lowercase);
    let wanted = text(value).unwrap_or_default();
    let list = || value.as_array().into_iter().flatten().filter_map(text);
    let when = |member: &str| get(item, member).and_then(Value::as_str).and_then(epoch).zip(epoch(&wanted));
    match rule {
        Equals(member) => get(item, member).is_some_and(|m| same(m, &wanted)),
        Contains(members) => {
            let wanted = wanted.to_ascii_lowercase();
            members.iter().any(|m| lower(m).is_some_and(|t| t.contains(&wanted)))
        }
        After(member) => when(member).is_some_and(|(at, bound)| at > bound),
        Since(member) => when(member).is_some_and(|(at, bound)| at >= bound),
        Until(member) => when(member).is_some_and(|(at, bound)| at <= bound),
        Mine(member) => wanted != "true" || get(item, member).and_then(Value::as_i64) == Some(me),
        OnlyIf(member) => wanted != "true" || get(item, member) == Some(&Value::Bool(true)),
        TeamUser(_, Some(member)) => get(item, member).is_some_and(|m| same(m, &wanted)),
        AnyOf(member) => {
            let held: Vec<&Value> = match get(item, member) {
                Some(Value::Array(values)) => values.iter().collect(),
                Some(one) => vec![one],
                None => Vec::new(),
            };
            let mut wanted = list().peekable();
            // An empty list filters nothing.
            wanted.peek().is_none() || wanted.any(|w| held.iter().any(|h| same(h, &w)))
        }
        EndsWithAny(member) => {
            let mut domains = list().map(|d| d.to_ascii_lowercase()).peekable();
            domains.peek().is_none() || lower(member).is_some_and(|m| domains.any(|d| m.ends_with(&d)))
        }
        Conditions => value.as_array().into_iter().flatten().all(|c| condition(c, item)),
        Overdue => {
            let due = item["dueTo"].as_str().and_then(epoch);
            let overdue = item["status"] == "new" && due.is_some_and(|d| d < crate::clock::now_ms() as i64);
            overdue == (wanted == "true")
        }
        InboxSource => {
            let messages = item["messages"].as_array().map(Vec::as_slice).unwrap_or_default();
            match wanted.as_str() {
                "inbox" => messages.iter().any(|m| m["isOutbound"] == false),
                "sent" => messages.last().is_some_and(|m| m["isOutbound"] == true),
                "unread" => item["isRead"] == false,
                "aiDraft" => item.get("aiDraft").is_some_and(|d| !d.is_null()),
                _ => true,
            }
        }
        _ => true,
    }
}

/// A member of an item, or the value at a JSON Pointer (`/contact/id`).
fn get<'v>(item: &'v Value, member: &str) -> Option<&'v Value> {
    if member.starts_with('/') { item.pointer(member) } else { item.get(member) }
}

/// One `{property, condition, values}` of FilterContactAccounts on the item's
/// member named by `property` in camelCase (`DomainName` → `domainName`);
/// a property the items do not carry matches only `IsNull`.
fn condition(rule: &Value, item: &Value) -> bool {
    let property = rule["property"].as_str().unwrap_or_default();
    let mut chars = property.chars();
    let member: String = chars.next().map(|c| c.to_ascii_lowercase()).into_iter().chain(chars).collect();
    let held = item.get(&member).filter(|v| !v.is_null());
    let values: Vec<String> = match &rule["values"] {
        Value::Array(values) => values.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    };
    let first = values.first().map(String::as_str).unwrap_or_default();
    let is = |v: &str| held.is_some_and(|h| same(h, v));
    let order = || held.map(|h| compare(Some(h), Some(&number_or_text(first))));
    match rule["condition"].as_str().unwrap_or_default() {
        "Equals" => is(first),
        "NotEquals" => !is(first),
        "In" | "CollectionContains" => values.iter().any(|v| is(v)),
        "NotIn" | "CollectionNotContains" => !values.iter().any(|v| is(v)),
        "IsNull" => held.is_none(),
        "IsNotNull" => held.is_some(),
        "GreaterThan" => order() == Some(Ordering::Greater),
        "LowerThan" => order() == Some(Ordering::Less),
        "GreaterEqualThan" => order().is_some_and(|o| o != Ordering::Less),
        "LowerEqualThan" => order().is_some_and(|o| o != Ordering::Greater),
        _ => true,
    }
}

fn number_or_text(text: &str) -> Value {
    text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or_else(|| Value::from(text), Value::Number)
}

/// Loose equality of a member and a query value (`Active` matches `active`, `5` matches 5).
fn same(member: &Value, query: &str) -> bool {
    match member {
        Value::String(s) => s.eq_ignore_ascii_case(query),
        Value::Number(n) => n.to_string() == query,
        Value::Bool(b) => b.to_string() == query,
        _ => false,
    }
}

/// The member to sort by and whether descending, if this request sorts.
fn sort_of(ctx: &Ctx) -> Option<(String, bool)> {
    let rules = rules(ctx.op.key);
    let (name, pairs) = rules.iter().find_map(|(n, r)| match r {
        SortBy(pairs) => Some((*n, *pairs)),
        _ => None,
    })?;
    let wanted = value(ctx, name)?;
    let member = if pairs.is_empty() {
        wanted.clone()
    } else {
        pairs.iter().find(|(v, _)| v.eq_ignore_ascii_case(&wanted))?.1.to_owned()
    };
    let direction = rules.iter().find(|(_, r)| matches!(r, SortDirection(_))).and_then(|(n, _)| value(ctx, n));
    let descending = match direction {
        Some(d) => d.eq_ignore_ascii_case("desc"),
        // Documented defaults: GetSequences sorts `created` newest first and the
        // rest ascending; GetSequenceContacts "defaults to desc". Elsewhere ascending (our choice).
        None => match ctx.op.key {
            Op::GetSequences => member == "created",
            Op::GetSequenceContacts => true,
            _ => false,
        },
    };
    Some((member, descending))
}

/// The items in the order this request asks for (unchanged when it asks for none).
pub(crate) fn sorted<T: Borrow<Value>>(ctx: &Ctx, items: Vec<T>) -> Vec<T> {
    let Some((member, descending)) = sort_of(ctx) else { return items };
    let mut items = items;
    // A stable sort: equal items keep the store's order.
    items.sort_by(|a, b| {
        let order = compare(a.borrow().get(&member), b.borrow().get(&member));
        if descending { order.reverse() } else { order }
    });
    items
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x.as_f64().unwrap_or_default().total_cmp(&y.as_f64().unwrap_or_default())
        }
        (Some(Value::String(x)), Some(Value::String(y))) => match (epoch(x), epoch(y)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()),
        },
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        // Items without the member go last.
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Milliseconds since 1970 of an ISO-8601 timestamp (`2026-01-15T09:30:00Z`,
/// fractions and `±hh:mm` offsets allowed; a bare date is midnight UTC).
fn epoch(text: &str) -> Option<i64> {
    let digits = |s: &str| s.parse::<i64>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit()));
    let (date, time) = text.split_once(['T', 't', ' ']).unwrap_or((text, "00:00:00Z"));
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (digits(parts.next()?)?, digits(parts.next()?)?, digits(parts.next()?)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (&time[..i], &time[i..]),
        None => (time, "Z"),
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let millis = format!("{fraction:0<3}");
    let millis = digits(millis.get(..3)?)?;
    let mut hms = clock.splitn(3, ':');
    let h = digits(hms.next()?)?;
    let min = digits(hms.next()?)?;
    let s = hms.next().map_or(Some(0), digits)?;
    let offset = match offset.as_bytes().first() {
        Some(sign @ (b'+' | b'-')) => {
            let (oh, om) = offset[1..].split_once(':').unwrap_or((&offset[1..], "0"));
            let minutes = digits(oh)? * 60 + digits(om)?;
            if *sign == b'+' { minutes * 60 } else { -minutes * 60 }
        }
        _ => 0,
    };
    // Days from 1970-01-01 to the date (proleptic Gregorian).
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + min * 60 + s - offset) * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_compare_across_offsets() {
        assert_eq!(epoch("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch("2026-01-15T09:30:00Z"), epoch("2026-01-15T11:30:00+02:00"));
        assert_eq!(epoch("2026-01-15T09:30:00.25Z").zip(epoch("2026-01-15T09:30:00Z")).map(|(a, b)| a - b), Some(250));
        assert_eq!(epoch("2026-01-15"), epoch("2026-01-15T00:00:00Z"));
        assert!(epoch("2026-03-01T00:00:00Z") > epoch("2026-02-28T23:59:59Z"));
        assert_eq!(epoch("soon"), None);
    }
}

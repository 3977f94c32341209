//! The documented filters, searches and sorts of list and count operations,
//! as one table: which query parameter (or member of a filter body) acts on
//! which member of the listed items, and how. `crud` applies the table to
//! every listing and count; a parameter that its operation's own handler
//! applies, or that the mock does not apply, is in the table too, saying
//! where or why (`tests/filters.rs` fails on a documented parameter that is
//! in neither).

use std::borrow::Borrow;
use std::cmp::Ordering;

use serde_json::Value;

use crate::answer::Answer;
use crate::state::Ctx;

/// What one parameter does.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rule {
    /// Keeps items whose member equals the value (text case-insensitively).
    Equals(&'static str),
    /// Keeps items where one of the members holds the value, case-insensitively.
    Contains(&'static [&'static str]),
    /// Keeps items whose timestamp member is later than the value.
    After(&'static str),
    /// A list of values: keeps items whose member (or one of its values, for a
    /// list member) equals one of them, text case-insensitively.
    AnyOf(&'static str),
    /// A list of domains: keeps items whose member ends with one of them.
    EndsWithAny(&'static str),
    /// `[{property, condition, values}]` with PascalCase property names, on
    /// the item's member of that name (FilterContactAccounts' `filters`).
    Conditions,
    /// `true` keeps the items whose member is the caller's user id.
    Mine(&'static str),
    /// Names a user of the caller's team, or is refused with `<code>.invalidInput`;
    /// every item of the team is visible to each of its users, so nothing is dropped.
    TeamUser(&'static str),
    /// Orders by the member the value names: the listed `(value, member)`
    /// pairs, or any member of the item by its own name when the list is empty.
    SortBy(&'static [(&'static str, &'static str)]),
    /// `asc`/`desc` for the sort; `Some(code)`: refused alone with `<code>.invalidSort`.
    SortDirection(Option<&'static str>),
    /// Applied by the operation's own handler (which one).
    Elsewhere(&'static str),
    /// Not applied, and why.
    Ignored(&'static str),
}

use Rule::*;

const SAMPLE: &str = "the operation answers the spec's sample: the mock keeps no state it could filter";
const SEQUENCE_SORTS: &[(&str, &str)] = &[("created", "created"), ("name", "name"), ("status", "status")];
const SEQUENCE_FILTERS: &[(&str, Rule)] = &[
    ("status", Equals("status")),
    ("ownerUserId", Equals("ownerUserId")),
    ("folderId", Equals("folderId")),
    ("isArchived", Equals("isArchived")),
    ("name", Contains(&["name"])),
    ("createdAfter", After("created")),
];

/// Per operation, its parameters (query parameters, or members of a filter body).
pub(crate) static TABLE: &[(&str, &[(&str, Rule)])] = &[
    ("GetContacts", &[("email", Elsewhere("contacts.rs")), ("linkedIn", Elsewhere("contacts.rs"))]),
    (
        "FilterContacts",
        &[
            ("rules", Elsewhere("contacts.rs")),
            ("listId", Elsewhere("contacts.rs")),
            ("sequenceId", Elsewhere("contacts.rs")),
            ("sequenceStepId", Ignored("enrolments do not record a current step the filter could match")),
            ("searchTerm", Elsewhere("contacts.rs")),
            ("sortBy", SortBy(&[])),
            ("sortDirection", SortDirection(None)),
        ],
    ),
    (
        "FilterContactsCount",
        &[
            ("rules", Elsewhere("contacts.rs")),
            ("listId", Elsewhere("contacts.rs")),
            ("sequenceId", Elsewhere("contacts.rs")),
            ("sequenceStepId", Ignored("enrolments do not record a current step the filter could match")),
            ("searchTerm", Elsewhere("contacts.rs")),
        ],
    ),
    ("GetContactLists", &[("search", Contains(&["name"]))]),
    ("GetBlacklistDomainRules", &[("search", Contains(&["pattern"]))]),
    ("GetBlacklistEmailRules", &[("search", Contains(&["pattern"]))]),
    ("GetBlacklistEmailExceptionRules", &[("search", Contains(&["pattern"]))]),
    (
        "GetContactAccounts",
        &[("search", Contains(&["name"])), ("sort_by", SortBy(&[])), ("sort_direction", SortDirection(None))],
    ),
    (
        "FilterContactAccounts",
        &[
            ("search", Contains(&["name"])),
            ("sortBy", SortBy(&[])),
            ("sortDirection", SortDirection(None)),
            ("listId", Ignored("the mock keeps no membership of accounts in account lists")),
            ("filters", Conditions),
        ],
    ),
    ("GetContactAccountLists", &[("search", Contains(&["name"]))]),
    ("ListEmailAccounts", &[("my", Mine("ownerUserId"))]),
    (
        "FilterEmailAccounts",
        &[
            ("status", Equals("connectionStatus")),
            ("emailAccountType", Equals("emailAccountType")),
            ("email", Equals("email")),
            ("domains", EndsWithAny("email")),
            ("ownerUserIds", AnyOf("ownerUserId")),
            ("tags", AnyOf("tags")),
        ],
    ),
    (
        "FilterEmailAccountStats",
        &[
            ("status", Ignored(SAMPLE)),
            ("emailAccountType", Ignored(SAMPLE)),
            ("email", Ignored(SAMPLE)),
            ("domains", Ignored(SAMPLE)),
            ("ownerUserIds", Ignored(SAMPLE)),
            ("tags", Ignored(SAMPLE)),
        ],
    ),
    (
        "ListEmailTemplates",
        &[
            ("name", Contains(&["name"])),
            ("folder_id", Equals("folderId")),
            ("folder_type", Equals("folderType")),
            ("is_default", Ignored("the spec's template has no default flag, so no stored template is a default one")),
        ],
    ),
    ("ListInboxCategories", &[("ownerUserId", TeamUser("inboxCategory"))]),
    (
        "FilterInboxThreads",
        &[
            ("search", Elsewhere("inbox.rs")),
            ("ownerUserId", Elsewhere("inbox.rs")),
            ("sequenceIds", Elsewhere("inbox.rs")),
            ("emailAccountIds", Elsewhere("inbox.rs")),
            ("linkedInAccountIds", Elsewhere("inbox.rs")),
            ("contactIds", Elsewhere("inbox.rs")),
            ("channels", Elsewhere("inbox.rs")),
            ("categoryIds", Elsewhere("inbox.rs")),
            ("onlyWithMeetingIntent", Elsewhere("inbox.rs")),
            ("source", Elsewhere("inbox.rs")),
            ("from", Elsewhere("inbox.rs")),
            ("to", Elsewhere("inbox.rs")),
        ],
    ),
    (
        "FilterTasks",
        &[
            ("from", Elsewhere("tasks.rs")),
            ("to", Elsewhere("tasks.rs")),
            ("taskType", Elsewhere("tasks.rs")),
            ("status", Elsewhere("tasks.rs")),
            ("sequenceIds", Elsewhere("tasks.rs")),
            ("sequenceStepIds", Elsewhere("tasks.rs")),
            ("timeZoneIds", Elsewhere("tasks.rs")),
            ("contactId", Elsewhere("tasks.rs")),
            ("assignedUserId", Elsewhere("tasks.rs")),
            ("overdue", Elsewhere("tasks.rs")),
        ],
    ),
    // GetSequences takes CountSequences' filters and a sort.
    ("GetSequences", SEQUENCE_FILTERS),
    ("GetSequences", &[("sortBy", SortBy(SEQUENCE_SORTS)), ("sortDirection", SortDirection(Some("sequence")))]),
    ("CountSequences", SEQUENCE_FILTERS),
    (
        "GetSequenceContacts",
        &[
            (
                "sort_by",
                SortBy(&[
                    ("addingDate", "addingDate"),
                    ("email", "email"),
                    ("firstName", "firstName"),
                    ("lastName", "lastName"),
                    ("company", "company"),
                    ("statusInSequence", "statusInSequence"),
                ]),
            ),
            ("sort_direction", SortDirection(None)),
        ],
    ),
    ("GetSequenceContactsState", &[("additionalColumns", Ignored(SAMPLE))]),
    ("GetFolderSequences", &[("sort_by", Ignored(SAMPLE)), ("sort_direction", Ignored(SAMPLE))]),
    ("GetBackgroundJobs", &[("category", Elsewhere("jobs.rs"))]),
    ("ListAiPrompts", &[("stepType", Equals("stepType"))]),
    ("ListKnowledgeBases", &[("search", Contains(&["name"]))]),
    ("ListKnowledgeBaseLinks", &[("search", Contains(&["url"]))]),
    ("ListKnowledgeBaseDocuments", &[("search", Ignored(SAMPLE))]),
    // The spec does not say which members `search` reads here; these are our choice.
    ("ListReplyHandlers", &[("search", Contains(&["typeOfQuestion", "instructions"]))]),
    (
        "ListReengagementCards",
        &[
            ("search", Contains(&["name", "instructions"])),
            ("flow_id", Ignored("cards hang from their knowledge base, not from a flow, in the mock")),
        ],
    ),
    ("ListOffers", &[("search", Contains(&["name"]))]),
    ("ListPlaybooks", &[("type", Equals("type")), ("search", Contains(&["name"]))]),
    (
        "ListApprovals",
        &[
            ("sequenceId", Ignored(SAMPLE)),
            ("userId", Ignored(SAMPLE)),
            ("channel", Ignored(SAMPLE)),
            ("sortMode", Ignored(SAMPLE)),
        ],
    ),
    ("ListAiWebSearches", &[("sequenceId", Ignored(SAMPLE))]),
    ("ListIntentSignalIndustries", &[("search", Ignored(SAMPLE))]),
    ("ListIntentSignalTechnologies", &[("search", Ignored(SAMPLE))]),
    ("ListLiveDataIndustryFilterValues", &[("search", Ignored(SAMPLE))]),
    ("ListLiveDataDepartmentFilterValues", &[("search", Ignored(SAMPLE))]),
    ("ListLiveDataSeniorityFilterValues", &[("search", Ignored(SAMPLE))]),
    ("ListLiveDataLocationFilterValues", &[("search", Ignored(SAMPLE))]),
    ("ListLiveDataJobTitleFilterValues", &[("search", Ignored(SAMPLE))]),
];

/// Filter operations that list a catalog collection with the table's filters.
pub(crate) const LISTS: &[(&str, &str)] =
    &[("FilterEmailAccounts", "email-accounts"), ("FilterContactAccounts", "contact-accounts")];

/// The parameters of `op` (from every row naming it).
fn rules(op: &str) -> Vec<&'static (&'static str, Rule)> {
    TABLE.iter().filter(|(id, _)| *id == op).flat_map(|(_, rules)| rules.iter()).collect()
}

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
    let filtering = |rule: &Rule| {
        matches!(rule, Equals(_) | Contains(_) | After(_) | Mine(_) | AnyOf(_) | EndsWithAny(_) | Conditions)
    };
    rules(ctx.op.id)
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
    let rules = rules(ctx.op.id);
    for (name, rule) in &rules {
        match rule {
            SortDirection(Some(code)) if value(ctx, name).is_some() => {
                let sort_by = rules.iter().find(|(_, r)| matches!(r, SortBy(_))).map(|(n, _)| *n);
                if sort_by.is_none_or(|s| value(ctx, s).is_none()) {
                    return Err(Answer::problem(400, format!("`{name}` requires `sortBy`"))
                        .code(&format!("{code}.invalidSort")));
                }
            }
            TeamUser(code) => {
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
    let lower = |member: &str| item.get(member).and_then(Value::as_str).map(str::to_ascii_lowercase);
    let wanted = text(value).unwrap_or_default();
    let list = || value.as_array().into_iter().flatten().filter_map(text);
    match rule {
        Equals(member) => item.get(member).is_some_and(|m| same(m, &wanted)),
        Contains(members) => {
            let wanted = wanted.to_ascii_lowercase();
            members.iter().any(|m| lower(m).is_some_and(|t| t.contains(&wanted)))
        }
        After(member) => match (item.get(member).and_then(Value::as_str).and_then(epoch), epoch(&wanted)) {
            (Some(at), Some(after)) => at > after,
            _ => false,
        },
        Mine(member) => wanted != "true" || item.get(member).and_then(Value::as_i64) == Some(me),
        AnyOf(member) => {
            let held: Vec<&Value> = match item.get(member) {
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
        _ => true,
    }
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
pub(crate) fn same(member: &Value, query: &str) -> bool {
    match member {
        Value::String(s) => s.eq_ignore_ascii_case(query),
        Value::Number(n) => n.to_string() == query,
        Value::Bool(b) => b.to_string() == query,
        _ => false,
    }
}

/// The member to sort by and whether descending, if this request sorts.
fn sort_of(ctx: &Ctx) -> Option<(String, bool)> {
    let rules = rules(ctx.op.id);
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
        None => match ctx.op.id {
            "GetSequences" => member == "created",
            "GetSequenceContacts" => true,
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

/// How the mock treats each documented list parameter, for tests and users:
/// (operation, parameter, treatment).
pub(crate) fn describe() -> Vec<(&'static str, &'static str, String)> {
    TABLE
        .iter()
        .flat_map(|(op, rules)| {
            rules.iter().map(move |(name, rule)| {
                let treatment = match rule {
                    Elsewhere(module) => format!("applied by {module}"),
                    Ignored(why) => format!("ignored: {why}"),
                    applied => format!("applied: {applied:?}"),
                };
                (*op, *name, treatment)
            })
        })
        .collect()
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

//! Reply's scope rules (`domain:verb`), for whoever must decide what a set of
//! scopes allows: the mock refusing a call, `reply mcp` hiding a tool.
//!
//! Source: Reply's authentication docs and skills, as noted in
//! `../shared/research/conventions-reporting-automation.md` §1.3: `*:*` and
//! `domain:*` are wildcards; `write` and `operate` each imply `read`, not
//! each other.

/// Whether the scope `granted` allows an operation that requires `required`
/// (`none`, or anything without a `:`, must be granted as is).
pub fn grants(granted: &str, required: &str) -> bool {
    let Some((domain, verb)) = required.split_once(':') else { return granted == required };
    let Some((g_domain, g_verb)) = granted.split_once(':') else { return false };
    (g_domain == "*" || g_domain == domain)
        && (g_verb == "*" || g_verb == verb || (verb == "read" && matches!(g_verb, "write" | "operate")))
}

#[cfg(test)]
mod tests {
    use super::grants;

    #[test]
    fn wildcards_and_implied_reads() {
        assert!(grants("*:*", "contacts:write"));
        assert!(grants("contacts:*", "contacts:operate"));
        assert!(grants("contacts:write", "contacts:read"));
        assert!(grants("contacts:operate", "contacts:read"));
        assert!(!grants("contacts:write", "contacts:operate"));
        assert!(!grants("contacts:read", "contacts:write"));
        assert!(!grants("sequences:*", "contacts:read"));
    }
}

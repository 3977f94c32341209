//! Keys, scopes, acting users and teams.

mod common;

use reply_mock::{KeyConfig, KeyKind};
use serde_json::json;

#[tokio::test]
async fn keys_scopes_users_and_teams() {
    let mut config = common::config();
    config.keys.push(KeyConfig::new("read-only", KeyKind::Personal, Some(1)).with_scopes(&["contacts:read"]));
    config.keys.push(KeyConfig::new("contacts-writer", KeyKind::Personal, Some(1)).with_scopes(&["contacts:write"]));
    let mock = common::start(config).await;

    // Missing or unknown key: 401, empty body, WWW-Authenticate.
    for headers in [vec![], vec![("authorization", "Bearer wrong")], vec![("authorization", "Basic abc")]] {
        let reply = common::call_with(&mock, "GET", "/v3/contacts", None, &headers).await;
        assert_eq!((reply.status, reply.text.as_str(), reply.header("www-authenticate")), (401, "", Some("Bearer")));
    }
    let reply = common::call_with(&mock, "GET", "/v3/whoami", None, &[("x-api-key", common::KEY)]).await;
    assert_eq!((reply.status, reply.json["userId"].as_i64(), reply.json["teamId"].as_i64()), (200, Some(1), Some(1)));

    // Scopes: read allows reads only; write implies read but not operate.
    let reader = [("authorization", "Bearer read-only")];
    assert_eq!(common::call_with(&mock, "GET", "/v3/contacts", None, &reader).await.status, 200);
    let refused = common::call_with(&mock, "POST", "/v3/contacts", Some(json!({ "email": "a@b.io" })), &reader).await;
    assert_eq!((refused.status, refused.json["code"].as_str()), (403, Some("insufficient_scope")));
    let writer = [("authorization", "Bearer contacts-writer")];
    assert_eq!(common::call_with(&mock, "GET", "/v3/contacts", None, &writer).await.status, 200);
    let operate =
        common::call_with(&mock, "POST", "/v3/contacts/set-opted-out", Some(json!({ "contactIds": [1] })), &writer)
            .await;
    assert_eq!(operate.json["code"], "insufficient_scope");

    // A master key acts as its owner, or as a named member; user 2 has two teams.
    let master = ("authorization", "Bearer mock-master-key");
    let owner = common::call_with(&mock, "GET", "/v3/whoami", None, &[master]).await;
    assert_eq!(owner.json["userId"], 1);
    let ambiguous = common::call_with(&mock, "GET", "/v3/whoami", None, &[master, ("x-user-id", "2")]).await;
    assert_eq!((ambiguous.status, ambiguous.json["code"].as_str()), (403, Some("TEAM_REQUIRED")));
    assert_eq!(
        ambiguous.json["teams"],
        json!([{ "teamId": 1, "teamName": "Sales" }, { "teamId": 2, "teamName": "Marketing" }])
    );
    let chosen =
        common::call_with(&mock, "GET", "/v3/whoami", None, &[master, ("x-user-id", "2"), ("x-team-id", "2")]).await;
    assert_eq!((chosen.json["userId"].as_i64(), chosen.json["teamId"].as_i64()), (Some(2), Some(2)));
    let foreign =
        common::call_with(&mock, "GET", "/v3/whoami", None, &[master, ("x-user-id", "2"), ("x-team-id", "9")]).await;
    assert_eq!((foreign.status, foreign.json["code"].as_str()), (403, Some("TEAM_NOT_ACCESSIBLE")));
    let nobody = common::call_with(&mock, "GET", "/v3/whoami", None, &[master, ("x-user-id", "77")]).await;
    assert_eq!((nobody.status, nobody.json["code"].as_str()), (401, Some("USER_NOT_FOUND")));

    // An organization key always names a user.
    let org = ("authorization", "Bearer mock-org-key");
    let anonymous = common::call_with(&mock, "GET", "/v3/contacts", None, &[org]).await;
    assert_eq!((anonymous.status, anonymous.json["code"].as_str()), (403, Some("USER_REQUIRED")));
    let by_email = common::call_with(
        &mock,
        "GET",
        "/v3/whoami",
        None,
        &[org, ("x-user-email", "SAM@mock.reply.io"), ("x-team-id", "1")],
    )
    .await;
    assert_eq!(by_email.json["userId"], 2);
    let team_users = common::call_with(&mock, "GET", "/v3/whoami/team-users", None, &[org, ("x-user-id", "2")]).await;
    assert_eq!(team_users.json.as_array().map(Vec::len), Some(3), "{}", team_users.text);
    // WhoamiTeamUsers: "any valid API key can call this endpoint"; a personal key
    // (Jane, team 1) lists the users of its own teams: Jane and Sam in team 1.
    let personal = common::call(&mock, "GET", "/v3/whoami/team-users", None).await;
    assert_eq!(personal.status, 200, "{}", personal.text);
    let pairs: Vec<(i64, i64)> = personal
        .json
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p["userId"].as_i64().unwrap_or_default(), p["teamId"].as_i64().unwrap_or_default()))
        .collect();
    assert_eq!(pairs, [(1, 1), (2, 1)], "{}", personal.text);

    // Teams do not see each other's data.
    let marketing = [org, ("x-user-id", "2"), ("x-team-id", "2")];
    let created =
        common::call_with(&mock, "POST", "/v3/contacts", Some(json!({ "email": "m@x.io" })), &marketing).await;
    let id = created.json["id"].as_i64().expect("an id");
    assert_eq!(common::call_with(&mock, "GET", &format!("/v3/contacts/{id}"), None, &marketing).await.status, 200);
    let hidden = common::call(&mock, "GET", &format!("/v3/contacts/{id}"), None).await;
    assert_eq!((hidden.status, hidden.json["code"].as_str()), (404, Some("contact.notFound")));

    mock.shutdown().await;
}

//! `reply auth login|status|logout` and `reply whoami`.

use std::io::Read;

use clap::ArgMatches;
use reply_client::Client;
use reply_core::SecretString;
use serde_json::{Map, Value, json};

use crate::context::{self, KeySource};
use crate::failure::Failure;
use crate::globals::Globals;
use crate::output::Printer;
use crate::profiles::{self, Profile};

/// Enough of a key to tell two apart, never enough to use one.
pub fn mask(key: &SecretString) -> String {
    let key = key.expose();
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 12 {
        return "****".to_owned();
    }
    format!("****{}", chars[chars.len() - 4..].iter().collect::<String>())
}

pub async fn run(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    match m.subcommand() {
        Some(("login", _)) => login(globals).await,
        Some(("status", _)) => status(globals).await,
        Some(("logout", _)) => logout(globals),
        _ => unreachable!("clap requires a known auth subcommand"),
    }
}

async fn login(globals: &Globals) -> Result<(), Failure> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
    let key = text.trim();
    if key.is_empty() {
        return Err(Failure::Usage("no key on stdin (try `reply auth login --with-token < key.txt`)".into()));
    }
    let profile = Profile {
        api_key: key.to_owned(),
        base_url: globals.base_url.clone(),
        team_id: globals.team_id,
        quota_store: globals.quota_store.clone(),
    };
    let config = context::config(globals, key.into(), Some(&profile))?;
    // Check the key before saving it, so a typo is found now rather than at the next command.
    let me = Client::new(config)?.user_account().whoami().await?;
    let name = profiles::chosen(globals.profile.as_deref());
    let mut file = profiles::load()?;
    file.profiles.insert(name.clone(), profile);
    let path = profiles::save(&file)?;
    eprintln!(
        "Logged in as {} (user {}, team {}); saved profile `{name}` in {}",
        me.username,
        me.user_id,
        me.team_id,
        path.display()
    );
    Ok(())
}

fn logout(globals: &Globals) -> Result<(), Failure> {
    let name = profiles::chosen(globals.profile.as_deref());
    let mut file = profiles::load()?;
    if file.profiles.remove(&name).is_none() {
        return Err(Failure::Usage(format!("there is no profile `{name}`")));
    }
    let path = profiles::save(&file)?;
    eprintln!("Removed profile `{name}` from {}", path.display());
    Ok(())
}

async fn status(globals: &Globals) -> Result<(), Failure> {
    let printer = Printer::new(globals)?;
    let session = context::connect(globals).await?;
    let mut report = Map::new();
    report.insert("source".into(), session.source.to_string().into());
    if let KeySource::Profile(name) = &session.source {
        report.insert("profile".into(), name.as_str().into());
    }
    report.insert("key".into(), mask(&session.key).into());
    report.insert("baseUrl".into(), session.client.base_url().into());
    if let Some(team) = session.client.config().team_id {
        report.insert("teamId".into(), team.into());
    }
    let me = session.client.user_account().whoami().await;
    match &me {
        Ok(me) => report.insert("whoami".into(), serde_json::to_value(me).expect("whoami encodes")),
        Err(e) => report.insert("whoami".into(), json!({"error": Failure::Reply(e.clone()).message()})),
    };
    printer.print(&Value::Object(report))?;
    me.map(|_| ()).map_err(Failure::from)
}

pub async fn whoami(globals: &Globals) -> Result<(), Failure> {
    let printer = Printer::new(globals)?;
    let session = context::connect(globals).await?;
    let me = session.client.user_account().whoami().await?;
    printer.print(&serde_json::to_value(me).expect("whoami encodes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_at_most_four_characters() {
        assert_eq!(mask(&"mock-personal-key".into()), "****-key");
        assert_eq!(mask(&"short".into()), "****");
    }
}

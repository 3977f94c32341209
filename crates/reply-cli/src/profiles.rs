//! Named profiles in `profiles.json` under `$REPLY_CONFIG_DIR`, else the
//! user's config dir (`~/.config/reply` on Linux). The file holds API keys,
//! so it is written with mode 0600 and a warning is printed when it is
//! readable by others.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::failure::Failure;

pub const DEFAULT_PROFILE: &str = "default";

/// One saved identity.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub api_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// Where the request budget is kept (`local` or a `redis://` URL), as `--quota-store`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_store: Option<String>,
}

// Hand-written so that no `{:?}` can print the key.
impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("api_key", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("team_id", &self.team_id)
            // A Redis URL can carry a password; QuotaStore prints it without.
            .field("quota_store", &self.quota_store.as_deref().map(reply_client::QuotaStore::parse))
            .finish()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ProfileFile {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The directory profiles live in.
pub fn config_dir() -> Result<PathBuf, Failure> {
    if let Some(dir) = std::env::var_os("REPLY_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("reply"))
        .ok_or_else(|| Failure::Usage("no config directory: set REPLY_CONFIG_DIR".into()))
}

pub fn path() -> Result<PathBuf, Failure> {
    Ok(config_dir()?.join("profiles.json"))
}

/// The profile name chosen by `--profile`, else `$REPLY_PROFILE`, else `default`.
pub fn chosen(flag: Option<&str>) -> String {
    flag.map(str::to_owned)
        .or_else(|| std::env::var("REPLY_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

/// Reads the profile file; a missing file is an empty one.
pub fn load() -> Result<ProfileFile, Failure> {
    let path = path()?;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ProfileFile::default()),
        Err(e) => return Err(Failure::Runtime(format!("cannot read {}: {e}", path.display()))),
    };
    warn_if_shared(&path);
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(format!("{} is not a valid profile file: {e}", path.display())))
}

#[cfg(unix)]
fn warn_if_shared(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        eprintln!("warning: {} is readable by other users; run `chmod 600` on it", path.display());
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &std::path::Path) {}

/// Writes the profile file with owner-only permissions, replacing it atomically.
pub fn save(file: &ProfileFile) -> Result<PathBuf, Failure> {
    let path = path()?;
    let dir = path.parent().expect("the file is inside a directory");
    let io = |e: std::io::Error| Failure::Runtime(format!("cannot write {}: {e}", path.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let text = serde_json::to_string_pretty(file).expect("profiles encode") + "\n";
    let temp = dir.join(format!(".profiles.json.{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(&temp).map_err(io)?;
    out.write_all(text.as_bytes()).and_then(|()| out.sync_all()).map_err(io)?;
    std::fs::rename(&temp, &path).map_err(io)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let profile = Profile { api_key: "sk-very-secret".into(), ..Profile::default() };
        assert!(!format!("{profile:?}").contains("sk-very-secret"));
        let file = ProfileFile { profiles: [("work".to_owned(), profile)].into() };
        assert!(!format!("{file:?}").contains("sk-very-secret"));
    }

    #[test]
    fn profile_file_format() {
        let text = r#"{"profiles": {"work": {"apiKey": "k", "baseUrl": "http://127.0.0.1:9", "teamId": 3}}}"#;
        let file: ProfileFile = serde_json::from_str(text).unwrap();
        let work = &file.profiles["work"];
        assert_eq!(
            (work.api_key.as_str(), work.base_url.as_deref(), work.team_id),
            ("k", Some("http://127.0.0.1:9"), Some(3))
        );
    }
}

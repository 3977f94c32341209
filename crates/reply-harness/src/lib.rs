//! Shared pieces of the reliability harness binaries (`chaos`, `quota-load`).

use std::collections::HashMap;

pub mod redis_server;
pub mod truth;

/// Reads `--name value` flags and bare `--switch`es with defaults; anything else is a usage error.
pub struct Flags(HashMap<String, String>);

impl Flags {
    /// `allowed` flags take a value; `switches` take none.
    pub fn parse(allowed: &[&str], switches: &[&str]) -> Result<Flags, String> {
        let mut map = HashMap::new();
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let name = arg.strip_prefix("--").ok_or_else(|| format!("unexpected argument `{arg}`"))?;
            if switches.contains(&name) {
                map.insert(name.to_owned(), "true".to_owned());
                continue;
            }
            if !allowed.contains(&name) {
                let known: Vec<&str> = allowed.iter().chain(switches).copied().collect();
                return Err(format!("unknown flag --{name} (known: --{})", known.join(", --")));
            }
            let value = args.next().ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name.to_owned(), value);
        }
        Ok(Flags(map))
    }

    /// Whether a switch was given.
    pub fn switch(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    pub fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.0.get(name) {
            None => Ok(default),
            Some(text) => text.parse().map_err(|_| format!("--{name}: cannot parse `{text}`")),
        }
    }
}

/// The API key the harness uses against its own mock.
pub const MOCK_KEY: &str = "mock-personal-key";

//! Shared pieces of the reliability harness binaries (`chaos`, `quota-load`).

use std::collections::HashMap;

/// Reads `--name value` flags with defaults; anything else is a usage error.
pub struct Flags(HashMap<String, String>);

impl Flags {
    pub fn parse(allowed: &[&str]) -> Result<Flags, String> {
        let mut map = HashMap::new();
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let name = arg.strip_prefix("--").ok_or_else(|| format!("unexpected argument `{arg}`"))?;
            if !allowed.contains(&name) {
                return Err(format!("unknown flag --{name} (known: --{})", allowed.join(", --")));
            }
            let value = args.next().ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name.to_owned(), value);
        }
        Ok(Flags(map))
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

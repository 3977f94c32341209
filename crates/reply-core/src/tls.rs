//! The TLS set-up every HTTP client of the project uses: rustls with the `ring`
//! provider and the platform's certificate verifier, offering HTTP/2 and HTTP/1.1.
//!
//! Why not reqwest's default provider: it is aws-lc-rs, whose C library
//! (aws-lc-sys) was the longest single step of a cold build from a fresh clone
//! (see the root README's build-time figures). `ring` gives the same TLS 1.2/1.3
//! suites to a client. reqwest is built with `rustls-no-provider`, so a client
//! built without this configuration panics on its first use instead of silently
//! picking another provider: build every reqwest client with
//! `reqwest::Client::builder().tls_backend_preconfigured(reply_core::tls::client_config()?)`.

use std::sync::Arc;

use rustls_platform_verifier::BuilderVerifierExt;

/// A rustls client configuration: ring, the platform's verifier, ALPN `h2` then `http/1.1`.
///
/// reqwest takes a preconfigured configuration as it is, so the ALPN list it
/// would otherwise set is set here; without it every connection would be HTTP/1.1.
pub fn client_config() -> Result<rustls::ClientConfig, crate::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| crate::Error::Config(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_http2_before_http1_with_the_ring_provider() {
        let config = client_config().expect("a TLS configuration");
        assert_eq!(config.alpn_protocols, vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
        let ring = rustls::crypto::ring::default_provider();
        let suites = |p: &rustls::crypto::CryptoProvider| p.cipher_suites.iter().map(|s| s.suite()).collect::<Vec<_>>();
        assert_eq!(suites(config.crypto_provider()), suites(&ring));
    }
}

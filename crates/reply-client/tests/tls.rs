//! The default transport over TLS: against a loopback HTTPS server whose
//! certificate comes from a CA made here, the transport negotiates HTTP/2 once
//! that CA is trusted (through `SSL_CERT_FILE`, which the platform verifier reads
//! on Linux) and refuses the server before that. This is the check that the
//! ring provider, the platform verifier and ALPN (reply-core's `tls` module) are
//! wired into reqwest; nothing else in the suites speaks TLS.
//!
//! One test in its own binary: it sets a process environment variable.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use reply_client::ReqwestTransport;
use reply_core::http::{Method, Request, Transport};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

struct Server {
    port: u16,
    ca_pem: String,
    versions: Arc<Mutex<Vec<hyper::Version>>>,
}

/// A CA, a `localhost` certificate it signs, and an HTTPS server offering h2 and http/1.1.
async fn start_server() -> Server {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_key = rcgen::KeyPair::generate().expect("a CA key");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("a CA");
    let leaf_key = rcgen::KeyPair::generate().expect("a key");
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .signed_by(&leaf_key, &ca)
        .expect("a certificate");

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .expect("a server config");
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let port = listener.local_addr().expect("an address").port();
    let versions = Arc::new(Mutex::new(Vec::new()));
    let seen = versions.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (acceptor, seen) = (acceptor.clone(), seen.clone());
            tokio::spawn(async move {
                // A refused handshake (the client's verifier saying no) ends here.
                let Ok(tls) = acceptor.accept(stream).await else { return };
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    seen.lock().expect("lock").push(request.version());
                    async move {
                        let answer = hyper::Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(Bytes::from_static(b"{\"ok\":true}")))
                            .expect("an answer");
                        Ok::<_, std::convert::Infallible>(answer)
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    Server { port, ca_pem: ca.pem(), versions }
}

fn get(port: u16) -> Request {
    Request {
        method: Method::Get,
        url: format!("https://localhost:{port}/v3/ping"),
        headers: Default::default(),
        body: None,
    }
}

#[tokio::test]
async fn the_default_transport_verifies_the_server_and_negotiates_http2() {
    let server = start_server().await;
    let timeout = Some(Duration::from_secs(10));

    // Not yet trusted: the handshake is refused, nothing reaches the server.
    let untrusted = ReqwestTransport::new(1 << 20).expect("a transport");
    let refused = untrusted.send(&get(server.port), timeout).await;
    assert!(refused.is_err(), "a certificate from an unknown CA was accepted");
    assert!(server.versions.lock().expect("lock").is_empty());

    let dir = std::env::temp_dir().join(format!("reply-tls-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &server.ca_pem).expect("the CA file");
    // SAFETY: this binary holds this one test; no other thread reads the environment now.
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca_file) };

    let trusted = ReqwestTransport::new(1 << 20).expect("a transport");
    let answer = trusted.send(&get(server.port), timeout).await.expect("an answer over TLS");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(answer.status, 200);
    assert_eq!(&answer.body[..], b"{\"ok\":true}");
    assert_eq!(*server.versions.lock().expect("lock"), vec![hyper::Version::HTTP_2]);
}

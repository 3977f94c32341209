//! The API key never shows: not in Debug or Display of the client, config,
//! requests or errors, and not in captured trace logs.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use reply_client::Config;
use reply_core::TransportErrorKind;
use support::{Answer, KEY, Script, client, problem};

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_key_appears_nowhere() {
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let script = Script::new(vec![
        problem(500, r#"{"status":500,"detail":"boom"}"#),
        Answer::Fail(TransportErrorKind::Timeout),
        Answer::Status(401, vec![("www-authenticate", "Bearer".into())], String::new()),
    ]);
    let c = client(&script);
    let e1 = c.sequences().start(1).await.unwrap_err();
    let e2 = c.contacts().get(1).retry(reply_client::RetryPolicy::none()).await.unwrap_err();
    let e3 = c.contacts().get(1).await.unwrap_err();

    let mut texts = vec![
        format!("{c:?}"),
        format!("{:?}", c.config()),
        format!("{:?}", Config::new(KEY)),
        format!("{:?}", script.seen()[0].headers),
    ];
    for e in [&e1, &e2, &e3] {
        texts.push(format!("{e}"));
        texts.push(format!("{e:?}"));
    }
    texts.push(String::from_utf8(sink.0.lock().unwrap().clone()).unwrap());
    assert!(texts.last().unwrap().contains("reply.request"), "the trace was captured");
    for text in &texts {
        assert!(!text.contains(KEY), "the key leaked into: {text}");
        assert!(!text.contains(&KEY[3..]), "part of the key leaked into: {text}");
    }
    // The key does go where it must.
    assert_eq!(script.seen()[0].headers.get("authorization"), Some(format!("Bearer {KEY}").as_str()));
}

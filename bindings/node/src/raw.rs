//! `client.request({ method, path, ... })`: the engine's raw request to any
//! path under the API. Query pairs and the body cross as JSON text, the answer
//! leaves as JSON text for `JSON.parse`.

use napi_derive::napi;

use crate::client::NativeClient;
use crate::error;
use crate::options::{self, CallOptions};

#[napi]
impl NativeClient {
    /// Sends `method` to `path`; `query` is a JSON array of `[name, value]`
    /// string pairs, `body` JSON text. Answers the body as JSON text (`null`
    /// for an empty one, a string for one that is not JSON).
    #[napi]
    pub async fn request(
        &self,
        method: String,
        path: String,
        query: String,
        body: Option<String>,
        options: Option<CallOptions>,
    ) -> napi::Result<String> {
        let query: Vec<(String, String)> =
            serde_json::from_str(&query).map_err(|_| error::config("query must be a list of [name, value] strings"))?;
        let body = match body {
            Some(text) => Some(
                serde_json::from_str(&text).map_err(|e| error::config(format!("the request body is not JSON: {e}")))?,
            ),
            None => None,
        };
        let options = options::request(options, self.client.config().retry)?;
        let answer =
            self.client.request(&method, &path, &query, body.as_ref(), &options).await.map_err(error::to_js)?;
        Ok(answer.body.to_string())
    }
}

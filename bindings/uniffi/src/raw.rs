//! `ReplyClient.request(...)`: the engine's raw request to any path under the
//! API, known to the SDK or not, with the pipeline of every other call.

use crate::client::{ReplyClient, RequestOptions};
use crate::error::ReplyError;
use crate::json::JsonValue;

/// One query parameter; repeat a name for an array parameter.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QueryParam {
    pub name: String,
    pub value: String,
}

#[uniffi::export(async_runtime = "tokio")]
impl ReplyClient {
    /// Sends `method` to `path` (`/v3/things`, `/things` and `things` alike)
    /// and answers the body as JSON text (`null` for an empty answer). A path
    /// of the operation table is sent as its operation; any other is a read
    /// for GET and HEAD and a write otherwise, never retried once Reply may
    /// have acted (`OutcomeUnknown`). Absolute URLs and `..` are refused.
    #[uniffi::method(default(query = [], body = None, options = None))]
    pub async fn request(
        &self,
        method: String,
        path: String,
        query: Vec<QueryParam>,
        body: Option<JsonValue>,
        options: Option<RequestOptions>,
    ) -> Result<JsonValue, ReplyError> {
        let options = RequestOptions::to_core(options, self.inner.config().retry)?;
        let query: Vec<(String, String)> = query.into_iter().map(|q| (q.name, q.value)).collect();
        let body = body.map(|b| b.0);
        let answer = self.inner.request(&method, &path, &query, body.as_ref(), &options).await?;
        Ok(JsonValue(answer.body))
    }
}

//! Request bodies from JS: JSON text, or the parts of an upload form.

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use reply_client::DynamicBody;

use crate::error;

/// One part of an upload form: text, bytes, or a file read from `path`.
#[napi(object)]
pub struct FormPart {
    pub name: String,
    pub text: Option<String>,
    pub data: Option<Buffer>,
    pub path: Option<String>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
}

/// A request body: `json` (JSON text) or `parts` (multipart), or neither.
#[napi(object)]
pub struct RequestBody {
    pub json: Option<String>,
    pub parts: Option<Vec<FormPart>>,
}

/// Builds the body; files named by path are read here, off the JS thread.
pub async fn body(body: Option<RequestBody>) -> napi::Result<DynamicBody> {
    let Some(body) = body else { return Ok(DynamicBody::None) };
    match (body.json, body.parts) {
        (Some(text), None) => serde_json::from_str(&text)
            .map(DynamicBody::Json)
            .map_err(|e| error::config(format!("the request body is not JSON: {e}"))),
        (None, Some(parts)) => {
            let parts = parts.into_iter().map(engine_part).collect::<napi::Result<Vec<_>>>()?;
            reply_client::build_form(parts).await.map(DynamicBody::Multipart).map_err(error::to_js)
        }
        (None, None) => Ok(DynamicBody::None),
        (Some(_), Some(_)) => Err(error::config("a request body is JSON or a form, not both")),
    }
}

/// A JS form part as the engine's: exactly one of text, data or path.
fn engine_part(part: FormPart) -> napi::Result<reply_client::FormPart> {
    let FormPart { name, text, data, path, filename, content_type } = part;
    match (text, data, path) {
        (Some(value), None, None) => Ok(reply_client::FormPart::Text { name, value }),
        (None, Some(data), None) => {
            Ok(reply_client::FormPart::Bytes { name, filename, content_type, data: data.to_vec() })
        }
        (None, None, Some(path)) => Ok(reply_client::FormPart::Path { name, path, filename, content_type }),
        _ => Err(error::config(format!("form field `{name}` needs exactly one of text, data or path"))),
    }
}

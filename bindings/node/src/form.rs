//! Request bodies from JS: JSON text, or the parts of an upload form.

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use reply_client::{DynamicBody, Multipart};

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
            let mut form = Multipart::new();
            for part in parts {
                form = add_part(form, part).await?;
            }
            Ok(DynamicBody::Multipart(form))
        }
        (None, None) => Ok(DynamicBody::None),
        (Some(_), Some(_)) => Err(error::config("a request body is JSON or a form, not both")),
    }
}

async fn add_part(form: Multipart, part: FormPart) -> napi::Result<Multipart> {
    let FormPart { name, text, data, path, filename, content_type } = part;
    match (text, data, path) {
        (Some(text), None, None) => Ok(form.text(&name, text)),
        (None, Some(data), None) => {
            let filename = filename.unwrap_or_else(|| name.clone());
            Ok(form.file(&name, &filename, content_type.as_deref(), data.to_vec()))
        }
        (None, None, Some(path)) => {
            let mut form = reply_client::add_file(form, &name, &path).await.map_err(error::to_js)?;
            // Explicit names win over the ones taken from the path.
            let added = form.parts.last_mut().expect("add_file added a part");
            if let Some(filename) = filename {
                added.filename = Some(filename);
            }
            if let Some(content_type) = content_type {
                added.content_type = Some(content_type);
            }
            Ok(form)
        }
        _ => Err(error::config(format!("form field `{name}` needs exactly one of text, data or path"))),
    }
}

//! Upload forms for the multipart operations.

use crate::error::ReplyError;

/// A file in an upload form.
#[derive(Debug, Clone, uniffi::Record)]
pub struct FilePart {
    /// The form field, e.g. `file`.
    pub field: String,
    pub filename: String,
    #[uniffi(default = None)]
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// A plain text field in an upload form.
#[derive(Debug, Clone, uniffi::Record)]
pub struct TextPart {
    pub name: String,
    pub value: String,
}

/// A `multipart/form-data` body: files and text fields, sent in this order.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct UploadForm {
    #[uniffi(default)]
    pub files: Vec<FilePart>,
    #[uniffi(default)]
    pub fields: Vec<TextPart>,
}

impl UploadForm {
    /// The form as the engine builds it (files first, then fields; a file's
    /// content type, when not given, guessed from its name as in every binding).
    pub(crate) async fn into_body(self) -> Result<reply_client::DynamicBody, ReplyError> {
        let files = self.files.into_iter().map(|f| reply_client::FormPart::Bytes {
            name: f.field,
            filename: Some(f.filename),
            content_type: f.content_type,
            data: f.data,
        });
        let fields = self.fields.into_iter().map(|t| reply_client::FormPart::Text { name: t.name, value: t.value });
        let form = reply_client::build_form(files.chain(fields).collect()).await?;
        Ok(reply_client::DynamicBody::Multipart(form))
    }
}

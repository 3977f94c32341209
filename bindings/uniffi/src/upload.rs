//! Upload forms for the multipart operations.

use reply_core::Multipart;

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
    pub(crate) fn into_body(self) -> reply_client::DynamicBody {
        let mut form = Multipart::new();
        for f in self.files {
            form = form.file(&f.field, &f.filename, f.content_type.as_deref(), f.data);
        }
        for t in self.fields {
            form = form.text(&t.name, t.value);
        }
        reply_client::DynamicBody::Multipart(form)
    }
}

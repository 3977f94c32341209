//! Building upload forms: the one set of rules every binding's form goes
//! through (a file's name defaults to its field's or its path's, its content
//! type to a guess from that name), from parts given as plain data.

use std::path::Path;

use reply_core::{Error, Multipart};

/// A content type from a file name's extension (`application/octet-stream` when unknown).
pub fn content_type_for(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "md" => "text/markdown",
        "json" => "application/json",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Adds a file from disk to a form under `field`.
pub async fn add_file(form: Multipart, field: &str, path: impl AsRef<Path>) -> Result<Multipart, Error> {
    let path = path.as_ref();
    let data =
        tokio::fs::read(path).await.map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    Ok(form.file(field, name, Some(content_type_for(path)), data))
}

/// One part of an upload form, as a binding passes it.
#[derive(Debug, Clone, PartialEq)]
pub enum FormPart {
    /// A text field.
    Text { name: String, value: String },
    /// A file given as bytes; `filename` defaults to the field's name.
    Bytes { name: String, filename: Option<String>, content_type: Option<String>, data: Vec<u8> },
    /// A file read from disk; `filename` defaults to the path's file name.
    Path { name: String, path: String, filename: Option<String>, content_type: Option<String> },
}

/// The form of `parts`, in their order; a file's content type, when not given,
/// is guessed from its file name.
pub async fn build_form(parts: Vec<FormPart>) -> Result<Multipart, Error> {
    let mut form = Multipart::new();
    for part in parts {
        form = match part {
            FormPart::Text { name, value } => form.text(&name, value),
            FormPart::Bytes { name, filename, content_type, data } => {
                let filename = filename.unwrap_or_else(|| name.clone());
                let guessed = content_type_for(Path::new(&filename));
                form.file(&name, &filename, Some(content_type.as_deref().unwrap_or(guessed)), data)
            }
            FormPart::Path { name, path, filename, content_type } => {
                let mut form = add_file(form, &name, &path).await?;
                let added = form.parts.last_mut().expect("add_file added a part");
                if let Some(filename) = filename {
                    added.filename = Some(filename);
                }
                if let Some(content_type) = content_type {
                    added.content_type = Some(content_type);
                }
                form
            }
        };
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn parts_keep_their_order_and_get_a_name_and_a_type() {
        let dir = std::env::temp_dir().join(format!("reply-form-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("notes.csv");
        std::fs::write(&file, "a,b\n").unwrap();
        let parts = vec![
            FormPart::Text { name: "title".into(), value: "Q1".into() },
            FormPart::Bytes { name: "logo.png".into(), filename: None, content_type: None, data: vec![1] },
            FormPart::Bytes {
                name: "doc".into(),
                filename: Some("x.pdf".into()),
                content_type: Some("text/x".into()),
                data: vec![2],
            },
            FormPart::Path {
                name: "file".into(),
                path: file.display().to_string(),
                filename: None,
                content_type: None,
            },
        ];
        let form = build_form(parts).await.unwrap();
        let seen: Vec<(Option<&str>, Option<&str>)> =
            form.parts.iter().map(|p| (p.filename.as_deref(), p.content_type.as_deref())).collect();
        assert_eq!(
            seen,
            [
                (None, None),
                (Some("logo.png"), Some("image/png")),
                (Some("x.pdf"), Some("text/x")),
                (Some("notes.csv"), Some("text/csv"))
            ]
        );
        let missing = FormPart::Path {
            name: "f".into(),
            path: dir.join("nope").display().to_string(),
            filename: None,
            content_type: None,
        };
        assert!(matches!(build_form(vec![missing]).await, Err(Error::Config(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

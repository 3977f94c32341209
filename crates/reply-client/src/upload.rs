//! Building upload forms from files on disk.

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

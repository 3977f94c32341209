//! The form of an upload tool: text fields as sent, and each file part either
//! read from a local `path` or decoded from `contentBase64`.
//!
//! A path comes from the model, and a model can be talked into naming any
//! file (`~/.ssh/id_ed25519`). So the server reads only files under the
//! folders the user named with `--upload-dir`: an absolute path, no `..`,
//! inside one of them after symbolic links are resolved, and a regular file.
//! Without `--upload-dir` no path is read at all, and `contentBase64` is the
//! way. A path outside is refused before anything about it is looked up, so
//! the answer does not even say whether such a file exists.

use std::path::{Component, Path, PathBuf};

use base64::Engine;
use reply_core::Multipart;
use serde_json::{Map, Value};

/// The folders the server may read uploads from, as the user gave them and resolved.
#[derive(Debug, Clone, Default)]
pub struct UploadDirs(Vec<(PathBuf, PathBuf)>);

impl UploadDirs {
    /// Each folder must exist; it is resolved once (symbolic links followed).
    pub fn new(dirs: impl IntoIterator<Item = PathBuf>) -> std::io::Result<UploadDirs> {
        let mut out = Vec::new();
        for dir in dirs {
            let absolute = std::path::absolute(&dir)?;
            let resolved = std::fs::canonicalize(&absolute)
                .map_err(|e| std::io::Error::new(e.kind(), format!("--upload-dir {}: {e}", dir.display())))?;
            if !resolved.is_dir() {
                return Err(std::io::Error::other(format!("--upload-dir {}: not a folder", dir.display())));
            }
            out.push((absolute, resolved));
        }
        Ok(UploadDirs(out))
    }

    /// The file `given` names, if it may be read; else why not (nothing about it looked up when outside).
    fn resolve(&self, given: &str) -> Result<PathBuf, String> {
        if self.0.is_empty() {
            return Err(format!(
                "cannot read `{given}`: this server reads no local files (start `reply mcp` with --upload-dir FOLDER \
                 to allow files under FOLDER), so pass the file as contentBase64 with a filename"
            ));
        }
        let path = Path::new(given);
        let folders = || self.0.iter().map(|(given, _)| given.display().to_string()).collect::<Vec<_>>().join(", ");
        if !path.is_absolute() || path.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(format!(
                "`{given}` is not an absolute path without `..`; give the full path of a file under {}",
                folders()
            ));
        }
        let inside = |p: &Path| self.0.iter().any(|(given, resolved)| p.starts_with(given) || p.starts_with(resolved));
        if !inside(path) {
            return Err(format!(
                "`{given}` is outside the folders this server may read ({}); nothing was read",
                folders()
            ));
        }
        let resolved = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("no file at `{given}`"),
            _ => format!("cannot read `{given}`: {e}"),
        })?;
        // A symbolic link inside a folder may point out of it.
        if !self.0.iter().any(|(_, root)| resolved.starts_with(root)) {
            return Err(format!(
                "`{given}` leads outside the folders this server may read ({}); nothing was read",
                folders()
            ));
        }
        if !resolved.is_file() {
            return Err(format!("`{given}` is not a file"));
        }
        Ok(resolved)
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One file part from its argument object.
async fn file(form: Multipart, field: &str, spec: &Value, dirs: &UploadDirs) -> Result<Multipart, String> {
    let Some(spec) = spec.as_object() else {
        return Err(format!("`{field}` is a file: give {{path}} or {{contentBase64, filename}}"));
    };
    let text = |key: &str| spec.get(key).and_then(Value::as_str);
    if let Some(member) =
        spec.keys().find(|k| !["path", "contentBase64", "filename", "contentType"].contains(&k.as_str()))
    {
        return Err(format!("`{field}`: unknown member `{member}` (path, contentBase64, filename, contentType)"));
    }
    let (data, default_name) = match (text("path"), text("contentBase64")) {
        (Some(_), Some(_)) => return Err(format!("`{field}`: give path or contentBase64, not both")),
        (Some(given), None) => {
            let path = dirs.resolve(given)?;
            let data = tokio::fs::read(&path).await.map_err(|e| format!("cannot read `{given}`: {e}"))?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file").to_owned();
            (data, Some(name))
        }
        (None, Some(encoded)) => {
            let compact: String = encoded.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let data = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map_err(|e| format!("`{field}.contentBase64` is not base64: {e}"))?;
            (data, None)
        }
        (None, None) => return Err(format!("`{field}` needs path or contentBase64 (with filename)")),
    };
    let Some(name) = text("filename").map(str::to_owned).or(default_name) else {
        return Err(format!("`{field}`: contentBase64 needs a filename"));
    };
    let content_type = text("contentType").unwrap_or_else(|| reply_client::content_type_for(Path::new(&name)));
    Ok(form.file(field, &name, Some(content_type), data))
}

/// The multipart form of an upload tool's `body`; an error says what to fix, and nothing is sent.
pub async fn form(body: Map<String, Value>, dirs: &UploadDirs) -> Result<Multipart, String> {
    let mut form = Multipart::new();
    for (field, value) in &body {
        form = match value {
            Value::Null => form,
            Value::Object(_) => file(form, field, value, dirs).await?,
            Value::Array(items) if items.iter().all(Value::is_object) => {
                let mut form = form;
                for item in items {
                    form = file(form, field, item, dirs).await?;
                }
                form
            }
            other => form.text(field, text_of(other)),
        };
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn dirs_with_file() -> (tempfile::TempDir, UploadDirs, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("deck.pdf");
        std::fs::write(&file, b"%PDF-1.7 deck").unwrap();
        let dirs = UploadDirs::new([dir.path().to_path_buf()]).unwrap();
        (dir, dirs, file)
    }

    #[tokio::test]
    async fn base64_content_becomes_a_file_part_with_its_name_and_type() {
        let form = form(
            body(json!({"file": {"contentBase64": "aGVs\nbG8=", "filename": "hi.txt"}, "note": 5})),
            &UploadDirs::default(),
        )
        .await
        .unwrap();
        let file = form.parts.iter().find(|p| p.name == "file").unwrap();
        assert_eq!((file.filename.as_deref(), file.content_type.as_deref()), (Some("hi.txt"), Some("text/plain")));
        assert_eq!(&file.data[..], b"hello");
        let note = form.parts.iter().find(|p| p.name == "note").unwrap();
        assert_eq!((&note.data[..], note.filename.as_deref()), (&b"5"[..], None));
    }

    #[tokio::test]
    async fn a_path_under_an_upload_dir_is_read() {
        let (_dir, dirs, file) = dirs_with_file();
        let form = form(body(json!({"file": {"path": file.to_str().unwrap()}})), &dirs).await.unwrap();
        let part = &form.parts[0];
        assert_eq!(
            (part.filename.as_deref(), part.content_type.as_deref()),
            (Some("deck.pdf"), Some("application/pdf"))
        );
        assert_eq!(&part.data[..], b"%PDF-1.7 deck");
    }

    #[tokio::test]
    async fn paths_outside_missing_relative_or_without_upload_dirs_are_refused() {
        let (dir, dirs, file) = dirs_with_file();
        let missing = dir.path().join("nope.pdf");
        let refused =
            |v: Value, dirs: UploadDirs| async move { form(body(json!({ "file": v })), &dirs).await.unwrap_err() };
        let e = refused(json!({"path": missing.to_str().unwrap()}), dirs.clone()).await;
        assert!(e.contains("no file at"), "{e}");
        let e = refused(json!({"path": "/etc/hostname"}), dirs.clone()).await;
        assert!(e.contains("outside the folders") && e.contains("nothing was read"), "{e}");
        let sneaky = format!("{}/../../etc/hostname", dir.path().display());
        assert!(refused(json!({"path": sneaky}), dirs.clone()).await.contains("without `..`"));
        assert!(refused(json!({"path": "deck.pdf"}), dirs.clone()).await.contains("absolute"));
        let e = refused(json!({"path": file.to_str().unwrap()}), UploadDirs::default()).await;
        assert!(e.contains("--upload-dir") && e.contains("contentBase64"), "{e}");
        let both = json!({"path": file.to_str().unwrap(), "contentBase64": "aGk=", "filename": "a"});
        assert!(refused(both, dirs.clone()).await.contains("not both"));
        assert!(refused(json!({"contentBase64": "aGk="}), dirs.clone()).await.contains("filename"));
        assert!(refused(json!({"contentBase64": "***", "filename": "a"}), dirs).await.contains("not base64"));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_link_out_of_an_upload_dir_is_refused() {
        let (dir, dirs, _) = dirs_with_file();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"s").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(outside.path().join("secret"), &link).unwrap();
        let e = form(body(json!({"file": {"path": link.to_str().unwrap()}})), &dirs).await.unwrap_err();
        assert!(e.contains("leads outside"), "{e}");
    }
}

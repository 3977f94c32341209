//! `multipart/form-data` bodies for the upload operations.

use bytes::Bytes;

/// One part of a form.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

/// A form to upload: files and text fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    pub parts: Vec<Part>,
}

impl Multipart {
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a file part.
    pub fn file(mut self, name: &str, filename: &str, content_type: Option<&str>, data: impl Into<Bytes>) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            filename: Some(filename.to_owned()),
            content_type: Some(content_type.unwrap_or("application/octet-stream").to_owned()),
            data: data.into(),
        });
        self
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            filename: None,
            content_type: None,
            data: Bytes::from(value.into()),
        });
        self
    }

    /// Encodes the form: its content type (with boundary) and body.
    pub fn encode(&self) -> (String, Bytes) {
        let boundary = self.boundary();
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quote(&part.name);
            match &part.filename {
                Some(filename) => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\n", quote(filename))
                        .as_bytes(),
                ),
                None => {
                    out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes())
                }
            }
            if let Some(ct) = &part.content_type {
                out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), Bytes::from(out))
    }

    /// A boundary that occurs in no part (deterministic, so requests are reproducible).
    fn boundary(&self) -> String {
        let mut n = 0u32;
        loop {
            let candidate = format!("reply-sdk-boundary-{n:08x}");
            let needle = candidate.as_bytes();
            if !self.parts.iter().any(|p| p.data.windows(needle.len()).any(|w| w == needle)) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Escapes a header parameter value.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_files_and_fields() {
        let form = Multipart::new().file("file", "a.txt", Some("text/plain"), "hello").text("title", "T");
        let (ct, body) = form.encode();
        assert_eq!(ct, "multipart/form-data; boundary=reply-sdk-boundary-00000000");
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(text.contains("name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"));
        assert!(text.ends_with("--reply-sdk-boundary-00000000--\r\n"));
    }

    #[test]
    fn boundary_avoids_the_data() {
        let form = Multipart::new().text("x", "reply-sdk-boundary-00000000");
        assert!(form.encode().0.ends_with("-00000001"));
    }
}

//! Multipart forms from Python: each part is `("file", field, filename,
//! content_type, bytes)`, `("path", field, path)` or `("text", field, value)`.
//! Files named by path are read by the client's own `add_file`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use reply_client::{Error, Multipart, add_file, content_type_for};

pub enum Part {
    File { field: String, filename: String, content_type: Option<String>, data: Vec<u8> },
    Path { field: String, path: String },
    Text { field: String, value: String },
}

pub fn parts_from_py(parts: &Bound<'_, PyList>) -> PyResult<Vec<Part>> {
    parts
        .iter()
        .map(|item| {
            let tuple = item.cast::<PyTuple>()?;
            let kind: String = tuple.get_item(0)?.extract()?;
            let field: String = tuple.get_item(1)?.extract()?;
            Ok(match kind.as_str() {
                "file" => Part::File {
                    field,
                    filename: tuple.get_item(2)?.extract()?,
                    content_type: tuple.get_item(3)?.extract()?,
                    data: tuple.get_item(4)?.extract()?,
                },
                "path" => Part::Path { field, path: tuple.get_item(2)?.extract()? },
                "text" => Part::Text { field, value: tuple.get_item(2)?.extract()? },
                other => return Err(PyTypeError::new_err(format!("unknown form part kind `{other}`"))),
            })
        })
        .collect()
}

pub async fn to_form(parts: Vec<Part>) -> Result<Multipart, Error> {
    let mut form = Multipart::new();
    for part in parts {
        form = match part {
            Part::File { field, filename, content_type, data } => {
                let guessed = content_type_for(std::path::Path::new(&filename));
                form.file(&field, &filename, Some(content_type.as_deref().unwrap_or(guessed)), data)
            }
            Part::Path { field, path } => add_file(form, &field, path).await?,
            Part::Text { field, value } => form.text(&field, value),
        };
    }
    Ok(form)
}

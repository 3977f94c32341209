//! Multipart forms from Python: each part is `("file", field, filename,
//! content_type, bytes)`, `("path", field, path)` or `("text", field, value)`,
//! converted to the engine's `FormPart`; `reply_client::build_form` applies the
//! rules (default names, content-type guesses) every binding shares.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use reply_client::FormPart;

pub fn parts_from_py(parts: &Bound<'_, PyList>) -> PyResult<Vec<FormPart>> {
    parts
        .iter()
        .map(|item| {
            let tuple = item.cast::<PyTuple>()?;
            let kind: String = tuple.get_item(0)?.extract()?;
            let name: String = tuple.get_item(1)?.extract()?;
            Ok(match kind.as_str() {
                "file" => FormPart::Bytes {
                    name,
                    filename: Some(tuple.get_item(2)?.extract()?),
                    content_type: tuple.get_item(3)?.extract()?,
                    data: tuple.get_item(4)?.extract()?,
                },
                "path" => {
                    FormPart::Path { name, path: tuple.get_item(2)?.extract()?, filename: None, content_type: None }
                }
                "text" => FormPart::Text { name, value: tuple.get_item(2)?.extract()? },
                other => return Err(PyTypeError::new_err(format!("unknown form part kind `{other}`"))),
            })
        })
        .collect()
}

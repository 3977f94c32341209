//! Page text handed to JavaScript. A page is a few hundred kilobytes that JS
//! parses once and drops, so copying it into the JS heap is pure cost (a
//! sixth of the JS thread's time in a profile of the paging benchmark).
//! ASCII text (most pages: only names and notes bring other characters)
//! becomes an external one-byte string that V8 reads where Rust wrote it,
//! freed when V8 collects it. Other text, and Node versions without external
//! strings, get a copy.

use std::ffi::{c_char, c_void};
use std::sync::OnceLock;

use napi::bindgen_prelude::{Latin1String, ToNapiValue};
use napi::sys;

pub struct PageText(pub String);

/// `node_api_create_external_string_latin1` (Node 20.4 and later).
type CreateExternalLatin1 = unsafe extern "C" fn(
    env: sys::napi_env,
    text: *mut c_char,
    length: usize,
    finalize: sys::napi_finalize,
    hint: *mut c_void,
    result: *mut sys::napi_value,
    copied: *mut bool,
) -> sys::napi_status;

/// The running Node's external-string constructor, looked up rather than
/// linked: calling a missing Node-API function would abort the process.
fn create_external_latin1() -> Option<CreateExternalLatin1> {
    static FOUND: OnceLock<Option<CreateExternalLatin1>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        #[cfg(unix)]
        {
            // SAFETY: dlsym with a NUL-terminated name; a non-null result is
            // Node's exported function of the documented signature.
            let symbol = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"node_api_create_external_string_latin1".as_ptr()) };
            (!symbol.is_null()).then(|| unsafe { std::mem::transmute::<*mut c_void, CreateExternalLatin1>(symbol) })
        }
        #[cfg(not(unix))]
        None
    })
}

/// Frees the text of an external string V8 has collected.
unsafe extern "C" fn free_text(_env: sys::napi_env, _data: *mut c_void, hint: *mut c_void) {
    // SAFETY: `hint` is the `Box<String>` leaked in `to_napi_value`, passed here once.
    drop(unsafe { Box::from_raw(hint.cast::<String>()) });
}

impl ToNapiValue for PageText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let text = val.0;
        if !text.is_ascii() {
            return unsafe { String::to_napi_value(env, text) };
        }
        // Far below V8's string length limit, so Node cannot refuse it.
        let fits = !text.is_empty() && text.len() < 1 << 28;
        let Some(create) = create_external_latin1().filter(|_| fits) else {
            return unsafe { Latin1String::to_napi_value(env, Latin1String::from(text)) };
        };
        let (ptr, len) = (text.as_ptr(), text.len());
        let owner = Box::into_raw(Box::new(text));
        let (mut result, mut copied) = (std::ptr::null_mut(), false);
        // SAFETY: the bytes stay where they are, unchanged, until `free_text`
        // runs (the String's heap buffer does not move with the Box). From
        // here Node owns them: when it copies instead (V8's sandbox), it has
        // already called `free_text` by the time this returns.
        let status =
            unsafe { create(env, ptr as *mut c_char, len, Some(free_text), owner.cast(), &mut result, &mut copied) };
        if status != sys::Status::napi_ok {
            // Node may still call `free_text` (at exit), so the text is left to it.
            return Err(napi::Error::from_reason(format!("Node could not take the page text (status {status})")));
        }
        Ok(result)
    }
}

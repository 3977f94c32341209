//! Page text handed to JavaScript. A page is a few hundred kilobytes that JS
//! parses once and drops, so copying it into the JS heap is pure cost, and
//! transcoding it from UTF-8 there costs the JS thread more (a sixth of its
//! time in a profile of the paging benchmark). So the page is put into a form
//! V8 reads where Rust wrote it *before* it reaches the JS thread (the page
//! pump does it while JS works through the previous page): one byte per
//! character when every character is below U+0100 (ASCII, and the accented
//! Latin letters of most names and cities), else UTF-16; then it becomes an
//! external string, freed when V8 collects it. Node versions without external
//! strings get a copy, made from the already transcoded text.

use std::ffi::{c_char, c_void};
use std::sync::OnceLock;

use napi::bindgen_prelude::ToNapiValue;
use napi::sys;

pub enum PageText {
    /// Every character below U+0100, one byte each (ISO-8859-1).
    Latin1(Vec<u8>),
    /// Any other text, as UTF-16 code units.
    Utf16(Vec<u16>),
}

impl PageText {
    /// The page in the narrowest form V8 stores strings in.
    pub fn new(text: String) -> PageText {
        if text.is_ascii() {
            return PageText::Latin1(text.into_bytes());
        }
        let mut latin1 = Vec::with_capacity(text.len());
        for c in text.chars() {
            match u8::try_from(u32::from(c)) {
                Ok(byte) => latin1.push(byte),
                Err(_) => return PageText::Utf16(text.encode_utf16().collect()),
            }
        }
        PageText::Latin1(latin1)
    }
}

/// `node_api_create_external_string_latin1` / `_utf16` (Node 20.4 and later).
type CreateExternal<T> = unsafe extern "C" fn(
    env: sys::napi_env,
    text: *mut T,
    length: usize,
    finalize: sys::napi_finalize,
    hint: *mut c_void,
    result: *mut sys::napi_value,
    copied: *mut bool,
) -> sys::napi_status;

/// The running Node's external-string constructor `name`, looked up rather
/// than linked: calling a missing Node-API function would abort the process.
fn lookup<T>(name: &std::ffi::CStr) -> Option<CreateExternal<T>> {
    #[cfg(unix)]
    {
        // SAFETY: dlsym with a NUL-terminated name; a non-null result is
        // Node's exported function of the documented signature.
        let symbol = unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) };
        (!symbol.is_null()).then(|| unsafe { std::mem::transmute::<*mut c_void, CreateExternal<T>>(symbol) })
    }
    #[cfg(not(unix))]
    None
}

fn create_external_latin1() -> Option<CreateExternal<c_char>> {
    static FOUND: OnceLock<Option<CreateExternal<c_char>>> = OnceLock::new();
    *FOUND.get_or_init(|| lookup(c"node_api_create_external_string_latin1"))
}

fn create_external_utf16() -> Option<CreateExternal<u16>> {
    static FOUND: OnceLock<Option<CreateExternal<u16>>> = OnceLock::new();
    *FOUND.get_or_init(|| lookup(c"node_api_create_external_string_utf16"))
}

/// Frees the text of an external string V8 has collected.
unsafe extern "C" fn free_text<T>(_env: sys::napi_env, _data: *mut c_void, hint: *mut c_void) {
    // SAFETY: `hint` is the `Box<Vec<T>>` leaked in `external`, passed here once.
    drop(unsafe { Box::from_raw(hint.cast::<Vec<T>>()) });
}

/// `text` as an external string made by `create`.
///
/// SAFETY: `env` is the current call's environment and `create` one of
/// Node's external-string constructors for `T`.
unsafe fn external<T, C>(env: sys::napi_env, text: Vec<T>, create: CreateExternal<C>) -> napi::Result<sys::napi_value> {
    let (ptr, len) = (text.as_ptr(), text.len());
    let owner = Box::into_raw(Box::new(text));
    let (mut result, mut copied) = (std::ptr::null_mut(), false);
    // SAFETY: the elements stay where they are, unchanged, until `free_text`
    // runs (the Vec's heap buffer does not move with the Box). From here Node
    // owns them: when it copies instead (V8's sandbox), it has already called
    // `free_text` by the time this returns.
    let status =
        unsafe { create(env, ptr as *mut C, len, Some(free_text::<T>), owner.cast(), &mut result, &mut copied) };
    if status != sys::Status::napi_ok {
        // Node may still call `free_text` (at exit), so the text is left to it.
        return Err(napi::Error::from_reason(format!("Node could not take the page text (status {status})")));
    }
    Ok(result)
}

fn check(status: sys::napi_status, result: sys::napi_value) -> napi::Result<sys::napi_value> {
    match status {
        sys::Status::napi_ok => Ok(result),
        _ => Err(napi::Error::from_reason(format!("Node could not make the page text a string (status {status})"))),
    }
}

impl ToNapiValue for PageText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // Far below V8's string length limit, so Node cannot refuse it.
        let fits = |len: usize| len > 0 && len < 1 << 28;
        let mut result = std::ptr::null_mut();
        match val {
            PageText::Latin1(text) => match create_external_latin1().filter(|_| fits(text.len())) {
                // SAFETY: the constructor for one-byte text, with its element type.
                Some(create) => unsafe { external(env, text, create) },
                None => check(
                    // SAFETY: a copy of `text.len()` bytes into the JS heap.
                    unsafe {
                        sys::napi_create_string_latin1(env, text.as_ptr().cast(), text.len() as isize, &mut result)
                    },
                    result,
                ),
            },
            PageText::Utf16(text) => match create_external_utf16().filter(|_| fits(text.len())) {
                // SAFETY: the constructor for two-byte text, with its element type.
                Some(create) => unsafe { external(env, text, create) },
                None => check(
                    // SAFETY: a copy of `text.len()` code units into the JS heap.
                    unsafe { sys::napi_create_string_utf16(env, text.as_ptr(), text.len() as isize, &mut result) },
                    result,
                ),
            },
        }
    }
}

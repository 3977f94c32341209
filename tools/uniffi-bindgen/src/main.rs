//! `uniffi-bindgen`: generates the Kotlin and Swift sources from the built
//! `libreply_uniffi.so` (`generate --library ...`).

fn main() {
    uniffi::uniffi_bindgen_main()
}

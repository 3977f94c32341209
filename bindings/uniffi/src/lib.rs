//! The uniffi binding (work in progress).

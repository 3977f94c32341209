//! The Node.js binding (work in progress).

//! The native module of the npm package `reply-sdk`.
//!
//! It exposes a small surface (a client that calls operations by
//! `operationId`, a pager, jobs, quota, and the model round trip); the
//! per-operation resource tree and its TypeScript types are generated in
//! `node/generated/` by `reply-codegen`. Bodies cross the boundary as JSON
//! text: `JSON.parse` is the fastest way to build JS objects, and the Rust side
//! never walks JS values.

// napi-derive leaves free functions unregistered in test builds.
#![cfg_attr(test, allow(dead_code))]

mod cancel;
mod client;
mod error;
mod form;
mod logs;
mod models;
mod options;
mod pager;
mod raw;
mod text;
mod webhooks;
mod workflows;

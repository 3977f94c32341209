//! The `reply` binary end to end against reply-mock over real HTTP. One test
//! binary (linked once) with a module per concern.

mod support;

mod auth_and_profiles;
mod demo;
mod exit_codes;
mod mcp;
mod output_formats;
mod quota_store;
mod raw_api;
mod scenarios;
mod secrets;
mod serve_mock;
mod webhooks_listen;
mod workflows;

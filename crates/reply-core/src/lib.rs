//! Sans-IO core of the Reply API v3 SDK.
//!
//! Everything here is pure: the generated models and operation table, request
//! and response values, the `Transport` trait, the error model, and the
//! retry, quota and pagination decisions with time passed in. `reply-client`
//! performs the I/O; the bindings, CLI and mock build on both.

#[macro_use]
mod macros;

pub mod check;
pub mod error;
pub mod extra;
pub mod http;
pub mod item_code;
pub mod lenient;
pub mod multipart;
pub mod nullable;
pub mod object;
pub mod operation;
pub mod page_index;
pub mod pagination;
pub mod quota;
pub mod retry;
pub mod route;
pub mod scope;
pub mod secret;
pub mod strict;
#[cfg(feature = "tls")]
pub mod tls;
pub mod webhooks;

mod generated;

pub use error::{ApiError, DecodeError, Error, FieldError};
pub use generated::operation_id::{OperationId, UnknownOperation};
pub use generated::{models, operations, registry};
pub use http::{Headers, Method, Request, Response, Transport, TransportError, TransportErrorKind};
pub use item_code::ItemCode;
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use operation::{Operation, OperationInfo, Page, PageParams, PaginatedOperation, Params};
pub use secret::SecretString;

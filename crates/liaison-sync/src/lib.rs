//! Liaison's sync protocol: the wire format and both sides' rules, as pure code.
//!
//! This crate does no IO, reads no clock, draws no random numbers and has no
//! async code, like `liaison-core`: the app moves the bytes and writes
//! IndexedDB, the server runs its database, and both call in here with `now`
//! and the stored state as arguments. It compiles natively and to WebAssembly.
//!
//! - [`wire`]: version 1 of the JSON exchanged, frozen by `tests/golden.rs`.
//! - [`server`]: what a mutation does to a stored record, body checks with the
//!   core, pull pages, and the store's contract (dedup, commit order).
//! - [`client`]: the phone's sync session, its outbox and local merge.
//! - [`edit`]: edits of contacts made on the phone, and the conflicts kept.
//!
//! One request both pushes the outbox and pulls the log; a phone with nothing
//! to send syncs in one round trip. See ARCHITECTURE.md, "Sync protocol".

#![warn(missing_docs)]

pub mod client;
pub mod edit;
pub mod server;
pub mod wire;

pub use wire::{
    Body, Change, Collection, Cursor, DeviceId, FieldChange, FieldConflict, Limits, Mutation, MutationResult,
    MutationSeq, Op, Outcome, RecordKey, Rejection, SyncRequest, SyncResponse, VERSION, WireError, decode_request,
    decode_response, encode_request, encode_response,
};

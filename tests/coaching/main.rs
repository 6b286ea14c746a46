//! The coaching judged on data it must get right, one test binary: the
//! phrasing rules on labelled corpora, own stories told strongly and
//! weakly, and mock-interview step boundaries in real speech.

#[path = "../common/mod.rs"]
mod common;
mod corpus;
mod fit;
mod no_example;
mod own_stories;
mod spoken_boundaries;

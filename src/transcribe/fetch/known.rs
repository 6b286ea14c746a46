//! The models published in the whisper.cpp repository, with their sums.

/// A model published in the whisper.cpp repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// Its name, e.g. `tiny.en`; the file is `ggml-<name>.bin`.
    pub name: &'static str,
    /// The file's SHA-1, lowercase hex.
    pub sha1: &'static str,
    /// Its approximate size in MiB, as whisper.cpp's table rounds it.
    pub mib: u32,
}

/// The models Starling knows, smallest first within each family.
///
/// Names, sizes and SHA-1 sums are from the "Available models" table of
/// whisper.cpp's `models/README.md` (github.com/ggml-org/whisper.cpp,
/// commit 41e789ee591d054769a2fa3ebd9f0a8bc6d6d5fa); its sizes in GiB are
/// converted at 1 GiB = 1024 MiB.
pub const KNOWN: &[Known] = &[
    known("tiny.en", "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", 75),
    known("tiny", "bd577a113a864445d4c299885e0cb97d4ba92b5f", 75),
    known("base.en", "137c40403d78fd54d454da0f9bd998f78703390c", 142),
    known("base", "465707469ff3a37a2b9b8d8f89f2f99de7299dac", 142),
    known("small.en", "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", 466),
    known(
        "small.en-tdrz",
        "b6c6e7e89af1a35c08e6de56b66ca6a02a2fdfa1",
        465,
    ),
    known("small", "55356645c2b361a969dfd0ef2c5a50d530afd8d5", 466),
    known(
        "medium.en",
        "8c30f0e44ce9560643ebd10bbe50cd20eafd3723",
        1536,
    ),
    known("medium", "fd9727b6e1217c2f614f9b698455c4ffd82463b4", 1536),
    known("large-v1", "b1caaf735c4cc1429223d5a74f0f4d0b9b59a299", 2970),
    known("large-v2", "0f4c8e34f21cf1a914c59d8b3ce882345ad349d6", 2970),
    known(
        "large-v2-q5_0",
        "00e39f2196344e901b3a2bd5814807a769bd1630",
        1126,
    ),
    known("large-v3", "ad82bf6a9043ceed055076d0fd39f5f186ff8062", 2970),
    known(
        "large-v3-q5_0",
        "e6e2ed78495d403bef4b7cff42ef4aaadcfea8de",
        1126,
    ),
    known(
        "large-v3-turbo",
        "4af2b29d7ec73d781377bfd1758ca957a807e941",
        1536,
    ),
    known(
        "large-v3-turbo-q5_0",
        "e050f7970618a659205450ad97eb95a18d69c9ee",
        547,
    ),
];

const fn known(name: &'static str, sha1: &'static str, mib: u32) -> Known {
    Known { name, sha1, mib }
}

/// The published model called `name`, if Starling knows it.
pub fn find_known(name: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.name == name)
}

/// The names of the known models, comma-separated, for messages.
pub fn known_names() -> String {
    KNOWN.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

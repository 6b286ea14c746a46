//! Deleting attempts with a way back: a deleted attempt's folder is moved
//! aside (into `attempts/.deleted/`) until the app closes, when it is
//! removed for good.

use super::{attempts_dir, folder_id};
use std::io;
use std::path::{Path, PathBuf};

/// Where deleted attempts wait, inside the attempts folder.
const DELETED: &str = ".deleted";

/// An attempt moved aside, which [`restore`] puts back.
#[derive(Debug, Clone, PartialEq)]
pub struct Deleted {
    /// Where the attempt was.
    pub folder: PathBuf,
    /// Where it waits now.
    pub aside: PathBuf,
}

/// Moves the attempt in `folder` aside; it no longer lists.
pub fn delete(data_dir: &Path, folder: &Path) -> io::Result<Deleted> {
    let waiting = attempts_dir(data_dir).join(DELETED);
    std::fs::create_dir_all(&waiting)?;
    let aside = waiting.join(folder_id(folder));
    if aside.exists() {
        std::fs::remove_dir_all(&aside)?;
    }
    std::fs::rename(folder, &aside)?;
    Ok(Deleted {
        folder: folder.to_path_buf(),
        aside,
    })
}

/// Puts a deleted attempt back where it was.
pub fn restore(deleted: &Deleted) -> io::Result<()> {
    if deleted.folder.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists again", deleted.folder.display()),
        ));
    }
    std::fs::rename(&deleted.aside, &deleted.folder)
}

/// Removes every attempt waiting in the deleted folder for good.
pub fn purge_deleted(data_dir: &Path) -> io::Result<()> {
    let waiting = attempts_dir(data_dir).join(DELETED);
    match std::fs::remove_dir_all(&waiting) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AttemptRecord, list, new_folder, save};
    use super::*;

    #[test]
    fn a_deleted_attempt_can_be_restored_until_purged() {
        let dir = tempfile::tempdir().unwrap();
        let folder = new_folder(dir.path(), chrono::Utc::now(), "q").unwrap();
        save(&folder, &AttemptRecord::default()).unwrap();
        let deleted = delete(dir.path(), &folder).unwrap();
        assert!(list(dir.path()).attempts.is_empty());
        restore(&deleted).unwrap();
        assert_eq!(list(dir.path()).attempts.len(), 1);
        let again = delete(dir.path(), &folder).unwrap();
        purge_deleted(dir.path()).unwrap();
        assert!(!again.aside.exists() && !folder.exists());
        assert!(restore(&again).is_err());
        purge_deleted(dir.path()).unwrap();
    }
}

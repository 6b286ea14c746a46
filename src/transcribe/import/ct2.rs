//! Reading a CTranslate2 `model.bin` (binary versions 4 to 6): an index of
//! its variables, read header by header with seeks over the data, and the
//! data of one variable at a time on demand.
//!
//! Layout, little-endian: u32 version, string spec name, u32 revision, u32
//! variable count, then per variable: string name, u8 rank, u32 dims[rank],
//! u8 dtype, u32 byte count, data; then u32 alias count and (alias, target)
//! string pairs. A string is a u16 length counting a trailing NUL, then the
//! bytes with that NUL.

use super::ImportError;
use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// How a variable's elements are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dtype {
    F32,
    I8,
    I16,
    I32,
    F16,
    BF16,
}

impl Dtype {
    fn from_id(id: u8) -> Option<Self> {
        use Dtype::*;
        [F32, I8, I16, I32, F16, BF16].get(usize::from(id)).copied()
    }

    /// Bytes per element.
    pub(super) fn size(self) -> u64 {
        match self {
            Dtype::I8 => 1,
            Dtype::I16 | Dtype::F16 | Dtype::BF16 => 2,
            Dtype::F32 | Dtype::I32 => 4,
        }
    }

    /// The name CTranslate2 uses.
    pub(super) fn name(self) -> &'static str {
        match self {
            Dtype::F32 => "float32",
            Dtype::I8 => "int8",
            Dtype::I16 => "int16",
            Dtype::I32 => "int32",
            Dtype::F16 => "float16",
            Dtype::BF16 => "bfloat16",
        }
    }
}

/// One variable: where its data is and how to read it.
#[derive(Debug, Clone)]
pub(super) struct Variable {
    /// Its name, e.g. `encoder/conv1/weight`.
    pub name: String,
    /// Its shape, slowest-varying first (PyTorch order).
    pub dims: Vec<u64>,
    /// Its element type.
    pub dtype: Dtype,
    /// Where its data starts in the file.
    pub offset: u64,
}

impl Variable {
    /// Rows: the first dimension (1 for a scalar).
    pub fn rows(&self) -> u64 {
        self.dims.first().copied().unwrap_or(1)
    }

    /// Elements per row.
    pub fn row_len(&self) -> u64 {
        self.dims.iter().skip(1).product()
    }
}

/// An opened `model.bin`.
pub(super) struct Model {
    path: PathBuf,
    file: BufReader<File>,
    size: u64,
    pos: u64,
    variables: HashMap<String, Variable>,
    aliases: HashMap<String, String>,
}

impl Model {
    /// Reads the index of `path`, which must hold a `WhisperSpec`.
    pub fn open(path: &Path) -> Result<Self, ImportError> {
        let read_error = |source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(read_error)?;
        let size = file.metadata().map_err(read_error)?.len();
        let mut m = Model {
            path: path.to_path_buf(),
            file: BufReader::new(file),
            size,
            pos: 0,
            variables: HashMap::new(),
            aliases: HashMap::new(),
        };
        let version = m.u32("the binary version")?;
        if !(4..=6).contains(&version) {
            return Err(m.odd(format!("binary version {version}; Starling reads versions 4 to 6 (CTranslate2 2.0 and later)")));
        }
        let spec = m.string("the model type")?;
        if spec != "WhisperSpec" {
            return Err(m.odd(format!("it holds a {spec} model, not Whisper")));
        }
        m.u32("the spec revision")?;
        let count = m.u32("the variable count")?;
        for _ in 0..count {
            let v = m.variable()?;
            m.variables.insert(v.name.clone(), v);
        }
        let aliases = m.u32("the alias count")?;
        for _ in 0..aliases {
            let alias = m.string("an alias")?;
            let target = m.string("an alias target")?;
            m.aliases.insert(alias, target);
        }
        Ok(m)
    }

    /// Reads one variable's header and skips its data.
    fn variable(&mut self) -> Result<Variable, ImportError> {
        let name = self.string("a variable name")?;
        let rank = self.bytes::<1>(&format!("the rank of `{name}`"))?[0];
        let dims = (0..rank)
            .map(|_| self.u32(&format!("the shape of `{name}`")).map(u64::from))
            .collect::<Result<Vec<_>, _>>()?;
        let id = self.bytes::<1>(&format!("the type of `{name}`"))?[0];
        let dtype = Dtype::from_id(id)
            .ok_or_else(|| self.odd(format!("variable `{name}` has unknown type {id}")))?;
        let len = u64::from(self.u32(&format!("the size of `{name}`"))?);
        let elements: u64 = dims.iter().product();
        if elements.checked_mul(dtype.size()) != Some(len) {
            return Err(self.odd(format!(
                "variable `{name}` of shape {dims:?} ({}) claims {len} bytes",
                dtype.name()
            )));
        }
        let offset = self.pos;
        self.need(len, &format!("the data of `{name}`"))?;
        self.file
            .seek_relative(len as i64)
            .map_err(|e| self.read_error(e))?;
        self.pos += len;
        Ok(Variable {
            name,
            dims,
            dtype,
            offset,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A variable by name (following aliases), or `None`.
    pub fn find(&self, name: &str) -> Option<&Variable> {
        let name = self.aliases.get(name).map_or(name, String::as_str);
        self.variables.get(name)
    }

    /// A variable by name (following aliases) that must exist.
    pub fn get(&self, name: &str) -> Result<&Variable, ImportError> {
        self.find(name).ok_or_else(|| ImportError::MissingVariable {
            path: self.path.clone(),
            name: name.to_string(),
        })
    }

    /// How many numbered layers `scope` has (`encoder` has `encoder/layer_N/…`).
    pub fn layers(&self, scope: &str) -> u32 {
        let prefix = format!("{scope}/layer_");
        let numbers: BTreeSet<&str> = self
            .variables
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix)?.split_once('/'))
            .map(|(n, _)| n)
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        numbers.len() as u32
    }

    /// The value of an integer setting such as `encoder/num_heads`.
    pub fn integer(&mut self, name: &str) -> Result<i64, ImportError> {
        let v = self.get(name)?.clone();
        if !v.dims.is_empty() && v.dims != [1] {
            return Err(self.odd(format!(
                "`{name}` should be a single number but has shape {:?}",
                v.dims
            )));
        }
        let bytes = self.read(&v, 0, 1)?;
        Ok(match v.dtype {
            Dtype::I8 => i64::from(bytes[0] as i8),
            Dtype::I16 => i64::from(i16::from_le_bytes([bytes[0], bytes[1]])),
            Dtype::I32 => i64::from(i32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"))),
            Dtype::F32 => f32::from_le_bytes(bytes[..4].try_into().expect("4 bytes")) as i64,
            Dtype::F16 | Dtype::BF16 => {
                return Err(self.odd(format!("`{name}` is a {}, not an integer", v.dtype.name())));
            }
        })
    }

    /// The raw bytes of `count` elements of `v` from element `first`.
    pub fn read(&mut self, v: &Variable, first: u64, count: u64) -> Result<Vec<u8>, ImportError> {
        let size = v.dtype.size();
        let mut buf = vec![0u8; (count * size) as usize];
        self.file
            .seek(SeekFrom::Start(v.offset + first * size))
            .and_then(|_| self.file.read_exact(&mut buf))
            .map_err(|e| self.read_error(e))?;
        self.pos = v.offset + (first + count) * size;
        Ok(buf)
    }

    fn need(&self, n: u64, what: &str) -> Result<(), ImportError> {
        if self.size - self.pos < n {
            return Err(self.odd(format!(
                "it ends at byte {} in the middle of {what}, which needs {n} bytes from byte {}: the file is truncated",
                self.size, self.pos
            )));
        }
        Ok(())
    }

    fn bytes<const N: usize>(&mut self, what: &str) -> Result<[u8; N], ImportError> {
        self.need(N as u64, what)?;
        let mut buf = [0u8; N];
        self.file
            .read_exact(&mut buf)
            .map_err(|e| self.read_error(e))?;
        self.pos += N as u64;
        Ok(buf)
    }

    fn u32(&mut self, what: &str) -> Result<u32, ImportError> {
        self.bytes(what).map(u32::from_le_bytes)
    }

    /// A length-prefixed, NUL-terminated string.
    fn string(&mut self, what: &str) -> Result<String, ImportError> {
        let len = u64::from(u16::from_le_bytes(self.bytes(what)?));
        self.need(len, what)?;
        let mut buf = vec![0u8; len as usize];
        self.file
            .read_exact(&mut buf)
            .map_err(|e| self.read_error(e))?;
        self.pos += len;
        if buf.pop() != Some(0) {
            return Err(self.odd(format!(
                "{what} before byte {} does not end with a NUL",
                self.pos
            )));
        }
        String::from_utf8(buf)
            .map_err(|_| self.odd(format!("{what} before byte {} is not UTF-8", self.pos)))
    }

    fn read_error(&self, source: std::io::Error) -> ImportError {
        ImportError::Read {
            path: self.path.clone(),
            source,
        }
    }

    /// The file is not what it should be.
    pub fn odd(&self, what: String) -> ImportError {
        ImportError::Format {
            path: self.path.clone(),
            what,
        }
    }
}

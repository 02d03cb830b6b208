//! A file's bytes as UTF-8 for the XML reader: UTF-8 as it is, UTF-16 (recognised by
//! its byte-order mark, or by `<` as its first character) decoded as it is read, so a
//! UTF-16 file streams like any other. Unpaired surrogates become U+FFFD.

use std::io::{self, BufRead, Read};

/// How many bytes of UTF-16 are decoded at a time.
const CHUNK: usize = 16 * 1024;

/// The input of a reader: UTF-8 passed through, or UTF-16 decoded.
pub enum Input<R: BufRead> {
    Utf8(R),
    Utf16(Utf16<R>),
}

impl<R: BufRead> Input<R> {
    /// Look at the first bytes to tell UTF-16 from UTF-8.
    pub fn detect(mut source: R) -> io::Result<Self> {
        let start = source.fill_buf()?;
        let endianness = match start {
            [0xFF, 0xFE, ..] => Some((true, 2)),
            [0xFE, 0xFF, ..] => Some((false, 2)),
            [b'<', 0, ..] => Some((true, 0)),
            [0, b'<', ..] => Some((false, 0)),
            _ => None,
        };
        Ok(match endianness {
            None => Input::Utf8(source),
            Some((little_endian, mark)) => {
                source.consume(mark);
                Input::Utf16(Utf16 {
                    inner: source,
                    little_endian,
                    decoded: Vec::new(),
                    position: 0,
                    odd_byte: None,
                    high_surrogate: None,
                })
            }
        })
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Input::Utf8(source) => source.fill_buf(),
            Input::Utf16(source) => source.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Input::Utf8(source) => source.consume(amount),
            Input::Utf16(source) => source.consume(amount),
        }
    }
}

/// UTF-16 decoded to UTF-8 a chunk at a time.
pub struct Utf16<R> {
    inner: R,
    little_endian: bool,
    decoded: Vec<u8>,
    position: usize,
    /// A code unit's first byte, when a read ended between its two.
    odd_byte: Option<u8>,
    /// A high surrogate waiting for its low one.
    high_surrogate: Option<u16>,
}

impl<R: BufRead> Utf16<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.position == self.decoded.len() {
            self.decoded.clear();
            self.position = 0;
            let raw = self.inner.fill_buf()?;
            if raw.is_empty() {
                if self.high_surrogate.take().is_some() || self.odd_byte.take().is_some() {
                    push_char(&mut self.decoded, char::REPLACEMENT_CHARACTER);
                    continue;
                }
                break;
            }
            let taken = raw.len().min(CHUNK);
            let raw = raw[..taken].to_vec();
            self.inner.consume(taken);
            self.decode(&raw);
        }
        Ok(&self.decoded[self.position..])
    }

    fn consume(&mut self, amount: usize) {
        self.position = (self.position + amount).min(self.decoded.len());
    }

    fn decode(&mut self, raw: &[u8]) {
        let mut bytes = raw.iter().copied();
        loop {
            let first = match self.odd_byte.take() {
                Some(byte) => byte,
                None => match bytes.next() {
                    Some(byte) => byte,
                    None => return,
                },
            };
            let Some(second) = bytes.next() else {
                self.odd_byte = Some(first);
                return;
            };
            let unit = if self.little_endian {
                u16::from_le_bytes([first, second])
            } else {
                u16::from_be_bytes([first, second])
            };
            self.unit(unit);
        }
    }

    fn unit(&mut self, unit: u16) {
        match (self.high_surrogate.take(), unit) {
            (None, 0xD800..=0xDBFF) => self.high_surrogate = Some(unit),
            (Some(high), 0xDC00..=0xDFFF) => {
                let code =
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                push_char(
                    &mut self.decoded,
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                );
            }
            (high, unit) => {
                if high.is_some() {
                    push_char(&mut self.decoded, char::REPLACEMENT_CHARACTER);
                }
                if (0xD800..=0xDBFF).contains(&unit) {
                    self.high_surrogate = Some(unit);
                } else {
                    let c = char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
                    push_char(&mut self.decoded, c);
                }
            }
        }
    }
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buffer = [0; 4];
    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little_endian: bool, mark: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = if mark { "\u{FEFF}" } else { "" }
            .encode_utf16()
            .chain(text.encode_utf16());
        for unit in units {
            bytes.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    fn read_all(bytes: &[u8]) -> String {
        // A reader that hands out three bytes at a time: code units and surrogate pairs
        // split across reads.
        let source = std::io::BufReader::with_capacity(3, bytes);
        let mut out = String::new();
        Input::detect(source)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn utf16_of_either_byte_order_reads_as_utf8() {
        let text = "<a>Té 🌱 ñ</a>";
        for little_endian in [true, false] {
            for mark in [true, false] {
                assert_eq!(read_all(&utf16(text, little_endian, mark)), text);
            }
        }
        assert_eq!(read_all(text.as_bytes()), text);
    }

    #[test]
    fn unpaired_surrogates_become_replacement_characters() {
        let mut bytes = utf16("<a>", true, true);
        bytes.extend(0xD800u16.to_le_bytes());
        bytes.extend(u16::from(b'x').to_le_bytes());
        bytes.extend(0xDC00u16.to_le_bytes());
        assert_eq!(read_all(&bytes), "<a>\u{FFFD}x\u{FFFD}");
    }
}

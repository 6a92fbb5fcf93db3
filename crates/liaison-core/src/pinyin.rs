//! Pinyin initials of Chinese text, for finding a contact by typing `zs` for
//! 张三. The table is generated at build time (see `build.rs`).
//!
//! The table (one byte per character, 21 KB) is a value, [`Initials`], rather
//! than a hidden global, so that the app need not carry it in its own download:
//! it fetches the same bytes as a separate file after start-up
//! ([`Initials::from_bytes`]) while native code uses [`Initials::builtin`].

/// First code point of the table (CJK Unified Ideographs).
const FIRST: u32 = 0x4E00;
/// Main initial of each character from U+4E00, as an ASCII letter, or 0.
static PRIMARY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pinyin_primary.bin"));
/// Characters with other readings whose initials differ: (code point, letter bitmask).
static EXTRA: &[(u32, u32)] = include!(concat!(env!("OUT_DIR"), "/pinyin_extra.rs"));

/// The table of main initials: one byte (an ASCII letter, or 0) per character
/// of the CJK Unified Ideographs block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Initials<'a>(&'a [u8]);

impl Initials<'static> {
    /// The table built into this crate.
    pub fn builtin() -> Initials<'static> {
        Initials(PRIMARY)
    }
}

impl<'a> Initials<'a> {
    /// A table read from elsewhere (the app's separate file): `None` unless it
    /// has the right length and holds only lowercase letters and zeros.
    pub fn from_bytes(bytes: &'a [u8]) -> Option<Initials<'a>> {
        let valid = bytes.len() == PRIMARY_LEN && bytes.iter().all(|&b| b == 0 || b.is_ascii_lowercase());
        valid.then_some(Initials(bytes))
    }

    /// The table's bytes (to write it out as a file).
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The initials a character may have: bit 0 = `a` … bit 25 = `z`. ASCII
    /// letters are their own "initial"; other characters have none.
    fn of(&self, c: char) -> u32 {
        if c.is_ascii_alphanumeric() {
            let lower = c.to_ascii_lowercase();
            return if lower.is_ascii_lowercase() { 1 << (lower as u8 - b'a') } else { 0 };
        }
        let code = c as u32;
        let Some(&main) = code.checked_sub(FIRST).and_then(|i| self.0.get(i as usize)) else {
            return 0;
        };
        let mut mask = if main.is_ascii_lowercase() { 1 << (main - b'a') } else { 0 };
        if let Ok(i) = EXTRA.binary_search_by_key(&code, |&(c, _)| c) {
            mask |= EXTRA[i].1;
        }
        mask
    }

    /// Whether `query` (ASCII letters, any case) matches the pinyin initials of
    /// consecutive characters of `text`: `zs` matches 张三 and 小张三, `ds` matches
    /// 单松 (单 read shan or dan). An empty query matches everything.
    pub fn matches(&self, text: &str, query: &str) -> bool {
        let query: Vec<u32> =
            query.chars().filter(|c| !c.is_whitespace()).map(|c| self.of(c.to_ascii_lowercase())).collect();
        if query.is_empty() {
            return true;
        }
        if query.contains(&0) {
            return false;
        }
        let letters: Vec<u32> = text.chars().filter(|c| !c.is_whitespace()).map(|c| self.of(c)).collect();
        letters.windows(query.len()).any(|w| w.iter().zip(&query).all(|(have, want)| have & want != 0))
    }
}

/// Length of the table: one byte per character of U+4E00..=U+9FFF.
const PRIMARY_LEN: usize = 0x9FFF - 0x4E00 + 1;

/// [`Initials::matches`] with the built-in table.
pub fn matches_initials(text: &str, query: &str) -> bool {
    Initials::builtin().matches(text, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_find_names() {
        assert!(matches_initials("张三", "zs"));
        assert!(matches_initials("张三", "ZS"));
        assert!(matches_initials("张三丰", "sf"));
        assert!(matches_initials("李四", "l"));
        assert!(!matches_initials("张三", "ls"));
        assert!(matches_initials("单松", "ss"), "单 read as the surname shan");
        assert!(matches_initials("单松", "ds"));
        assert!(matches_initials("王 小明", "wxm"));
        assert!(matches_initials("任何人", ""));
        assert!(!matches_initials("张三", "z3"));
        assert!(matches_initials("Lucy 王", "lucyw"));
    }

    #[test]
    fn a_table_read_from_a_file_is_checked() {
        let bytes = Initials::builtin().bytes().to_vec();
        assert_eq!(Initials::from_bytes(&bytes), Some(Initials::builtin()));
        assert!(Initials::from_bytes(&bytes).unwrap().matches("张三", "zs"));
        assert_eq!(Initials::from_bytes(&bytes[1..]), None);
        let mut bad = bytes.clone();
        bad[7] = b'Z';
        assert_eq!(Initials::from_bytes(&bad), None);
    }
}

//! Pinyin initials of Chinese text, for finding a contact by typing `zs` for
//! 张三. The table is generated at build time (see `build.rs`).

/// First code point of the table (CJK Unified Ideographs).
const FIRST: u32 = 0x4E00;
/// Main initial of each character from U+4E00, as an ASCII letter, or 0.
static PRIMARY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pinyin_primary.bin"));
/// Characters with other readings whose initials differ: (code point, letter bitmask).
static EXTRA: &[(u32, u32)] = include!(concat!(env!("OUT_DIR"), "/pinyin_extra.rs"));

/// The initials a character may have: bit 0 = `a` … bit 25 = `z`. ASCII letters
/// and digits are their own "initial"; other characters have none.
fn initials_of(c: char) -> u32 {
    if c.is_ascii_alphanumeric() {
        let lower = c.to_ascii_lowercase();
        return if lower.is_ascii_lowercase() { 1 << (lower as u8 - b'a') } else { 0 };
    }
    let code = c as u32;
    let Some(&main) = code.checked_sub(FIRST).and_then(|i| PRIMARY.get(i as usize)) else {
        return 0;
    };
    let mut mask = if main.is_ascii_lowercase() { 1 << (main - b'a') } else { 0 };
    if let Ok(i) = EXTRA.binary_search_by_key(&code, |&(c, _)| c) {
        mask |= EXTRA[i].1;
    }
    mask
}

/// Whether `query` (ASCII letters, any case) matches the pinyin initials of
/// consecutive characters of `text`: `zs` matches 张三 and 小张三, `ds` matches 单松
/// (单 read shan or dan). An empty query matches everything.
pub fn matches_initials(text: &str, query: &str) -> bool {
    let query: Vec<u32> =
        query.chars().filter(|c| !c.is_whitespace()).map(|c| initials_of(c.to_ascii_lowercase())).collect();
    if query.is_empty() {
        return true;
    }
    if query.contains(&0) {
        return false;
    }
    let letters: Vec<u32> = text.chars().filter(|c| !c.is_whitespace()).map(initials_of).collect();
    letters.windows(query.len()).any(|w| w.iter().zip(&query).all(|(have, want)| have & want != 0))
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
}

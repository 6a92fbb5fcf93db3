//! Generates the pinyin-initials table used by `pinyin::initials` from the
//! `pinyin` crate's data, at build time, so the core carries a compact table
//! (one byte per common Han character) instead of a dictionary.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::io::Write;

/// Characters read differently as surnames (多音字姓氏): for these every
/// reading's initial counts, so `ss` finds 单松 (Shan Song) as well as `ds`.
/// Other heteronyms keep their main reading only, which keeps the table small.
const SURNAME_HETERONYMS: &str = "单曾解查仇朴区盖乐缪尉覃召种员秘折繁翟长重占万适那";

/// The CJK Unified Ideographs block: every character a name is written with.
pub const FIRST: u32 = 0x4E00;
pub const LAST: u32 = 0x9FFF;

fn main() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut primary = Vec::with_capacity((LAST - FIRST + 1) as usize);
    let mut extra = String::from("&[");
    for code in FIRST..=LAST {
        let Some(c) = char::from_u32(code) else {
            primary.push(0);
            continue;
        };
        let main = c.to_pinyin().map(|p| p.first_letter().as_bytes()[0]).unwrap_or(0);
        primary.push(main);
        // Heteronyms (多音字) such as 单 (dan/shan) or 曾 (zeng/ceng): a surname is
        // often the rarer reading, so every reading's initial counts.
        let mut mask = 0u32;
        let multi = if SURNAME_HETERONYMS.contains(c) { c.to_pinyin_multi() } else { None };
        if let Some(multi) = multi {
            for p in multi {
                let letter = p.first_letter().as_bytes()[0];
                if letter != main && letter.is_ascii_lowercase() {
                    mask |= 1 << (letter - b'a');
                }
            }
        }
        if mask != 0 {
            extra.push_str(&format!("({code}, {mask}),"));
        }
    }
    extra.push(']');
    std::fs::File::create(out.join("pinyin_primary.bin")).unwrap().write_all(&primary).unwrap();
    std::fs::write(out.join("pinyin_extra.rs"), extra).unwrap();
    println!("cargo::rerun-if-changed=build.rs");
}

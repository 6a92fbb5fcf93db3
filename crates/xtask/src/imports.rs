//! Short import names for the app shell's wasm. wasm-bindgen names each
//! import after its JS function and a 16-digit hash (`__wbg_get_a1b2…`) and
//! puts them all in a module named after the glue file; the names are written
//! twice (in the wasm and in its JS glue), and the hashes do not compress.
//! Here every import gets a short name (`a`, `b`, … `ba` …) and the module
//! a one-letter one, in the wasm's import section and in the glue alike.
//! About 4 KB brotli off the shell (docs/BENCHMARKS.md, 2026-12-07, eighth
//! session).
//!
//! The rewrite fails the build rather than ship a glue that does not match:
//! each import's old name must be found in the glue.

use anyhow::{Context, Result, bail, ensure};

/// The import module's new name.
const MODULE: &str = "m";

/// The wasm with short import names, and the glue that provides them.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String)> {
    ensure!(wasm.len() >= 8 && wasm[..4] == *b"\0asm", "not a wasm module");
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    let mut renamed = Vec::new();
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body_at) = leb(wasm, at + 1)?;
        let end = body_at.checked_add(size as usize).filter(|e| *e <= wasm.len()).context("section past the end")?;
        let body = &wasm[body_at..end];
        let body = if id == 2 { imports(body, &mut renamed)? } else { body.to_vec() };
        out.push(id);
        put_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        at = end;
    }
    let mut glue = glue.to_owned();
    let mut modules: Vec<&str> = renamed.iter().map(|(module, _, _)| module.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    // All become one module: two would give the glue's object one key twice.
    ensure!(modules.len() <= 1, "imports from more than one module: {modules:?}");
    for module in modules {
        let quoted = format!("\"{module}\"");
        ensure!(glue.contains(&quoted), "the glue does not name the import module {module}");
        glue = glue.replace(&quoted, &format!("\"{MODULE}\""));
    }
    for (_, old, new) in &renamed {
        let replaced = replace_word(&glue, old, new);
        ensure!(replaced != glue, "the glue does not define the import {old}");
        glue = replaced;
    }
    Ok((out, glue))
}

/// The import section's body with every import renamed; `renamed` gets
/// `(module, old name, new name)` of each.
fn imports(body: &[u8], renamed: &mut Vec<(String, String, String)>) -> Result<Vec<u8>> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::new();
    put_leb(&mut out, count);
    for n in 0..count {
        let (module, next) = name(body, at)?;
        let (field, next) = name(body, next)?;
        let desc_end = desc_end(body, next)?;
        let short = short_name(n);
        put_name(&mut out, MODULE);
        put_name(&mut out, &short);
        out.extend_from_slice(&body[next..desc_end]);
        renamed.push((module, field, short));
        at = desc_end;
    }
    ensure!(at == body.len(), "the import section has bytes after its imports");
    Ok(out)
}

/// Where an import's description that starts at `at` ends.
fn desc_end(body: &[u8], at: usize) -> Result<usize> {
    let kind = *body.get(at).context("import kind")?;
    let limits = |at: usize| -> Result<usize> {
        let flags = *body.get(at).context("limits")?;
        let (_, next) = leb(body, at + 1)?;
        Ok(if flags & 1 == 1 { leb(body, next)?.1 } else { next })
    };
    match kind {
        // A function: its type.
        0x00 => Ok(leb(body, at + 1)?.1),
        // A table: its element type, its limits.
        0x01 => limits(at + 2),
        // A memory: its limits.
        0x02 => limits(at + 1),
        // A global: its type, mutable or not.
        0x03 => Ok(at + 3),
        // A tag: its attribute, its type.
        0x04 => Ok(leb(body, at + 2)?.1),
        other => bail!("unknown import kind {other:#x}"),
    }
}

/// The `n`th short name: `a` … `z`, `A` … `Z`, then `ba`, `bb` … (letters
/// only, so never a number and never the module's name twice over).
fn short_name(mut n: u64) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let base = LETTERS.len() as u64;
    let mut name = vec![LETTERS[(n % base) as usize]];
    n /= base;
    while n > 0 {
        name.push(LETTERS[(n % base) as usize]);
        n /= base;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `text` with every `old` that is a whole word, not a property read
/// (`wasm.old`: an export of the same name), replaced by `new`.
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(old) {
        out.push_str(&rest[..i]);
        let before = out.chars().last();
        let after = rest[i + old.len()..].chars().next();
        let part_of_more = before.is_some_and(|c| word(c) || c == '.') || after.is_some_and(word);
        out.push_str(if part_of_more { old } else { new });
        rest = &rest[i + old.len()..];
    }
    out.push_str(rest);
    out
}

/// An unsigned LEB128 number at `at`, and where it ends.
fn leb(bytes: &[u8], mut at: usize) -> Result<(u64, usize)> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(at).context("number past the end")?;
        ensure!(shift < 64, "number too long");
        value |= u64::from(byte & 0x7f) << shift;
        at += 1;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
    }
}

fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A name (length, UTF-8 bytes) at `at`, and where it ends.
fn name(bytes: &[u8], at: usize) -> Result<(String, usize)> {
    let (len, start) = leb(bytes, at)?;
    let end = start.checked_add(len as usize).filter(|e| *e <= bytes.len()).context("name past the end")?;
    Ok((String::from_utf8(bytes[start..end].to_vec()).context("name not UTF-8")?, end))
}

fn put_name(out: &mut Vec<u8>, name: &str) {
    put_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions and a memory from `./x_bg.js`.
    fn module() -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, 3);
        for (field, desc) in [
            ("__wbg_get_0123456789abcdef", vec![0x00, 0x00]),
            ("__wbg_getAll_fedcba9876543210", vec![0x00, 0x01]),
            ("memory", vec![0x02, 0x01, 0x11, 0x80, 0x01]),
        ] {
            put_name(&mut body, "./x_bg.js");
            put_name(&mut body, field);
            body.extend_from_slice(&desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // A type section before, a custom section after: both kept as they are.
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        wasm.push(2);
        put_leb(&mut wasm, body.len() as u64);
        wasm.extend_from_slice(&body);
        wasm.extend_from_slice(&[0x00, 0x03, 0x01, b'z', 0x07]);
        wasm
    }

    const GLUE: &str = r#"const import0 = { __wbg_get_0123456789abcdef: function(a) { return a.get(); },
        __wbg_getAll_fedcba9876543210: function(a) { return a.getAll(); }, memory: mem, my_memory: wasm.memory };
        return { __proto__: null, "./x_bg.js": import0 };"#;

    #[test]
    fn every_import_gets_a_short_name_in_the_wasm_and_the_glue() {
        let (wasm, glue) = shorten(&module(), GLUE).unwrap();
        let mut renamed = Vec::new();
        let section = &wasm[14..];
        assert_eq!(section[0], 2);
        let (size, at) = leb(section, 1).unwrap();
        let body = imports(&section[at..at + size as usize], &mut renamed).unwrap();
        assert_eq!(body, section[at..at + size as usize], "already short: the same again");
        let names: Vec<(&str, &str)> = renamed.iter().map(|(m, old, _)| (m.as_str(), old.as_str())).collect();
        assert_eq!(names, [("m", "a"), ("m", "b"), ("m", "c")]);
        assert_eq!(wasm[..14], module()[..14], "the header and the type section are untouched");
        assert_eq!(wasm[wasm.len() - 5..], [0x00, 0x03, 0x01, b'z', 0x07], "the custom section is untouched");
        assert_eq!(
            glue,
            r#"const import0 = { a: function(a) { return a.get(); },
        b: function(a) { return a.getAll(); }, c: mem, my_memory: wasm.memory };
        return { __proto__: null, "m": import0 };"#
        );
    }

    #[test]
    fn a_glue_that_lacks_an_import_fails_the_build() {
        let glue = GLUE.replace("__wbg_getAll_fedcba9876543210", "__wbg_getAll_other");
        assert!(shorten(&module(), &glue).is_err());
        assert!(shorten(b"not wasm", GLUE).is_err());
    }

    #[test]
    fn short_names_are_letters_and_all_different() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[51].as_str(), names[52].as_str()), ("a", "Z", "ba"));
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
    }
}

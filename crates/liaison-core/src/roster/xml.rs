//! A minimal XML scanner for the parts of an `.xlsx`: start and end tags with
//! their local names (`x:row` is `row`), attributes, text and CDATA. Comments,
//! processing instructions and declarations are skipped; nothing is validated
//! or expanded beyond the predefined and numeric character references.

use super::RosterError;

/// One piece of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`).
    Open {
        /// The local name.
        name: &'a str,
        /// The raw attributes, read with [`attr`].
        attrs: &'a str,
        /// Whether the element closes itself.
        empty: bool,
    },
    /// `</name>`, the local name.
    Close(&'a str),
    /// Text, references not decoded (see [`unescape`]).
    Text(&'a str),
    /// The inside of `<![CDATA[…]]>`, taken as it is.
    Cdata(&'a str),
}

/// The tokens of a document; a tag that never ends is an error.
#[derive(Clone, Debug)]
pub(super) struct Scanner<'a>(&'a str);

impl<'a> Scanner<'a> {
    pub(super) fn new(xml: &'a str) -> Self {
        Scanner(xml)
    }

    /// Skips to just after `end`, or fails.
    fn skip_past(&mut self, end: &str) -> Option<()> {
        let at = self.0.find(end)?;
        self.0 = &self.0[at + end.len()..];
        Some(())
    }

    fn token(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.0;
            if !rest.starts_with('<') {
                let (text, rest) = rest.split_at(rest.find('<').unwrap_or(rest.len()));
                self.0 = rest;
                return Some(Token::Text(text));
            }
            if let Some(inside) = rest.strip_prefix("<![CDATA[") {
                let (text, rest) = inside.split_once("]]>")?;
                self.0 = rest;
                return Some(Token::Cdata(text));
            }
            if rest.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>")?;
            } else if rest.starts_with("<!") {
                self.skip_past(">")?;
            } else {
                break;
            }
        }
        // A tag: up to the first '>' outside a quoted attribute value.
        let mut quote = None;
        let end = self.0.char_indices().skip(1).find_map(|(i, c)| {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if q == c => quote = None,
                (None, '>') => return Some(i),
                _ => {}
            }
            None
        })?;
        let tag = &self.0[1..end];
        self.0 = &self.0[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            return Some(Token::Close(local(name.trim())));
        }
        let (tag, empty) = tag.strip_suffix('/').map_or((tag, false), |t| (t, true));
        let (name, attrs) = tag.split_at(tag.find(char::is_whitespace).unwrap_or(tag.len()));
        Some(Token::Open { name: local(name), attrs, empty })
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Result<Token<'a>, RosterError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let token = self.token();
        if token.is_none() {
            self.0 = "";
        }
        Some(token.ok_or(RosterError::Corrupt))
    }
}

/// A name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of the attribute whose local name is `want`, references decoded.
pub(super) fn attr(attrs: &str, want: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let (value, tail) = after[1..].split_once(quote)?;
        if local(name.trim()) == want {
            return Some(unescape(value));
        }
        rest = tail;
    }
}

/// Decodes `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NNN;` `&#xHH;`; anything
/// else is kept as written.
pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let c = match &rest[1..=end] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                code => {
                    let code = code.strip_prefix('#')?;
                    let number = match code.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16),
                        None => code.parse(),
                    };
                    char::from_u32(number.ok()?)?
                }
            };
            Some((c, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let xml = "<?xml version=\"1.0\"?><!-- c --><x:a k='1>2' x:id=\"r&amp;1\"><b/>t&lt;<![CDATA[<&>]]></x:a>";
        let tokens: Vec<Token<'_>> = Scanner::new(xml).collect::<Result<_, _>>().unwrap();
        assert_eq!(
            tokens,
            [
                Token::Open { name: "a", attrs: " k='1>2' x:id=\"r&amp;1\"", empty: false },
                Token::Open { name: "b", attrs: "", empty: true },
                Token::Text("t&lt;"),
                Token::Cdata("<&>"),
                Token::Close("a"),
            ]
        );
        assert_eq!(attr(" k='1>2' x:id=\"r&amp;1\"", "id").as_deref(), Some("r&1"));
        assert_eq!(attr(" k='1>2'", "id"), None);
        for bad in ["<a", "<a b='>", "<!-- x", "<![CDATA[x", "<?x"] {
            assert!(Scanner::new(bad).any(|t| t.is_err()), "{bad}");
        }
    }

    #[test]
    fn references() {
        let cases = [
            ("a &amp; b", "a & b"),
            ("&lt;&gt;&quot;&apos;", "<>\"'"),
            ("&#20013;&#x6587;&#X41;", "中文A"),
            ("&unknown; & &#xD800; &#99999999; &", "&unknown; & &#xD800; &#99999999; &"),
            ("中&amp", "中&amp"),
        ];
        for (text, want) in cases {
            assert_eq!(unescape(text), want, "{text}");
        }
    }
}

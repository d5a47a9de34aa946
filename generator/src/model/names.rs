//! Turning spec names into Rust identifiers that compile and read well.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// Words Rust reserves in any edition we target; a field named `type` becomes `type_`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Names of the std prelude (and a few derives) that generated code uses
/// unqualified; a type or builder with one of these names gets a suffix.
pub const PRELUDE: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Vec",
];

/// Variants the emitter adds to every string enum and discriminated union.
pub const ADDED_VARIANTS: &[&str] = &["Unknown"];

/// Associated items of the `impl`s emitted for an enum, which code names as
/// `Self::…`: a variant with the same name makes that path ambiguous
/// (`error: ambiguous associated item`; `FromStr` names `Self::Err`).
/// Keep in step with `emit::types` (`enum_def`, `union_def`).
const ENUM_ASSOCIATED_ITEMS: &[&str] = &["Err"];

/// PascalCase name for an enum variant, clear of the enum's associated items.
pub fn variant(raw: &str, fallback: &str) -> String {
    let name = pascal(raw, fallback);
    if ENUM_ASSOCIATED_ITEMS.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// `wanted`, or `wanted` + `suffix` when it is a prelude name.
pub fn avoid_prelude(wanted: String, suffix: &str) -> String {
    if PRELUDE.contains(&wanted.as_str()) {
        format!("{wanted}{suffix}")
    } else {
        wanted
    }
}

/// Replaces characters that cannot appear in an identifier by word breaks, and
/// spells out the few symbols that carry meaning (`+1`, `-1`, `>=`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (index, ch) in raw.chars().enumerate() {
        match ch {
            c if c.is_ascii_alphanumeric() => out.push(c),
            '+' => out.push_str(" plus "),
            '-' if index == 0 => out.push_str(" minus "),
            '<' => out.push_str(" lt "),
            '>' => out.push_str(" gt "),
            '=' => out.push_str(" eq "),
            '*' => out.push_str(" star "),
            '@' => out.push_str(" at "),
            _ => out.push(' '),
        }
    }
    out
}

/// snake_case identifier for fields, parameters and methods.
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// PascalCase identifier for types and enum variants.
pub fn pascal(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_pascal_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, fallback);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The part of an operationId that names derive from. NestJS's default ids
/// (`ListingsController_findAll`: the controller class, `_`, the handler) lose
/// the `Controller` word they all share: `Listings_findAll`.
pub fn operation_stem(id: &str) -> String {
    id.replacen("Controller_", "_", 1)
}

/// Whether `name` can be used as written for a Rust item (not a keyword, no `r#`):
/// what names from `generator.toml` and `generator.lock` must be.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// SCREAMING_SNAKE_CASE identifier for statics.
pub fn shouty(raw: &str) -> String {
    let mut name = words(raw).to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "OP_");
    }
    name
}

/// Hands out names, adding `2`, `3`, … when one is taken, in call order, so
/// the same spec always gets the same names.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameSet {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = 2u64;
        loop {
            let candidate = format!("{wanted}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Singular and plural spellings of a word, for trimming a group's name out of
/// its operations' names (`listListings` in `Listings` → `list`).
pub fn word_forms(word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    let mut forms = vec![word.clone()];
    if let Some(stem) = word.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    } else if let Some(stem) = word.strip_suffix("es") {
        forms.push(stem.to_owned());
        if let Some(stem) = word.strip_suffix('s') {
            forms.push(stem.to_owned());
        }
    } else if let Some(stem) = word.strip_suffix('s') {
        forms.push(stem.to_owned());
    } else {
        forms.push(format!("{word}s"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("2fa", "field"), "_2fa");
        assert_eq!(snake("totalPages", "field"), "total_pages");
        assert_eq!(snake("X-API-Key", "field"), "x_api_key");
        assert_eq!(snake("", "field"), "field");
        assert_eq!(pascal("+1", "Value"), "Plus1");
        assert_eq!(pascal("-1", "Value"), "Minus1");
        assert_eq!(pascal("404", "Status"), "Status404");
        assert_eq!(pascal("self", "V"), "Self_");
        assert_eq!(shouty("listListings"), "LIST_LISTINGS");
        assert_eq!(
            operation_stem("ListingsController_findAll"),
            "Listings_findAll"
        );
        assert_eq!(operation_stem("listListings"), "listListings");
    }

    #[test]
    fn configured_names_must_be_identifiers() {
        for good in ["list", "get_profile", "ListListings", "V1_2", "_private"] {
            assert!(is_identifier(good), "{good}");
        }
        for bad in [
            "",
            "_",
            "type",
            "self",
            "2fa",
            "get-profile",
            "list listings",
            "r#type",
            "é",
        ] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn variants_avoid_associated_items() {
        assert_eq!(variant("err", "V"), "ErrValue");
        assert_eq!(variant("ERR", "V"), "ErrValue");
        assert_eq!(variant("error", "V"), "Error");
        assert_eq!(variant("warning", "V"), "Warning");
        assert_eq!(variant("", "Empty"), "Empty");
    }

    #[test]
    fn names_are_deduplicated_in_order() {
        let mut set = NameSet::default();
        assert_eq!(set.claim("Pet".into()), "Pet");
        assert_eq!(set.claim("Pet".into()), "Pet2");
        assert_eq!(set.claim("V1".into()), "V1");
        assert_eq!(set.claim("V1".into()), "V1_2");
    }
}

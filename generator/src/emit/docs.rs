//! Spec prose → `#[doc]` attributes that rustdoc and clippy accept.

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc]` attribute per line of `text`, made safe for rustdoc: indented
/// lines (which would become doctests) are unindented, and bare code fences
/// are marked `text` so they are never compiled.
pub fn doc_lines(text: &str) -> TokenStream {
    let mut in_fence = false;
    let text = text.replace('\t', "    ");
    let lines = text.trim().lines().map(|line| {
        let trimmed = line.trim();
        let line = if trimmed.starts_with("```") {
            in_fence = !in_fence;
            // Opening fences become `text` whatever language they name:
            // spec examples are never compiled as doctests.
            if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            }
        } else if in_fence {
            line.trim_end().to_owned()
        } else {
            trimmed.to_owned()
        };
        format!(" {line}")
    });
    let mut lines: Vec<String> = lines.collect();
    if in_fence {
        lines.push(" ```".to_owned());
    }
    quote! { #( #[doc = #lines] )* }
}

/// Summary, then description, as one doc block.
pub fn summary_and_description(summary: Option<&str>, description: Option<&str>) -> String {
    match (summary, description) {
        (Some(summary), Some(description)) if summary.trim() != description.trim() => {
            format!("{}\n\n{}", summary.trim(), description.trim())
        }
        (Some(summary), _) => summary.trim().to_owned(),
        (None, Some(description)) => description.trim().to_owned(),
        (None, None) => String::new(),
    }
}

/// The first line of a group's docs: its tag, or the path a spec without tags
/// groups it by.
pub fn group_summary(group: &crate::model::Group) -> String {
    match &group.path {
        Some(path) => format!(" Operations under `{path}`."),
        None if group.tag.is_empty() => " Operations without a tag.".to_owned(),
        None => format!(" Operations tagged `{}`.", group.tag),
    }
}

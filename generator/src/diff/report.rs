//! The diff as a reviewer reads it: a summary line, the server URL called
//! out, then one section per resource, breaking changes first. Changes that
//! differ only in their subject (one per endpoint of a resource, say) share a
//! line.

use std::fmt::Write;

use super::{ApiDiff, Change, ChangeKind, Impact, Section};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Markdown,
    Text,
}

pub fn markdown(diff: &ApiDiff) -> String {
    render(diff, Style::Markdown)
}

pub fn text(diff: &ApiDiff) -> String {
    render(diff, Style::Text)
}

fn render(diff: &ApiDiff, style: Style) -> String {
    let md = style == Style::Markdown;
    let mut out = String::new();
    let versions = if diff.old_version == diff.new_version {
        format!("spec {}", diff.old_version)
    } else {
        format!("spec {} → {}", diff.old_version, diff.new_version)
    };
    let title = format!("API changes ({versions})");
    if md {
        writeln!(out, "## {title}\n").unwrap();
    } else {
        writeln!(out, "{title}").unwrap();
    }
    if diff.is_empty() {
        out.push_str("No change to the crate's API.\n");
        return out;
    }
    if md {
        writeln!(out, "**Semver: {}** — {}", diff.bump(), counts(diff)).unwrap();
    } else {
        writeln!(out, "Semver: {} — {}", diff.bump(), counts(diff)).unwrap();
    }
    for change in diff
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ServerUrlChanged)
    {
        if md {
            writeln!(
                out,
                "\n> [!WARNING]\n> **Default server URL changed**: {}. {}.",
                change.detail,
                capitalized(&change.reason)
            )
            .unwrap();
        } else {
            let detail = change.detail.replace('`', "");
            writeln!(
                out,
                "WARNING: default server URL changed: {detail}. {}.",
                capitalized(&change.reason)
            )
            .unwrap();
        }
    }

    // The callout above is the client section.
    let first_resource = diff
        .changes
        .iter()
        .take_while(|c| c.section == Section::Client)
        .count();
    let mut rest = &diff.changes[first_resource..];
    while let Some(first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|c| c.section == first.section)
            .count();
        let (section, tail) = rest.split_at(len);
        rest = tail;
        if md {
            let heading = match &first.section {
                Section::Resource(_) => format!("`{}`", first.section),
                _ => first.section.to_string(),
            };
            writeln!(out, "\n### {heading}\n").unwrap();
        } else {
            writeln!(out, "\n{}", first.section).unwrap();
        }
        for line in merged(section) {
            out.push_str(&item(&line, style));
        }
    }
    out
}

/// `3 breaking (2 compile, 1 runtime), 4 additive, 1 patch`
fn counts(diff: &ApiDiff) -> String {
    let count = |test: fn(&Change) -> bool| diff.changes.iter().filter(|c| test(c)).count();
    let breaking = count(|c| c.impact.is_breaking());
    let compile = count(|c| c.impact.breaks_compilation());
    let runtime = count(|c| c.impact.breaks_at_runtime());
    let additive = count(|c| c.impact == Impact::Additive);
    let patch = count(|c| c.impact == Impact::Patch);
    let mut parts = Vec::new();
    if breaking > 0 {
        parts.push(format!(
            "{breaking} breaking ({compile} fail to compile, {runtime} fail at run time)"
        ));
    }
    if additive > 0 {
        parts.push(format!("{additive} additive"));
    }
    if patch > 0 {
        parts.push(format!("{patch} patch"));
    }
    parts.join(", ")
}

/// Changes alike but for their subject, as one report line.
struct Line<'a> {
    change: &'a Change,
    subjects: Vec<&'a str>,
}

fn merged(changes: &[Change]) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    for change in changes {
        let alike = |line: &&mut Line<'_>| {
            let other = line.change;
            (other.impact, other.kind, &other.detail, &other.reason)
                == (change.impact, change.kind, &change.detail, &change.reason)
        };
        match lines.iter_mut().find(alike) {
            Some(line) => line.subjects.push(&change.subject),
            None => lines.push(Line {
                change,
                subjects: vec![&change.subject],
            }),
        }
    }
    lines
}

fn item(line: &Line<'_>, style: Style) -> String {
    let change = line.change;
    match style {
        Style::Markdown => {
            let subjects: Vec<String> = line.subjects.iter().map(|s| format!("`{s}`")).collect();
            format!(
                "- {} **{}** {}: {}. {}: {}.\n",
                marker(change.impact),
                capitalized(change.kind.label()),
                subjects.join(", "),
                change.detail,
                capitalized(change.impact.label()),
                change.reason,
            )
        }
        Style::Text => format!(
            "  {:<31}  {}: {} — {}. {}.\n",
            change.impact.label(),
            change.kind.label(),
            line.subjects.join(", "),
            change.detail.replace('`', ""),
            capitalized(&change.reason).replace('`', ""),
        ),
    }
}

/// A colour to scan by: red breaks compilation, orange only run time.
fn marker(impact: Impact) -> &'static str {
    match impact {
        Impact::BreaksCompilationAndRuntime | Impact::BreaksCompilation => "🔴",
        Impact::BreaksAtRuntime => "🟠",
        Impact::Additive => "🟢",
        Impact::Patch => "⚪",
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

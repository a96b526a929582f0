//! Change filings (`rules-digest.md` §4): what may change, and what a changed document changes.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::index_u32;
use crate::cert;
use crate::diag::{Diagnostic, FieldPath, Severity, Text};
use crate::model::{FilingDocument, FilingType, Subject};
use crate::rules::text::quote;
use crate::text;

const SOURCE_CHANGE: &str = "rules-digest.md §4（变更备案）";

fn change_error(code: &str, rule: &str, field: FieldPath, message: Text) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity: Severity::Error,
        field: field.into(),
        message: message.zh,
        message_en: message.en,
        rule: rule.to_owned(),
        source: SOURCE_CHANGE.to_owned(),
    }
}

/// Domains each in “”, joined with commas, for English messages.
fn quoted_en(domains: &[String]) -> String {
    domains.iter().map(|d| format!("“{}”", quote(d))).collect::<Vec<_>>().join(", ")
}

/// Which original website each changed website is (by a shared domain, else by position among
/// the unmatched ones).
fn match_websites(original: &FilingDocument, changed: &FilingDocument) -> Vec<Option<usize>> {
    let domains = |d: &FilingDocument, i: usize| -> Vec<String> {
        d.websites[i].domains.iter().map(|x| crate::domain::key(x)).filter(|x| !x.is_empty()).collect()
    };
    let mut matched: Vec<Option<usize>> = (0..changed.websites.len())
        .map(|i| {
            let mine = domains(changed, i);
            (0..original.websites.len()).find(|&j| domains(original, j).iter().any(|d| mine.contains(d)))
        })
        .collect();
    for i in 0..matched.len() {
        if matched[i].is_none() && i < original.websites.len() && !matched.contains(&Some(i)) {
            matched[i] = Some(i);
        }
    }
    matched
}

/// The rules of a change filing (`rules-digest.md` §4): the subject's identity (certificate type and
/// number) cannot change; a changed website's domains may only be kept or removed, never added or
/// modified; a website with a single domain cannot change it; a change filing adds no website.
/// Other fields (names, contacts, e-mail …) may change.
pub fn check_change(original: &FilingDocument, changed: &FilingDocument) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let subject = FieldPath::root().key("subject");
    if original.subject.cert_type != changed.subject.cert_type {
        let (was_zh, was_en) = (original.subject.cert_type.label_zh(), original.subject.cert_type.label_en());
        out.push(change_error(
            "change_subject_identity",
            crate::rules::ids::WF_CHANGE_SUBJECT_ID,
            subject.key("cert_type"),
            text!(
                zh: "变更备案不能更改主体证件类型（原为{was_zh}）：证件不同即为另一主体，需另行备案",
                en: "A change filing cannot change the subject's certificate type (it was {was_en}): another certificate means another subject, which needs a filing of its own.",
            ),
        ));
    }
    if cert::normalize(&original.subject.cert_number) != cert::normalize(&changed.subject.cert_number) {
        let was = &original.subject.cert_number;
        let was_en = quote(was);
        out.push(change_error(
            "change_subject_identity",
            crate::rules::ids::WF_CHANGE_SUBJECT_ID,
            subject.key("cert_number"),
            text!(
                zh: "变更备案不能更改主体证件号码（原为 {was}）：证件不同即为另一主体，需另行备案",
                en: "A change filing cannot change the subject's certificate number (it was “{was_en}”): another certificate means another subject, which needs a filing of its own.",
            ),
        ));
    }

    let matched = match_websites(original, changed);
    for (i, m) in matched.iter().enumerate() {
        let site = FieldPath::root().key("websites").index(i);
        let Some(j) = *m else {
            out.push(change_error(
                "change_new_website",
                crate::rules::ids::WF_CHANGE_DOMAINS,
                site.key("domains"),
                text!(
                    zh: "变更备案不能新增网站：新网站请办理新增网站备案",
                    en: "A change filing cannot add a website: file a new website with a new-website filing.",
                ),
            ));
            continue;
        };
        if let Some(k) = matched[..i].iter().position(|x| *x == Some(j)) {
            out.push(change_error(
                "change_split_website",
                crate::rules::ids::WF_CHANGE_DOMAINS,
                site.key("domains"),
                {
                    let (this, other) = (i + 1, k + 1);
                    text!(
                        zh: "网站 {this} 与网站 {other} 对应原备案的同一网站",
                        en: "Websites {this} and {other} both correspond to the same website of the original filing.",
                    )
                },
            ));
            continue;
        }
        let before: Vec<String> =
            original.websites[j].domains.iter().map(|d| crate::domain::key(d)).filter(|d| !d.is_empty()).collect();
        let after: Vec<(usize, String)> = changed.websites[i]
            .domains
            .iter()
            .enumerate()
            .map(|(k, d)| (k, crate::domain::key(d)))
            .filter(|(_, d)| !d.is_empty())
            .collect();
        if before.len() == 1 {
            let only = &before[0];
            if after.len() != 1 || after[0].1 != *only {
                out.push(change_error(
                    "change_single_domain",
                    crate::rules::ids::WF_CHANGE_SINGLE_DOMAIN,
                    site.key("domains"),
                    {
                        let q = quote(only);
                        text!(
                            zh: "原网站只有一个域名 {only}，变更备案不能更改该域名",
                            en: "The original website has a single domain, “{q}”, which a change filing cannot change.",
                        )
                    },
                ));
            }
            continue;
        }
        if after.is_empty() {
            out.push(change_error(
                "change_domains_removed",
                crate::rules::ids::WF_CHANGE_DOMAINS,
                site.key("domains"),
                text!(
                    zh: "变更备案至少保留一个域名：删除整个网站请办理注销网站或取消接入",
                    en: "A change filing keeps at least one domain: to remove the whole website, deregister it or cancel its access.",
                ),
            ));
        }
        let before_zh = before.join("、");
        let before_en = quoted_en(&before);
        for (k, d) in after {
            if !before.contains(&d) {
                let q = quote(&d);
                out.push(change_error(
                    "change_domain_added",
                    crate::rules::ids::WF_CHANGE_DOMAINS,
                    site.key("domains").index(k),
                    text!(
                        zh: "变更备案只能保留或删除域名，不能新增或修改：{d} 不是原网站的域名（原为 {before_zh}）",
                        en: "A change filing can only keep or remove domains, not add or modify them: “{q}” is not a domain of the original website (which has {before_en}).",
                    ),
                ));
            }
        }
    }
    for j in 0..original.websites.len() {
        if !matched.contains(&Some(j)) {
            let n = j + 1;
            let domains = &original.websites[j].domains;
            let (domains_zh, domains_en) = (domains.join("、"), quoted_en(domains));
            let message = text!(
                zh: "原备案的网站 {n}（{domains_zh}）不在变更后的文档中：删除网站须办理注销网站或取消接入",
                en: "Website {n} of the original filing ({domains_en}) is not in the changed document: removing a website takes a website deregistration or a cancelled access.",
            );
            out.push(Diagnostic {
                code: "change_website_missing".to_owned(),
                severity: Severity::Warning,
                field: "websites".to_owned(),
                message: message.zh,
                message_en: message.en,
                rule: crate::rules::ids::WF_CHANGE_DOMAINS.to_owned(),
                source: SOURCE_CHANGE.to_owned(),
            });
        }
    }
    out
}

/// What a change filing changes: the subject's data and/or which websites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ChangedParts {
    pub subject: bool,
    /// Indexes into the changed document's websites.
    pub websites: Vec<u32>,
}

impl ChangedParts {
    /// The change type this calls for: 变更主体 when the subject changed, else 变更网站; `None`
    /// when nothing changed.
    pub fn filing_type(&self) -> Option<FilingType> {
        if self.subject {
            Some(FilingType::ChangeSubject)
        } else if !self.websites.is_empty() {
            Some(FilingType::ChangeSite)
        } else {
            None
        }
    }
}

/// Compares a changed document with the approved original (the `filed` declarations ignored).
pub fn changed_parts(original: &FilingDocument, changed: &FilingDocument) -> ChangedParts {
    let strip = |s: &Subject| Subject { filed: Default::default(), ..s.clone() };
    let matched = match_websites(original, changed);
    let websites = matched
        .iter()
        .enumerate()
        .filter(|(i, m)| match m {
            Some(j) => {
                let a = &original.websites[*j];
                let b = &changed.websites[*i];
                let mut b = b.clone();
                b.filed = a.filed.clone();
                *a != b
            }
            None => true,
        })
        .map(|(i, _)| index_u32(i))
        .collect();
    ChangedParts { subject: strip(&original.subject) != strip(&changed.subject), websites }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filing_type::tests::doc;
    use crate::model::{CertType, Website};

    fn codes(diags: &[Diagnostic]) -> Vec<(&str, &str)> {
        diags.iter().map(|d| (d.code.as_str(), d.field.as_str())).collect()
    }

    #[test]
    fn change_keeps_or_removes_domains_only() {
        let orig = doc(&[&["a.com", "b.com", "c.com"], &["single.com"]]);
        // Removing a domain and editing other fields is fine.
        let mut ok = orig.clone();
        ok.websites[0].domains = vec!["www.a.com".into(), "c.com".into()];
        ok.websites[1].name = "新名称".into();
        ok.subject.principal.email = "new@example.com".into();
        assert!(check_change(&orig, &ok).is_empty(), "{:?}", check_change(&orig, &ok));
        let parts = changed_parts(&orig, &ok);
        assert_eq!(parts, ChangedParts { subject: true, websites: vec![0, 1] });
        assert_eq!(parts.filing_type(), Some(FilingType::ChangeSubject));

        let mut bad = orig.clone();
        bad.websites[0].domains = vec!["a.com".into(), "d.com".into()];
        bad.websites[1].domains = vec!["single2.com".into()];
        assert_eq!(
            codes(&check_change(&orig, &bad)),
            [("change_domain_added", "websites[0].domains[1]"), ("change_single_domain", "websites[1].domains")]
        );

        let mut added = orig.clone();
        added.websites.push(Website { domains: vec!["new.com".into()], ..Website::default() });
        assert_eq!(codes(&check_change(&orig, &added)), [("change_new_website", "websites[2].domains")]);

        let mut removed = orig.clone();
        removed.websites.remove(0);
        let diags = check_change(&orig, &removed);
        assert_eq!(codes(&diags), [("change_website_missing", "websites")]);
        assert_eq!(diags[0].severity, Severity::Warning);

        let mut emptied = orig.clone();
        emptied.websites[0].domains.clear();
        assert_eq!(codes(&check_change(&orig, &emptied)), [("change_domains_removed", "websites[0].domains")]);
    }

    #[test]
    fn change_cannot_change_the_subjects_identity() {
        let orig = doc(&[&["a.com"]]);
        let mut same = orig.clone();
        same.subject.cert_number = " 33010619900101123x ".into();
        assert!(check_change(&orig, &same).is_empty());
        let mut other = orig.clone();
        other.subject.cert_type = CertType::Passport;
        other.subject.cert_number = "E12345678".into();
        assert_eq!(
            codes(&check_change(&orig, &other)),
            [("change_subject_identity", "subject.cert_type"), ("change_subject_identity", "subject.cert_number")]
        );
        assert_eq!(changed_parts(&orig, &orig).filing_type(), None);
    }
}

//! §4 网站信息: required fields, domains, homepage URL, content, service type, languages,
//! 前置审批, product verification; then the site names ([`super::names`]).

use super::Ctx;
use super::book::*;
use super::names;
use super::text::{list_quoted, or_quoted_en, quote};
use crate::model::{FilingType, ServiceType, Website};
use crate::tables;
use crate::{Text, text};

/// Why a domain cannot be filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    /// `SITE-DOMAIN-FORMAT` or `SITE-DOMAIN-REGISTRABLE`.
    pub rule: &'static str,
    /// `required`, `scheme`, `path`, `port`, `wildcard`, `ip_address`, `format`, `unknown_suffix`,
    /// `bare_suffix`, `private_suffix`, `subdomain`.
    pub code: &'static str,
    /// In Simplified Chinese.
    pub message: String,
    /// In English.
    pub message_en: String,
}

impl DomainError {
    /// The message in both languages.
    pub fn text(&self) -> Text {
        Text::new(self.message.clone(), self.message_en.clone())
    }
}

fn format_error(code: &'static str, message: Text) -> DomainError {
    DomainError { rule: SITE_DOMAIN_FORMAT, code, message: message.zh, message_en: message.en }
}

fn registrable_error(code: &'static str, message: Text) -> DomainError {
    DomainError { rule: SITE_DOMAIN_REGISTRABLE, code, message: message.zh, message_en: message.en }
}

fn to_unicode(ascii: &str) -> String {
    let (u, r) = idna::domain_to_unicode(ascii);
    if r.is_ok() { u } else { ascii.to_owned() }
}

/// Checks a domain as it would be filed (after [`crate::domain::normalize`]) and returns its
/// punycode (ASCII) form: the domain only (no scheme, path, port, wildcard, IP address), valid
/// labels (UTS 46 with STD3 rules, DNS lengths), and a registrable name under a public suffix
/// (ICANN or private section of the Public Suffix List), never the suffix itself or a subdomain.
pub fn check_domain(domain: &str) -> Result<String, DomainError> {
    let d = domain;
    let q = quote(d);
    if d.is_empty() {
        return Err(format_error(
            "required",
            text!(zh: "请填写域名，格式如 example.com。", en: "Fill in the domain, e.g. example.com."),
        ));
    }
    if d.contains("://") || d.starts_with("http:") || d.starts_with("https:") {
        return Err(format_error(
            "scheme",
            text!(
                zh: "“{q}”带有协议头：域名只填写域名本身，不带 http:// 或 https://，如 example.com。",
                en: "“{q}” includes a protocol: enter the domain alone, without http:// or https://, e.g. example.com.",
            ),
        ));
    }
    if d.contains(['/', '?', '#', '\\']) {
        return Err(format_error(
            "path",
            text!(
                zh: "“{q}”带有路径或参数：域名只填写域名本身，如 example.com。",
                en: "“{q}” includes a path or parameters: enter the domain alone, e.g. example.com.",
            ),
        ));
    }
    if d.contains('*') {
        return Err(format_error(
            "wildcard",
            text!(
                zh: "“{q}”带有通配符：备案域名不能使用通配符，请填写具体的主域名。",
                en: "“{q}” contains a wildcard: a filed domain cannot use wildcards; enter the registered domain itself.",
            ),
        ));
    }
    if d.starts_with('[')
        || (d.split('.').count() == 4 && d.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())))
    {
        return Err(format_error(
            "ip_address",
            text!(
                zh: "“{q}”是IP地址：ICP备案填写域名，不能填写IP地址。",
                en: "“{q}” is an IP address: an ICP filing names domains, not IP addresses.",
            ),
        ));
    }
    if d.contains(':') {
        return Err(format_error(
            "port",
            text!(
                zh: "“{q}”带有端口号：域名只填写域名本身，不带“:端口”。",
                en: "“{q}” includes a port number: enter the domain alone, without “:port”.",
            ),
        ));
    }
    if d.contains('@') {
        return Err(format_error(
            "format",
            text!(
                zh: "“{q}”不是域名（含有“@”，像是邮箱地址）。",
                en: "“{q}” is not a domain (it contains “@” and looks like an e-mail address).",
            ),
        ));
    }
    let ascii = match idna::domain_to_ascii_strict(d) {
        Ok(a) => a,
        Err(_) => {
            let (why_zh, why_en) = if d.chars().any(|c| c.is_whitespace() || c.is_control()) {
                ("含有空格或控制字符", "it contains spaces or control characters")
            } else if d.starts_with('.') || d.ends_with('.') || d.contains("..") {
                (
                    "各段之间只能有一个点，且不能以点开头或结尾",
                    "its parts are separated by single dots, and it cannot begin or end with a dot",
                )
            } else if d.split('.').any(|l| l.starts_with('-') || l.ends_with('-')) {
                ("各段不能以连字符开头或结尾", "no part between the dots may begin or end with a hyphen")
            } else if d.contains('_') {
                ("不能含有下划线", "it cannot contain underscores")
            } else {
                (
                    "只能由字母、数字、连字符或中文等文字组成，各段以点分隔，每段最长63个字符",
                    "it may consist only of letters, digits, hyphens or characters of scripts such as Chinese, in parts separated by dots, each at most 63 characters long",
                )
            };
            return Err(format_error(
                "format",
                text!(zh: "域名“{q}”格式不正确：{why_zh}。", en: "The domain “{q}” is not well formed: {why_en}."),
            ));
        }
    };
    let Some(suffix) = psl::suffix(ascii.as_bytes()) else {
        return Err(format_error(
            "format",
            text!(zh: "域名“{q}”格式不正确。", en: "The domain “{q}” is not well formed."),
        ));
    };
    let suffix_text = to_unicode(std::str::from_utf8(suffix.as_bytes()).unwrap_or(""));
    let s = quote(&suffix_text);
    if !suffix.is_known() {
        return Err(registrable_error(
            "unknown_suffix",
            text!(
                zh: "“.{s}”不是公共后缀列表中的顶级域名：请检查域名的后缀（如 .com、.cn、.中国）。",
                en: "“.{s}” is not a top-level domain of the Public Suffix List: check the domain's suffix (e.g. .com, .cn or “.中国”).",
            ),
        ));
    }
    let Some(registrable) = psl::domain(ascii.as_bytes()) else {
        return Err(registrable_error(
            "bare_suffix",
            text!(
                zh: "“{q}”本身是域名后缀，不能备案：请填写在其下注册的域名，如 example.{s}。",
                en: "“{q}” is a domain suffix itself and cannot be filed: enter a domain registered under it, e.g. “example.{s}”.",
            ),
        ));
    };
    if suffix.typ() == Some(psl::Type::Private) {
        return Err(registrable_error(
            "private_suffix",
            text!(
                zh: "“{q}”是平台分配的子域名（“{s}”由平台持有）：只能备案自己注册的域名。",
                en: "“{q}” is a subdomain assigned by a platform (the platform holds “{s}”): only a domain the subject registered itself can be filed.",
            ),
        ));
    }
    let registrable = std::str::from_utf8(registrable.as_bytes()).unwrap_or("");
    if registrable != ascii {
        let main = quote(&to_unicode(registrable));
        return Err(registrable_error(
            "subdomain",
            text!(
                zh: "“{q}”是子域名：请填写注册的主域名“{main}”（www 等子域名随主域名一起备案）。",
                en: "“{q}” is a subdomain: enter the registered domain “{main}” (www and other subdomains are covered by its filing).",
            ),
        ));
    }
    Ok(ascii)
}

/// A site's domain after checking: its index and punycode form (`None` when invalid).
pub struct DomainFacts {
    pub unicode: String,
    pub ascii: Option<String>,
}

pub fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    if doc.websites.is_empty() && doc.filing_type != Some(FilingType::DeregisterSubject) {
        ctx.emit(
            SITE_REQUIRED,
            "required",
            "websites",
            text!(zh: "请至少填写一个网站的信息。", en: "Fill in at least one website."),
        );
    }
    // punycode of each domain seen so far, for duplicates across the filing
    let mut seen: Vec<(String, String)> = Vec::new();
    for (i, w) in doc.websites.iter().enumerate() {
        let facts = check_domains(ctx, i, w, &mut seen);
        check_site(ctx, i, w, &facts);
        if !ctx.withdrawal {
            names::check(ctx, i, w, &facts);
        }
    }
}

fn check_domains(ctx: &mut Ctx, i: usize, w: &Website, seen: &mut Vec<(String, String)>) -> Vec<DomainFacts> {
    let base = format!("websites[{i}]");
    if w.domains.is_empty() && w.service_type == ServiceType::Website {
        ctx.emit(
            SITE_REQUIRED,
            "required",
            format!("{base}.domains"),
            text!(zh: "请填写网站域名（格式如 example.com）。", en: "Fill in the website's domain (e.g. example.com)."),
        );
    }
    if ctx.doc.filing_type == Some(FilingType::ChangeSite) {
        ctx.emit(
            SITE_DOMAIN_CHANGE,
            "reminder",
            format!("{base}.domains"),
            text!(
                zh: "变更备案：网站只有一个域名的，不能变更域名本身；有多个域名的，只能保持或删除域名，不能修改或新增域名。",
                en: "Change filing: a website with a single domain cannot change that domain; a website with several domains can only keep or remove them, not modify them or add new ones.",
            ),
        );
    }
    let suffix_rule = if ctx.withdrawal { None } else { tables::domain_rule_for(ctx.doc.subject.nature, ctx.as_of) };
    let mut facts = Vec::with_capacity(w.domains.len());
    for (j, d) in w.domains.iter().enumerate() {
        let field = format!("{base}.domains[{j}]");
        let ascii = match check_domain(d) {
            Ok(a) => Some(a),
            Err(e) => {
                ctx.emit(e.rule, e.code, field.clone(), Text::new(e.message, e.message_en));
                None
            }
        };
        if let Some(a) = &ascii {
            // A domain once among the websites (guide §3); an app shares its domains with the
            // subject's website and other services (app-filing.md §3.4 [N8]), listing each once.
            let keyed = if w.service_type == ServiceType::Website { a.clone() } else { format!("{a}\u{1f}{i}") };
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == keyed) {
                let q = quote(d);
                ctx.emit(
                    SITE_DOMAIN_DUPLICATE,
                    "duplicate",
                    field.clone(),
                    text!(
                        zh: "域名“{q}”在本备案中重复出现（{first}）：同一域名只能填写一次。",
                        en: "The domain “{q}” appears twice in this filing (also at {first}): enter each domain only once.",
                    ),
                );
            } else {
                seen.push((keyed, field.clone()));
            }
            if let Some(rule) = suffix_rule
                && !rule.allows(d)
            {
                let who_zh = &rule.subject_label;
                let who_en = rule.nature.label_en();
                let suffixes_zh = list_quoted(rule.suffixes.iter().map(String::as_str));
                let suffixes_en = or_quoted_en(rule.suffixes.iter().map(String::as_str));
                let q = quote(d);
                ctx.emit_full(
                    SITE_DOMAIN_NATURE_SUFFIX,
                    None,
                    "nature_suffix",
                    field.clone(),
                    text!(
                        zh: "{who_zh}网站的域名须以{suffixes_zh}结尾：“{q}”不符合。",
                        en: "A website of a subject of this nature ({who_en}) must use domains ending in {suffixes_en}; “{q}” does not.",
                    ),
                    Some(&rule.source),
                );
            }
        }
        facts.push(DomainFacts { unicode: d.clone(), ascii });
    }
    facts
}

fn check_site(ctx: &mut Ctx, i: usize, w: &Website, facts: &[DomainFacts]) {
    let base = format!("websites[{i}]");
    let field = |f: &str| format!("{base}.{f}");
    if w.name.is_empty() {
        ctx.emit(
            SITE_REQUIRED,
            "required",
            field("name"),
            text!(
                zh: "请填写网站名称（3个或3个以上汉字，与主办单位名称有关联）。",
                en: "Fill in the website name (at least 3 Chinese characters, related to the subject's name).",
            ),
        );
    }
    let is_website = w.service_type == ServiceType::Website;
    if w.homepage_url.is_empty() {
        if is_website {
            ctx.emit(
                SITE_REQUIRED,
                "required",
                field("homepage_url"),
                text!(
                    zh: "请填写网站首页URL（如 http://www.example.com）。",
                    en: "Fill in the homepage URL (e.g. http://www.example.com).",
                ),
            );
        }
    } else if let Some((code, msg)) = homepage_problem(&w.homepage_url, facts) {
        ctx.emit(SITE_HOMEPAGE_URL, code, field("homepage_url"), msg);
    }
    if w.content.is_empty() {
        ctx.emit(
            SITE_REQUIRED,
            "required",
            field("content"),
            text!(
                zh: "请选择网站内容（个人网站选择“其他”）。",
                en: "Choose the website content (personal websites choose “其他”, Other).",
            ),
        );
    } else if ctx.personal && w.content != "other" {
        let label = quote(tables::content_type(&w.content).map_or(w.content.as_str(), |c| c.label_zh.as_str()));
        ctx.emit(
            SITE_CONTENT_PERSONAL,
            "personal_content",
            field("content"),
            text!(
                zh: "个人网站的网站内容应选择“其他”，而不是“{label}”。",
                en: "A personal website's content must be “其他” (Other), not “{label}”.",
            ),
        );
    }
    if !is_website {
        let as_of = ctx.as_of;
        ctx.emit(
            SITE_SERVICE_TYPE_APP_DATE,
            "not_yet",
            field("service_type"),
            text!(
                zh: "核验日期{as_of}早于2023年9月：APP、小程序、快应用备案自2023年9月起才可办理，此前只能备案网站。",
                en: "The check date {as_of} is before September 2023: apps, mini-programs and quick apps can be filed only from September 2023; before that, only websites could be filed.",
            ),
        );
    }
    if w.languages.is_empty() {
        ctx.emit(
            SITE_REQUIRED,
            "required",
            field("languages"),
            text!(
                zh: "请选择网站语言（可多选，如中文简体 zh-Hans）。",
                en: "Choose the website's languages (one or more, e.g. zh-Hans for Simplified Chinese).",
            ),
        );
    }
    for (j, l) in w.languages.iter().enumerate() {
        let f = format!("{base}.languages[{j}]");
        let q = quote(l);
        if !is_language_tag(l) {
            ctx.emit(
                SITE_LANGUAGE_TAG,
                "language_tag",
                f,
                text!(
                    zh: "网站语言“{q}”不是语言代码：请使用 zh-Hans、zh-Hant、en 等 BCP 47 代码。",
                    en: "The language “{q}” is not a language code: use BCP 47 codes such as zh-Hans, zh-Hant or en.",
                ),
            );
        } else if w.languages[..j].iter().any(|o| o.eq_ignore_ascii_case(l)) {
            ctx.emit(
                SITE_LANGUAGE_TAG,
                "duplicate",
                f,
                text!(zh: "网站语言“{q}”重复。", en: "The language “{q}” is listed twice."),
            );
        }
    }
    for (j, p) in w.preapprovals.iter().enumerate() {
        let f = format!("{base}.preapprovals[{j}]");
        if p.kind.is_empty() {
            ctx.emit(
                SITE_PREAPPROVAL_ENTRY,
                "required",
                format!("{f}.type"),
                text!(zh: "请选择前置审批类型。", en: "Choose the pre-approval type."),
            );
        } else if tables::preapproval_type(&p.kind).is_none() {
            let known: Vec<&str> = tables::preapproval_types().iter().map(|t| t.code.as_str()).collect();
            let (known_zh, known_en) = (known.join("、"), known.join(", "));
            let kind = quote(&p.kind);
            ctx.emit_full(
                SITE_PREAPPROVAL_ENTRY,
                Some(crate::Severity::Warning),
                "unknown_type",
                format!("{f}.type"),
                text!(
                    zh: "前置审批类型“{kind}”不在已知类型中（{known_zh}）：请核对。",
                    en: "The pre-approval type “{kind}” is not one of the known types ({known_en}): check it.",
                ),
                None,
            );
        }
        if p.number.is_empty() {
            ctx.emit(
                SITE_PREAPPROVAL_ENTRY,
                "required",
                format!("{f}.number"),
                text!(
                    zh: "请填写前置审批文号（审批文件上的编号）。",
                    en: "Fill in the pre-approval number (the reference number on the approval document).",
                ),
            );
        }
        if p.attachment.is_none() {
            ctx.emit_full(
                SITE_PREAPPROVAL_ENTRY,
                Some(crate::Severity::Warning),
                "attachment_missing",
                format!("{f}.attachment"),
                text!(
                    zh: "请上传前置审批文件：不提供前置审批文件会导致备案审核失败。",
                    en: "Upload the pre-approval document: without it the filing fails review.",
                ),
                None,
            );
        }
    }
    if !ctx.withdrawal {
        // Said of the service's own kind: 网站, APP, 小程序 or 快应用 (app-filing.md §2.2 前置审批).
        let kind = w.service_type.label_zh();
        let kind_en = w.service_type.label_en().to_lowercase();
        ctx.emit(
            SITE_PREAPPROVAL_NEEDED,
            "reminder",
            field("preapprovals"),
            text!(
                zh: "请核对：{kind}涉及新闻、出版、教育、医疗保健、药品和医疗器械、文化、广播电影电视节目等内容的，须办理前置审批并上传审批文件。",
                en: "Check: when this {kind_en} has content on news, publishing, education, health care, drugs and medical devices, culture, or radio, film and TV programmes, it needs a pre-approval, with the approval document uploaded.",
            ),
        );
    }
    check_product(ctx, i);
}

/// Product verification: the one check of its form, [`crate::product::check_product_format`]
/// (a withdrawal names the approved filing's products, so nothing is missing there).
fn check_product(ctx: &mut Ctx, index: usize) {
    let found = crate::product::check_product_format(index, ctx.doc);
    let withdrawal = ctx.withdrawal;
    ctx.out.extend(found.into_iter().filter(|d| !(withdrawal && d.code == "product_missing")));
}

/// BCP 47 in shape: alphanumeric subtags of 1–8 characters joined by `-`, the first 2–3 letters
/// (or `x`/`i`).
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let first_ok = ((2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic()))
        || first.eq_ignore_ascii_case("x")
        || first.eq_ignore_ascii_case("i");
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// What is wrong with a homepage URL for a site with these domains, if anything.
fn homepage_problem(url: &str, facts: &[DomainFacts]) -> Option<(&'static str, Text)> {
    let q = quote(url);
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some((
            "format",
            text!(
                zh: "网站首页URL“{q}”含有空格或控制字符。",
                en: "The homepage URL “{q}” contains spaces or control characters.",
            ),
        ));
    }
    let rest = match url.find("://") {
        Some(i) => {
            let scheme = &url[..i];
            if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
                let scheme = quote(scheme);
                return Some((
                    "scheme",
                    text!(
                        zh: "网站首页URL“{q}”应以 http:// 或 https:// 开头，而不是“{scheme}://”。",
                        en: "The homepage URL “{q}” must start with http:// or https://, not “{scheme}://”.",
                    ),
                ));
            }
            &url[i + 3..]
        }
        None => {
            // "javascript:…", "mailto:…": a scheme without //
            if let Some((before, _)) = url.split_once(':')
                && !before.contains(['/', '.'])
                && before.bytes().all(|b| b.is_ascii_alphabetic())
                && !before.is_empty()
            {
                return Some((
                    "scheme",
                    text!(
                        zh: "网站首页URL“{q}”应以 http:// 或 https:// 开头。",
                        en: "The homepage URL “{q}” must start with http:// or https://.",
                    ),
                ));
            }
            url
        }
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Some((
            "format",
            text!(
                zh: "网站首页URL“{q}”不能包含用户名或密码（“@”）。",
                en: "The homepage URL “{q}” cannot contain a user name or password (“@”).",
            ),
        ));
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => {
            return Some((
                "format",
                text!(zh: "网站首页URL“{q}”的端口号不正确。", en: "The port number of the homepage URL “{q}” is not valid."),
            ));
        }
        None => authority,
    };
    if host.is_empty() {
        return Some(("format", text!(zh: "网站首页URL“{q}”缺少域名。", en: "The homepage URL “{q}” has no domain.")));
    }
    let Ok(host_ascii) = idna::domain_to_ascii_strict(&crate::domain::normalize(host)) else {
        let h = quote(host);
        return Some((
            "format",
            text!(
                zh: "网站首页URL“{q}”中的域名“{h}”格式不正确。",
                en: "The domain “{h}” in the homepage URL “{q}” is not well formed.",
            ),
        ));
    };
    let valid: Vec<&DomainFacts> = facts.iter().filter(|f| f.ascii.is_some()).collect();
    if valid.is_empty() {
        return None;
    }
    let on_site = valid.iter().any(|f| {
        let d = f.ascii.as_deref().unwrap_or("");
        host_ascii == d || host_ascii.ends_with(&format!(".{d}"))
    });
    if on_site {
        None
    } else {
        let domains_zh = list_quoted(valid.iter().map(|f| f.unicode.as_str()));
        let domains_en = or_quoted_en(valid.iter().map(|f| f.unicode.as_str()));
        Some((
            "not_on_domain",
            text!(
                zh: "网站首页URL“{q}”不在本网站的域名下：应为{domains_zh}或其子域名（如 www）下的地址。",
                en: "The homepage URL “{q}” is not on this website's domains: it must be an address on {domains_en} or one of its subdomains (such as www).",
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(ds: &[&str]) -> Vec<DomainFacts> {
        ds.iter().map(|d| DomainFacts { unicode: (*d).to_owned(), ascii: check_domain(d).ok() }).collect()
    }

    #[test]
    fn domains() {
        assert_eq!(check_domain("example.com").as_deref(), Ok("example.com"));
        assert_eq!(check_domain("例子.中国").as_deref(), Ok("xn--fsqu00a.xn--fiqs8s"));
        assert_eq!(check_domain("beijing.gov.cn").as_deref(), Ok("beijing.gov.cn"));
        let code = |d: &str| check_domain(d).err().map(|e| e.code);
        assert_eq!(code(""), Some("required"));
        assert_eq!(code("http://example.com"), Some("scheme"));
        assert_eq!(code("example.com/a"), Some("path"));
        assert_eq!(code("*.example.com"), Some("wildcard"));
        assert_eq!(code("example.com:8080"), Some("port"));
        assert_eq!(code("1.2.3.4"), Some("ip_address"));
        assert_eq!(code("[::1]"), Some("ip_address"));
        assert_eq!(code("a..com"), Some("format"));
        assert_eq!(code("-a.com"), Some("format"));
        assert_eq!(code("a_b.com"), Some("format"));
        assert_eq!(code("com"), Some("bare_suffix"));
        assert_eq!(code("com.cn"), Some("bare_suffix"));
        assert_eq!(code("中国"), Some("bare_suffix"));
        assert_eq!(code("example.notatld"), Some("unknown_suffix"));
        assert_eq!(code("www.example.com"), Some("subdomain"));
        assert_eq!(code("x.github.io"), Some("private_suffix"));
        assert!(check_domain("www.example.com").unwrap_err().message.contains("example.com"));
    }

    #[test]
    fn homepages() {
        let f = facts(&["example.com", "例子.中国"]);
        assert_eq!(homepage_problem("http://www.example.com", &f), None);
        assert_eq!(homepage_problem("https://example.com/index.html?a=1", &f), None);
        assert_eq!(homepage_problem("HTTP://WWW.EXAMPLE.COM:8080/", &f), None);
        assert_eq!(homepage_problem("www.example.com", &f), None);
        assert_eq!(homepage_problem("http://www.例子.中国", &f), None);
        assert_eq!(homepage_problem("http://www.xn--fsqu00a.xn--fiqs8s", &f), None);
        let code = |u: &str| homepage_problem(u, &f).map(|p| p.0);
        assert_eq!(code("ftp://example.com"), Some("scheme"));
        assert_eq!(code("javascript:alert(1)"), Some("scheme"));
        assert_eq!(code("http://evil.com"), Some("not_on_domain"));
        assert_eq!(code("http://example.com.evil.com"), Some("not_on_domain"));
        assert_eq!(code("http://badexample.com"), Some("not_on_domain"));
        assert_eq!(code("http://user@example.com"), Some("format"));
        assert_eq!(code("http://exa mple.com"), Some("format"));
        assert_eq!(code("http://"), Some("format"));
        assert_eq!(code("http://example.com:x/"), Some("format"));
    }

    #[test]
    fn language_tags() {
        for ok in ["zh-Hans", "zh-Hant", "en", "zh-CN", "yue", "x-private"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "中文", "english language", "z", "zh_Hans", "zh-"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}

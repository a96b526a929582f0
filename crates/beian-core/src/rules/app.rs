//! Internet information services other than websites (`app-filing.md`): apps (APP), mini-programs
//! (小程序) and quick apps (快应用) — their blocks, package names, signing fingerprints, public keys,
//! names, the record-number suffix and what a personal subject may put in one order.
//!
//! Fingerprints are compared in their normalised form (`normalize_document`): hex digits only,
//! lower case, colons, spaces and dashes dropped — `6F:1A:…` and `6f1a…` are the same value.

use super::Ctx;
use super::book::*;
use super::site::check_domain;
use super::text::quote;
use crate::diag::{Severity, Text};
use crate::model::{AppPlatformKind, FilingType, ServiceType, Website};
use crate::text;

/// Mini-program platforms of the exchange format.
pub const MINI_PROGRAM_PLATFORMS: [&str; 5] = ["wechat", "alipay", "douyin", "baidu", "other"];

/// Words that make an app name a price or marketing claim (`app-filing.md` §3.1 3, Huawei).
const MARKETING_WORDS: [&str; 14] =
    ["免费", "最好", "最佳", "最强", "第一", "首选", "优惠", "折扣", "特价", "促销", "返利", "红包", "赚钱", "包邮"];

/// Bare generic words or industry nouns that cannot be an app's whole name (§3.1 3).
const GENERIC_NAMES: [&str; 22] = [
    "APP",
    "应用",
    "软件",
    "工具",
    "浏览器",
    "相机",
    "天气",
    "计算器",
    "日历",
    "音乐",
    "视频",
    "游戏",
    "商城",
    "购物",
    "新闻",
    "阅读",
    "地图",
    "支付",
    "聊天",
    "直播",
    "外卖",
    "小程序",
];

/// The normalised form of a fingerprint: hex digits, lower case, separators dropped.
pub fn normalize_fingerprint(s: &str) -> String {
    s.chars()
        .map(super::text::fullwidth_to_ascii)
        .filter(|c| !matches!(c, ':' | '-' | ' ' | '\t' | '\n' | '\r') && !super::text::is_invisible(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which certificate fingerprint a platform's filing takes (`app-filing.md` §2.2 签名MD5值
/// [N8][F2][N11]): Android the MD5; iOS the SHA-1 (in a field still labelled "MD5"); HarmonyOS the
/// `.cer`'s SHA-1 (MD5 also accepted, see [`check`]); another platform, SHA-1 as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FingerprintKind {
    Md5,
    Sha1,
}

impl FingerprintKind {
    /// The algorithm's name as consoles print it.
    pub fn label(self) -> &'static str {
        match self {
            FingerprintKind::Md5 => "MD5",
            FingerprintKind::Sha1 => "SHA-1",
        }
    }
}

/// The fingerprint platform `p`'s filing takes.
pub fn filing_fingerprint(p: AppPlatformKind) -> FingerprintKind {
    match p {
        AppPlatformKind::Android => FingerprintKind::Md5,
        AppPlatformKind::Ios | AppPlatformKind::Harmony | AppPlatformKind::Other => FingerprintKind::Sha1,
    }
}

/// Whether a public-key field holds private key material (never to be stored).
pub fn holds_private_key(s: &str) -> bool {
    let up = s.to_ascii_uppercase();
    up.contains("PRIVATE KEY") || up.contains("BEGIN ENCRYPTED")
}

/// The record-number suffix of a service type (`app-filing.md` §3.3): none, `A`, `X`, `K`.
pub fn number_suffix(t: ServiceType) -> Option<char> {
    match t {
        ServiceType::Website => None,
        ServiceType::App => Some('A'),
        ServiceType::MiniProgram => Some('X'),
        ServiceType::QuickApp => Some('K'),
    }
}

/// Reads a service record number (`粤ICP备2026116914号-1A`, `粤B2-20090059-1626X`): the service type its
/// suffix names, or `None` when the text is not a service record number.
pub fn parse_record_number(s: &str) -> Option<ServiceType> {
    const PROVINCES: &str = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新";
    let mut chars = s.chars();
    let p = chars.next()?;
    if !PROVINCES.contains(p) {
        return None;
    }
    let rest = chars.as_str();
    let after = if let Some(r) = rest.strip_prefix("ICP备") {
        let digits = r.chars().take_while(char::is_ascii_digit).count();
        if !(8..=10).contains(&digits) {
            return None;
        }
        r[digits..].strip_prefix("号-")?
    } else if let Some(r) = rest.strip_prefix("B2-") {
        let digits = r.chars().take_while(char::is_ascii_digit).count();
        if digits != 8 {
            return None;
        }
        r[digits..].strip_prefix('-')?
    } else {
        return None;
    };
    let n = after.chars().take_while(char::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    match &after[n..] {
        "" => Some(ServiceType::Website),
        "A" => Some(ServiceType::App),
        "X" => Some(ServiceType::MiniProgram),
        "K" => Some(ServiceType::QuickApp),
        _ => None,
    }
}

fn android_package_ok(p: &str) -> bool {
    let segs: Vec<&str> = p.split('.').collect();
    segs.len() >= 2
        && segs.iter().all(|s| {
            let mut c = s.chars();
            c.next().is_some_and(|f| f.is_ascii_alphabetic()) && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        })
}

fn bundle_id_ok(p: &str) -> bool {
    let segs: Vec<&str> = p.split('.').collect();
    segs.len() >= 2 && segs.iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn emit_sev(ctx: &mut Ctx, rule: &str, severity: Severity, code: &str, field: String, message: Text) {
    ctx.emit_full(rule, Some(severity), code, field, message, None);
}

pub fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    for (i, w) in doc.websites.iter().enumerate() {
        check_blocks(ctx, i, w);
        match w.service_type {
            ServiceType::Website => {}
            ServiceType::App => check_app(ctx, i, w),
            ServiceType::MiniProgram | ServiceType::QuickApp => check_hosted(ctx, i, w),
        }
        if w.service_type != ServiceType::Website && !ctx.withdrawal {
            check_app_name(ctx, i, w);
        }
        check_record_number(ctx, i, w);
    }
    if !ctx.withdrawal {
        check_order(ctx);
    }
}

/// The block of the service's kind is there, and no block of another kind.
fn check_blocks(ctx: &mut Ctx, i: usize, w: &Website) {
    let base = format!("websites[{i}]");
    let blocks = [
        (ServiceType::App, w.app.is_some(), "app"),
        (ServiceType::MiniProgram, w.mini_program.is_some(), "mini_program"),
        (ServiceType::QuickApp, w.quick_app.is_some(), "quick_app"),
    ];
    for (kind, present, key) in blocks {
        if present && kind != w.service_type {
            let (have, want) = (kind.label_zh(), w.service_type.label_zh());
            let (have_en, want_en) = (kind.label_en(), w.service_type.label_en());
            ctx.emit(
                APP_BLOCK_KIND,
                "other_kind_block",
                format!("{base}.{key}"),
                text!(
                    zh: "服务类型是“{want}”，却填写了“{have}”的信息：请改选服务类型，或删除这部分信息。",
                    en: "The service type is “{want_en}”, but the block of a “{have_en}” is filled in: change the service type or remove that block.",
                ),
            );
        }
        if !present && kind == w.service_type {
            let want = kind.label_zh();
            let want_en = kind.label_en();
            ctx.emit(
                APP_REQUIRED,
                "required",
                format!("{base}.{key}"),
                text!(
                    zh: "请填写{want}的信息（运行平台及其标识）。",
                    en: "Fill in the {want_en}'s details (its platforms and identifiers).",
                ),
            );
        }
    }
}

fn check_app(ctx: &mut Ctx, i: usize, w: &Website) {
    let Some(app) = &w.app else { return };
    let base = format!("websites[{i}].app");
    if app.platforms.is_empty() {
        ctx.emit(
            APP_REQUIRED,
            "required",
            format!("{base}.platforms"),
            text!(
                zh: "请至少填写一个运行平台（安卓、iOS、鸿蒙或其他）及其包名、签名指纹和公钥。",
                en: "Fill in at least one platform (Android, iOS, HarmonyOS or other) with its package name, signing fingerprint and public key.",
            ),
        );
    }
    let mut seen: Vec<AppPlatformKind> = Vec::new();
    for (j, p) in app.platforms.iter().enumerate() {
        let pb = format!("{base}.platforms[{j}]");
        let (label, label_en) = (p.platform.label_zh(), p.platform.label_en());
        if seen.contains(&p.platform) && p.platform != AppPlatformKind::Other {
            ctx.emit(
                APP_PLATFORM_ONCE,
                "duplicate_platform",
                format!("{pb}.platform"),
                text!(
                    zh: "运行平台“{label}”填写了两次：每个平台只填一次（同一平台多个包名须分别备案或变更）。",
                    en: "The platform “{label_en}” appears twice: enter each platform once.",
                ),
            );
        }
        seen.push(p.platform);
        check_package(ctx, &pb, p.platform, &p.package);
        check_fingerprint(ctx, &pb, p.platform, &p.fingerprint);
        check_public_key(ctx, &pb, p.platform, &p.public_key);
        if let Some(subject) = &p.certificate_subject
            && subject.to_ascii_lowercase().contains("cn=android debug")
        {
            let q = quote(subject);
            ctx.emit(
                APP_CERT_DEBUG,
                "debug_certificate",
                format!("{pb}.fingerprint"),
                text!(
                    zh: "{label}签名证书是调试证书（{q}）：备案须填写发布（release）证书的指纹和公钥，否则上架后签名不一致。",
                    en: "The {label_en} signing certificate is a debug certificate ({q}): the filing needs the release certificate's fingerprint and public key.",
                ),
            );
        }
        for (k, d) in p.domains.iter().enumerate() {
            if let Err(e) = check_domain(d) {
                ctx.emit(e.rule, e.code, format!("{pb}.domains[{k}]"), Text::new(e.message, e.message_en));
            }
        }
    }
    if w.domains.is_empty() && app.platforms.iter().all(|p| p.domains.is_empty()) {
        ctx.emit(
            APP_DOMAINS,
            "required",
            format!("websites[{i}].domains"),
            text!(
                zh: "请填写APP运行时连接后台服务器所用的域名（用到哪级备哪级）。",
                en: "Fill in the domains the app connects to at runtime (file the level actually used).",
            ),
        );
    }
    for (k, ip) in app.ips.iter().enumerate() {
        let field = format!("{base}.ips[{k}]");
        match ip.trim().parse::<std::net::IpAddr>() {
            Err(_) => {
                let q = quote(ip);
                ctx.emit(
                    APP_IP,
                    "format",
                    field,
                    text!(
                        zh: "“{q}”不是IP地址：请填写接入商服务器的公网IPv4或IPv6地址。",
                        en: "“{q}” is not an IP address: enter the public IPv4 or IPv6 address of the provider's server.",
                    ),
                );
            }
            Ok(addr) if !is_public(addr) => {
                let q = quote(ip);
                ctx.emit(
                    APP_IP,
                    "not_public",
                    field,
                    text!(
                        zh: "“{q}”不是公网地址（内网、回环或保留地址）：须填写接入商的公网IP。",
                        en: "“{q}” is not a public address (private, loopback or reserved): enter the provider's public IP.",
                    ),
                );
            }
            Ok(_) => {}
        }
    }
    for (k, s) in app.sdks.iter().enumerate() {
        if s.vendor.trim().is_empty() || s.purpose.trim().is_empty() {
            ctx.emit(
                APP_REQUIRED,
                "sdk_incomplete",
                format!("{base}.sdks[{k}]"),
                text!(
                    zh: "SDK信息须写明服务厂商和功能类型（如 支付类、定位类、登录类）。",
                    en: "An SDK entry names its vendor and its function (payment, location, login …).",
                ),
            );
        }
    }
}

fn is_public(addr: std::net::IpAddr) -> bool {
    match addr {
        std::net::IpAddr::V4(a) => {
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_multicast()
                || a.is_documentation()
                || a.octets()[0] == 100 && (64..128).contains(&a.octets()[1]))
        }
        std::net::IpAddr::V6(a) => {
            let seg = a.segments();
            !(a.is_loopback()
                || a.is_unspecified()
                || a.is_multicast()
                || seg[0] & 0xfe00 == 0xfc00
                || seg[0] & 0xffc0 == 0xfe80
                || seg[0] == 0x2001 && seg[1] == 0x0db8)
        }
    }
}

fn check_package(ctx: &mut Ctx, pb: &str, platform: AppPlatformKind, package: &str) {
    let field = format!("{pb}.package");
    let (label, label_en) = (platform.label_zh(), platform.label_en());
    if package.is_empty() {
        ctx.emit(
            APP_REQUIRED,
            "required",
            field,
            text!(
                zh: "请填写{label}平台的包名（安卓包名、iOS Bundle ID 或鸿蒙包名）。",
                en: "Fill in the {label_en} package name (Android package, iOS bundle ID or HarmonyOS bundle name).",
            ),
        );
        return;
    }
    let q = quote(package);
    match platform {
        AppPlatformKind::Android if !android_package_ok(package) => ctx.emit(
            APP_PACKAGE_SYNTAX,
            "android_package",
            field,
            text!(
                zh: "安卓包名“{q}”格式不对：至少两段，以点分隔，每段以字母开头，只含字母、数字和下划线（如 com.example.app）。",
                en: "The Android package “{q}” is malformed: at least two dot-separated segments, each starting with a letter and made of letters, digits and underscores (e.g. com.example.app).",
            ),
        ),
        AppPlatformKind::Ios if !bundle_id_ok(package) => ctx.emit(
            APP_PACKAGE_SYNTAX,
            "bundle_id",
            field,
            text!(
                zh: "iOS Bundle ID“{q}”格式不对：反向域名形式，只含字母、数字、连字符和点（如 com.example.app）。",
                en: "The iOS bundle ID “{q}” is malformed: reverse-DNS form with letters, digits, hyphens and dots only (e.g. com.example.app).",
            ),
        ),
        AppPlatformKind::Harmony if !android_package_ok(package) => emit_sev(
            ctx,
            APP_PACKAGE_SYNTAX,
            Severity::Warning,
            "harmony_bundle",
            field,
            text!(
                zh: "鸿蒙包名“{q}”不像反向域名形式（如 com.example.app）：请与 AppGallery Connect 中的包名核对。",
                en: "The HarmonyOS bundle name “{q}” does not look like reverse-DNS (e.g. com.example.app): check it against AppGallery Connect.",
            ),
        ),
        _ => {}
    }
}

fn check_fingerprint(ctx: &mut Ctx, pb: &str, platform: AppPlatformKind, fp: &str) {
    let field = format!("{pb}.fingerprint");
    let (label, label_en) = (platform.label_zh(), platform.label_en());
    if fp.is_empty() {
        ctx.emit(
            APP_REQUIRED,
            "required",
            field,
            text!(
                zh: "请填写{label}平台的签名证书指纹（签名MD5值）；可用“读取安装包”从安装包读出。",
                en: "Fill in the {label_en} signing-certificate fingerprint; “read package” reads it from the package file.",
            ),
        );
        return;
    }
    if !fp.chars().all(|c| c.is_ascii_hexdigit()) {
        let q = quote(fp);
        ctx.emit(
            APP_FINGERPRINT,
            "not_hex",
            field,
            text!(
                zh: "签名指纹“{q}”不是十六进制：只能含 0–9、A–F（冒号可有可无）。",
                en: "The fingerprint “{q}” is not hexadecimal: digits 0–9 and A–F only (colons optional).",
            ),
        );
        return;
    }
    let n = fp.len();
    let what = match n {
        32 => "MD5",
        40 => "SHA-1",
        64 => "SHA-256",
        _ => "",
    };
    match (platform, n) {
        (AppPlatformKind::Android, 32) | (AppPlatformKind::Ios, 40) => {}
        (AppPlatformKind::Harmony | AppPlatformKind::Other, 32 | 40) => {}
        (AppPlatformKind::Harmony | AppPlatformKind::Other, 64) => emit_sev(
            ctx,
            APP_FINGERPRINT,
            Severity::Warning,
            "sha256",
            field,
            text!(
                zh: "{label}指纹是64位（SHA-256，如 AppGallery Connect 的“公钥指纹”）：备案填写发布证书的 SHA-1（40位）或 MD5（32位）指纹，请核对。",
                en: "The {label_en} fingerprint has 64 hex digits (SHA-256, like AppGallery Connect's key fingerprint): filings take the release certificate's SHA-1 (40) or MD5 (32); check it.",
            ),
        ),
        (AppPlatformKind::Android, _) => {
            let got = if what.is_empty() { format!("{n}位") } else { format!("{n}位，像是{what}") };
            ctx.emit(
                APP_FINGERPRINT,
                "android_md5",
                field,
                text!(
                    zh: "安卓平台填写签名证书的 MD5 指纹（32位十六进制），当前为{got}。",
                    en: "Android takes the signing certificate's MD5 fingerprint (32 hex digits); this one has {n}.",
                ),
            );
        }
        (AppPlatformKind::Ios, 32) => ctx.emit(
            APP_FINGERPRINT,
            "ios_md5",
            field,
            text!(
                zh: "iOS 平台须填写证书的 SHA-1 指纹（40位十六进制），这里填的是32位的 MD5：iOS 填成 MD5 会被驳回。",
                en: "iOS takes the certificate's SHA-1 fingerprint (40 hex digits); this is a 32-digit MD5, which gets the filing rejected.",
            ),
        ),
        (AppPlatformKind::Ios, _) => ctx.emit(
            APP_FINGERPRINT,
            "ios_sha1",
            field,
            text!(
                zh: "iOS 平台须填写证书的 SHA-1 指纹（40位十六进制），当前为{n}位。",
                en: "iOS takes the certificate's SHA-1 fingerprint (40 hex digits); this one has {n}.",
            ),
        ),
        (_, _) => ctx.emit(
            APP_FINGERPRINT,
            "length",
            field,
            text!(
                zh: "{label}签名指纹应为 MD5（32位）或 SHA-1（40位）十六进制，当前为{n}位。",
                en: "The {label_en} fingerprint is an MD5 (32 hex digits) or SHA-1 (40); this one has {n}.",
            ),
        ),
    }
}

fn check_public_key(ctx: &mut Ctx, pb: &str, platform: AppPlatformKind, key: &str) {
    let field = format!("{pb}.public_key");
    if holds_private_key(key) {
        ctx.emit(
            APP_PUBLIC_KEY,
            "private_key",
            field,
            text!(
                zh: "公钥栏里是私钥：私钥绝不能交给任何人，也不会被保存。请改填证书的公钥（安卓为签名证书的模数）。",
                en: "The public-key field holds a private key: never hand a private key to anyone; it is not stored. Enter the certificate's public key (Android: the modulus).",
            ),
        );
        return;
    }
    let label = platform.label_zh();
    let label_en = platform.label_en();
    if key.is_empty() {
        if platform == AppPlatformKind::Android {
            ctx.emit(
                APP_PUBLIC_KEY,
                "required",
                field,
                text!(
                    zh: "请填写安卓签名证书的公钥（模数）；可用“读取安装包”从APK读出。",
                    en: "Fill in the Android signing certificate's public key (the modulus); “read package” reads it from the APK.",
                ),
            );
        }
        return;
    }
    let body: String = key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let hex = !body.is_empty() && body.len().is_multiple_of(2) && body.chars().all(|c| c.is_ascii_hexdigit());
    let b64 = !body.is_empty()
        && body.len().is_multiple_of(4)
        && body.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='));
    if !hex && !b64 {
        emit_sev(
            ctx,
            APP_PUBLIC_KEY,
            Severity::Warning,
            "format",
            field,
            text!(
                zh: "{label}公钥既不是十六进制也不是 Base64：请从安装包或证书中复制完整的公钥。",
                en: "The {label_en} public key is neither hexadecimal nor base64: copy the whole key from the package or certificate.",
            ),
        );
    }
}

fn check_hosted(ctx: &mut Ctx, i: usize, w: &Website) {
    let (key, block) = match w.service_type {
        ServiceType::MiniProgram => ("mini_program", &w.mini_program),
        _ => ("quick_app", &w.quick_app),
    };
    let kind = w.service_type.label_zh();
    let kind_en = w.service_type.label_en();
    if let Some(b) = block {
        let base = format!("websites[{i}].{key}");
        if b.platform.is_empty() {
            ctx.emit(
                APP_REQUIRED,
                "required",
                format!("{base}.platform"),
                text!(zh: "请选择{kind}的运行平台（如微信、支付宝、抖音）。", en: "Choose the {kind_en}'s platform (WeChat, Alipay, Douyin …)."),
            );
        } else if w.service_type == ServiceType::MiniProgram && !MINI_PROGRAM_PLATFORMS.contains(&b.platform.as_str()) {
            let q = quote(&b.platform);
            let known = MINI_PROGRAM_PLATFORMS.join("、");
            ctx.emit(
                APP_REQUIRED,
                "unknown_platform",
                format!("{base}.platform"),
                text!(
                    zh: "小程序运行平台“{q}”不在列表中（{known}）。",
                    en: "The mini-program platform “{q}” is not one of {known}.",
                ),
            );
        }
        if b.app_id.is_empty() {
            ctx.emit(
                APP_REQUIRED,
                "required",
                format!("{base}.app_id"),
                text!(
                    zh: "请填写{kind}在运行平台上的 AppID。",
                    en: "Fill in the {kind_en}'s AppID on its platform.",
                ),
            );
        } else if !b.app_id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
            let q = quote(&b.app_id);
            ctx.emit(
                APP_REQUIRED,
                "app_id",
                format!("{base}.app_id"),
                text!(
                    zh: "AppID“{q}”只能含字母、数字、下划线、连字符和点：请从平台后台复制。",
                    en: "The AppID “{q}” may only contain letters, digits, underscores, hyphens and dots: copy it from the platform's console.",
                ),
            );
        }
    }
    let n = w.remark.chars().count();
    if !(20..=200).contains(&n) {
        ctx.emit(
            APP_REMARK_LENGTH,
            "remark_length",
            format!("websites[{i}].remark"),
            text!(
                zh: "{kind}的备注须如实描述实际业务，20–200个字，当前{n}个字。",
                en: "The {kind_en}'s remark describes its actual business in 20–200 characters; it has {n}.",
            ),
        );
    }
}

fn check_app_name(ctx: &mut Ctx, i: usize, w: &Website) {
    let name = w.name.as_str();
    if name.is_empty() {
        return;
    }
    let field = format!("websites[{i}].name");
    let q = quote(name);
    let found: Vec<&str> = MARKETING_WORDS.iter().copied().filter(|m| name.contains(m)).collect();
    if !found.is_empty() {
        let words = found.join("、");
        ctx.emit(
            APP_NAME_MARKETING,
            "marketing",
            field.clone(),
            text!(
                zh: "名称“{q}”含价格或营销用语（{words}）：APP、小程序名称不能带这类词。",
                en: "The name “{q}” contains price or marketing words ({words}): app and mini-program names cannot.",
            ),
        );
    }
    let bare = name.trim().to_uppercase();
    if GENERIC_NAMES.iter().any(|g| g.to_uppercase() == bare) {
        ctx.emit(
            APP_NAME_GENERIC,
            "generic",
            field,
            text!(
                zh: "名称“{q}”只是通用词或行业名词：请用能区分本应用的名称（如“云帆记账”而不是“记账”）。",
                en: "The name “{q}” is only a generic word or industry noun: use a name that tells this app apart.",
            ),
        );
    }
}

fn check_record_number(ctx: &mut Ctx, i: usize, w: &Website) {
    let Some(number) = w.filed.icp_number.as_deref().filter(|n| !n.is_empty()) else { return };
    let field = format!("websites[{i}].filed.icp_number");
    let q = quote(number);
    match parse_record_number(number) {
        None => emit_sev(
            ctx,
            APP_RECORD_NUMBER,
            Severity::Warning,
            "format",
            field,
            text!(
                zh: "备案号“{q}”不是服务备案号的格式（如 粤ICP备12345678号-1、粤ICP备12345678号-2A）：请核对。",
                en: "“{q}” is not in the form of a service record number (e.g. 粤ICP备12345678号-1, 粤ICP备12345678号-2A): check it.",
            ),
        ),
        Some(t) if t != w.service_type => {
            let (have, want) = (t.label_zh(), w.service_type.label_zh());
            let (have_en, want_en) = (t.label_en(), w.service_type.label_en());
            let suffix = number_suffix(w.service_type).map_or_else(|| "无后缀".to_owned(), |c| format!("后缀{c}"));
            ctx.emit(
                APP_RECORD_NUMBER,
                "suffix_kind",
                field,
                text!(
                    zh: "备案号“{q}”的后缀表示“{have}”，而本服务是“{want}”（{suffix}）：请核对备案号或服务类型。",
                    en: "The suffix of “{q}” marks a “{have_en}”, but this service is a “{want_en}”: check the number or the service type.",
                ),
            );
        }
        Some(_) => {}
    }
}

fn check_order(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let n = doc.websites.len();
    let has_other = doc.websites.iter().any(|w| w.service_type != ServiceType::Website);
    if ctx.personal && n > 1 && has_other && !matches!(doc.filing_type, Some(FilingType::ChangeSite)) {
        ctx.emit(
            APP_ORDER_PERSONAL,
            "personal_one_service",
            "websites",
            text!(
                zh: "个人主体每个订单只能提交一个互联网信息服务（网站与APP须分两个订单），本订单有{n}个：请拆分订单。",
                en: "A personal subject submits one internet information service per order (a website and an app take two orders); this order has {n}: split it.",
            ),
        );
    }
    if ctx.personal && n > 5 {
        // The 2019 guide sets no total for websites; the later rule [N9] is a provider's: an
        // error once an app is in the filing, a warning for websites alone.
        let severity = if has_other { Severity::Error } else { Severity::Warning };
        emit_sev(
            ctx,
            APP_PERSONAL_TOTAL,
            severity,
            "personal_total",
            "websites".into(),
            text!(
                zh: "个人主体最多备案5个互联网信息服务（网站和APP合计），本备案有{n}个。",
                en: "A personal subject may file at most 5 internet information services (websites and apps together); this filing has {n}.",
            ),
        );
    }
    // one app name, one filing: the same name twice is one app with several platforms
    let mut names: Vec<(&str, usize)> = Vec::new();
    for (i, w) in doc.websites.iter().enumerate() {
        if w.service_type != ServiceType::App || w.name.is_empty() {
            continue;
        }
        if let Some((_, first)) = names.iter().find(|(nm, _)| *nm == w.name) {
            let q = quote(&w.name);
            let nth = first + 1;
            ctx.emit(
                APP_NAME_ONE,
                "same_name_twice",
                format!("websites[{i}].name"),
                text!(
                    zh: "APP“{q}”已在第{nth}项填写：不同平台使用相同名称的APP只备案一次，请把平台加到同一项中。",
                    en: "The app “{q}” is already entered as service {nth}: an app with one name on several platforms is filed once; add the platform there.",
                ),
            );
        } else {
            names.push((&w.name, i));
        }
    }
}

/// The five-service total of a personal subject across this store: the services of its other
/// filings that are approved or still open, together with this document's, each counted once
/// (a website by its first domain, any other service by its kind and name, so a change filing
/// that repeats an approved website does not count it twice). The rule of [`check_order`] sees
/// one document; this one sees the agency's other filings of the same person. `None` when the
/// document alone is already over the total (that finding is the document's own) or in bounds.
pub fn check_personal_total_across(
    doc: &crate::model::FilingDocument,
    registry: &crate::filing_type::Registry,
    today: jiff::civil::Date,
) -> Option<crate::diag::Diagnostic> {
    let as_of = doc.as_of.unwrap_or(today);
    let info = super::rule_info(APP_PERSONAL_TOTAL)?;
    if !doc.subject.nature.is_personal() || !info.in_force(as_of) || super::is_withdrawal(doc.filing_type) {
        return None;
    }
    let key = |kind: ServiceType, name: &str, domains: &[String]| -> String {
        match (kind, domains.first()) {
            (ServiceType::Website, Some(d)) => format!("website:{}", crate::domain::key(d)),
            _ => format!("{}:{}", kind.code(), name.trim()),
        }
    };
    let mut keys: Vec<(String, bool)> = doc
        .websites
        .iter()
        .map(|w| (key(w.service_type, &w.name, &w.domains), w.service_type != ServiceType::Website))
        .collect();
    let own = keys.len();
    if own > 5 {
        return None;
    }
    let mut orders: Vec<&str> = Vec::new();
    for f in registry.others().filter(|f| {
        (f.status.is_open() || f.status == crate::status::FilingStatus::Approved) && f.is_subject(&doc.subject)
    }) {
        for w in &f.websites {
            let k = key(w.service_type, &w.name, &w.domains);
            if !keys.iter().any(|(have, _)| *have == k) {
                keys.push((k, w.service_type != ServiceType::Website));
                if !orders.contains(&f.order_no.as_str()) {
                    orders.push(&f.order_no);
                }
            }
        }
    }
    let n = keys.len();
    if n <= 5 {
        return None;
    }
    let others = n - own;
    let listed = orders.join("、");
    let listed_en = orders.join(", ");
    let has_app = keys.iter().any(|(_, app)| *app);
    let message = text!(
        zh: "个人主体最多备案5个互联网信息服务（网站和APP合计）：本主体在本机构已备案或在办{others}个（订单{listed}），加上本备案的{own}个共{n}个。",
        en: "A personal subject may file at most 5 internet information services (websites and apps together): this person already has {others} approved or in progress here (orders {listed_en}), {n} with this filing's {own}.",
    );
    Some(crate::diag::Diagnostic {
        code: "personal_total_store".to_owned(),
        severity: if has_app { Severity::Error } else { Severity::Warning },
        field: "websites".to_owned(),
        message: message.zh,
        message_en: message.en,
        rule: APP_PERSONAL_TOTAL.to_owned(),
        source: info.source.clone(),
    })
}

//! The four views as `maud` templates. Every value from a filing goes through maud's escaping; the
//! only unescaped markup is the stylesheet and the QR codes' SVG, both made here.

use beian_core::calendar::to_cst;
use beian_core::mask;
use beian_core::model::{FilingDocument, Person};
use beian_core::plan::MaterialItem;
use beian_core::tables::{self, MaterialKind};
use jiff::Timestamp;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::{PrintError, PrintFiling, PrintOptions, ViewKind, mailing, qr, style};

/// A filing as it goes on paper: personal data masked unless printing in full.
struct Sheet<'a> {
    filing: &'a PrintFiling,
    doc: FilingDocument,
    full: bool,
}

impl<'a> Sheet<'a> {
    fn new(filing: &'a PrintFiling, full: bool) -> Self {
        let doc = if full { filing.document.clone() } else { mask::document(&filing.document) };
        Sheet { filing, doc, full }
    }

    fn phone(&self, raw: &str) -> String {
        if self.full { raw.trim().to_owned() } else { mask::phone(raw) }
    }
}

fn cst_minutes(ts: Timestamp) -> String {
    to_cst(ts).strftime("%Y-%m-%d %H:%M").to_string()
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

pub(crate) fn document(kind: ViewKind, filings: &[PrintFiling], opts: &PrintOptions) -> Result<String, PrintError> {
    let mut sheets = Vec::with_capacity(filings.len());
    for f in filings {
        let sheet = Sheet::new(f, opts.full);
        let body = match kind {
            ViewKind::Checklist => checklist(&sheet),
            ViewKind::Summary => summary(&sheet),
            ViewKind::Sms => sms(&sheet),
            ViewKind::Handoff => handoff(&sheet, opts.handoff_url.as_deref())?,
        };
        sheets.push(html! {
            section.sheet data-order=(f.order_no) {
                (head(kind, &sheet, opts.printed_at))
                (body)
            }
        });
    }
    let title = match filings {
        [one] => format!("{} {}", kind.label_zh(), one.order_no),
        many => format!("{}（{} 份）", kind.label_zh(), many.len()),
    };
    let page = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                // Nothing on these pages runs or loads: a hostile string that slipped through
                // escaping could still do nothing.
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(style::CSS)) }
            }
            body {
                @for s in &sheets { (s) }
            }
        }
    };
    Ok(page.into_string())
}

fn head(kind: ViewKind, sheet: &Sheet<'_>, printed_at: Timestamp) -> Markup {
    let f = sheet.filing;
    html! {
        header.head {
            div {
                h1 { (kind.label_zh()) }
                div.meta {
                    (or_dash(&sheet.doc.subject.name))
                    @if let Some(d) = sheet.doc.primary_domain() { " · " (d) }
                    " · 打印于 " (cst_minutes(printed_at)) "（北京时间）"
                }
                @if sheet.full {
                    span.privacy.full { "含完整个人信息 · 仅用于正式表格 · 已记入备案历史" }
                } @else {
                    span.privacy { "个人信息已脱敏" }
                }
            }
            div.order {
                "备案订单号"
                b.num { (f.order_no) }
                (f.status.label_zh())
            }
        }
    }
}

fn filing_type_label<'a>(sheet: &Sheet<'a>) -> &'a str {
    sheet.filing.plan.filing_type_label.as_deref().unwrap_or("未确定")
}

// ---------------------------------------------------------------------------------------------
// 邮寄资料清单

fn material_note(m: &MaterialItem) -> &'static str {
    match (m.required, m.kind) {
        (false, _) => "审核人员要求时寄送",
        (true, MaterialKind::Basic) => "必需 · 基本资料",
        (true, MaterialKind::Auxiliary) => "必需 · 辅助资料",
    }
}

fn checklist(sheet: &Sheet<'_>) -> Markup {
    let doc = &sheet.doc;
    let plan = &sheet.filing.plan;
    let domains: Vec<&str> = doc.websites.iter().flat_map(|w| w.domains.iter()).map(String::as_str).collect();
    let principal = &doc.subject.principal;
    // The mailing address is the guide's provider's; another provider's is written in by hand.
    let provider = &sheet.filing.plan.provider;
    let guides = provider.code == beian_core::providers::DEFAULT_PROVIDER;
    html! {
        @if guides {
            h2 { "寄往" span.src { "依据：" (mailing::SOURCE) } }
        } @else {
            h2 { "寄往（" (provider.name) "）" }
        }
        div.grid {
            @if guides {
                div.grow.recipient data-block="recipient" {
                    p { "邮寄地址：" span.addr { (mailing::ADDRESS) } }
                    p { "收货人：" span.strong { (mailing::RECIPIENT) } }
                    p { "联系电话：" span.num.strong { (mailing::PHONE) } "（" (mailing::PHONE_HOURS) "）" }
                    p { "邮编：" span.num.strong { (mailing::POSTCODE) } }
                    p.strong { "不限快递公司 · 不支持到付（到付快递不签收）" }
                }
            } @else {
                div.grow.recipient data-block="recipient" {
                    p { "按" (provider.name) "备案控制台给出的邮寄地址填写：" }
                    p { "邮寄地址：" span.line {} }
                    p { "收货人：" span.line {} "　联系电话：" span.line {} }
                }
            }
            div.qr {
                @if let Some(svg) = qr::svg(&sheet.filing.order_no) { (svg) }
                div.cap.num { (sheet.filing.order_no) }
            }
        }
        h2 { "寄件人" }
        table.kv {
            tr { th { "主办单位" } td { (or_dash(&doc.subject.name)) } }
            tr { th { "通讯地址" } td { (or_dash(&doc.subject.mailing_address)) } }
            tr {
                th { "联系人" }
                td { (or_dash(&principal.name)) " " span.num { (or_dash(&principal.phone)) } }
            }
            tr {
                th { "备案" }
                td { (filing_type_label(sheet)) " · " (or_dash(&domains.join("、"))) }
            }
            // One line per internet information service, named by its kind: the reviewer matches
            // the papers (an app's icon and 承诺书) to the service they are for.
            @for (i, w) in doc.websites.iter().enumerate() {
                tr data-block="service" {
                    th { (w.service_type.label_zh()) " " (i + 1) }
                    td { (or_dash(&w.name)) @if let Some(id) = service_identifier(w) { " · " span.num { (id) } } }
                }
            }
        }
        h2 { "资料清单（寄出前逐项勾选）" }
        table data-block="items" {
            tr { th.tick { "已备" } th { "资料" } th.note-col { "说明" } }
            @for m in &plan.materials {
                tr data-material=(m.code) {
                    td.tick { span.box {} }
                    td { (m.name) }
                    td { (material_note(m)) }
                }
            }
            @if plan.materials.is_empty() {
                tr { td.tick {} td colspan="2" { "按备案类型无需准备资料；审核人员另有要求时填写在下方。" } }
            }
            @for _ in 0..2 {
                tr { td.tick { span.box {} } td { "其他（审核人员要求）：" } td {} }
            }
        }
        p.muted { "在每份资料上注明备案订单号 " span.num { (sheet.filing.order_no) } "；证件复印件需清晰完整。" }
        h2 { "注意事项" }
        ol.rules {
            @for rule in mailing::RULES { li { (rule) } }
        }
        h2 { "寄出记录" }
        p { "快递公司 " span.line {} "　快递单号 " span.line {} }
        p { "寄出日期 " span.line {} "　经办人 " span.line {} }
    }
}

/// What identifies a service on paper: a website's domains, an app's packages per platform, a
/// mini-program's or quick app's AppID.
fn service_identifier(w: &beian_core::Website) -> Option<String> {
    let text = match (&w.app, &w.mini_program, &w.quick_app) {
        (Some(app), _, _) => app
            .platforms
            .iter()
            .filter(|p| !p.package.is_empty())
            .map(|p| format!("{}：{}", p.platform.label_zh(), p.package))
            .collect::<Vec<_>>()
            .join("、"),
        (_, Some(h), _) | (_, _, Some(h)) => h.app_id.clone(),
        _ => w.domains.join("、"),
    };
    (!text.is_empty()).then_some(text)
}

// ---------------------------------------------------------------------------------------------
// 备案信息确认单

/// A person's rows in a four-column table (label, value, label, value).
fn person_rows(p: &Person) -> Markup {
    html! {
        tr {
            th { "姓名" } td.strong { (or_dash(&p.name)) }
            th { "证件" } td { (p.cert_type.label_zh()) " " span.num { (or_dash(&p.cert_number)) } }
        }
        @if let Some(id) = p.hk_macau_id.as_deref().filter(|s| !s.trim().is_empty()) {
            tr { th { "香港/澳门身份证件" } td.num colspan="3" { (id) } }
        }
        tr {
            th { "联系方式1" } td.num { (or_dash(&p.phone)) }
            th { "联系方式2" } td.num { (or_dash(p.phone2.as_deref().unwrap_or(""))) }
        }
        tr {
            th { "应急联系电话" } td.num { (or_dash(&p.emergency_phone)) }
            th { "电子邮件" } td { (or_dash(&p.email)) }
        }
    }
}

fn kv4_cols() -> Markup {
    html! { colgroup { col.k; col; col.k; col; } }
}

/// A fingerprint as consoles show it: upper-case hex in pairs joined by colons.
fn fingerprint_shown(fp: &str) -> String {
    if !fp.len().is_multiple_of(2) || !fp.chars().all(|c| c.is_ascii_hexdigit()) {
        return fp.to_owned();
    }
    fp.as_bytes().chunks(2).map(|p| String::from_utf8_lossy(p).to_uppercase()).collect::<Vec<_>>().join(":")
}

/// A public key on paper: its start and end and its length (the whole key is hundreds of digits).
fn key_shown(key: &str) -> String {
    let k: Vec<char> = key.chars().filter(|c| !c.is_whitespace()).collect();
    if k.len() <= 40 {
        return k.into_iter().collect();
    }
    let head: String = k[..16].iter().collect();
    let tail: String = k[k.len() - 8..].iter().collect();
    format!("{head}…{tail}（共 {} 位）", k.len())
}

fn language_zh(code: &str) -> String {
    let label = match code {
        "zh-Hans" | "zh-CN" => "中文简体",
        "zh-Hant" | "zh-TW" | "zh-HK" => "中文繁体",
        "en" => "英语",
        "ja" => "日语",
        "ko" => "韩语",
        "fr" => "法语",
        "de" => "德语",
        "ru" => "俄语",
        "es" => "西班牙语",
        "ar" => "阿拉伯语",
        _ => return code.to_owned(),
    };
    label.to_owned()
}

fn summary(sheet: &Sheet<'_>) -> Markup {
    let doc = &sheet.doc;
    let provider = beian_core::providers::profile_or_other(&doc.provider);
    let s = &doc.subject;
    let region: Vec<&str> =
        [s.region.province.as_str(), s.region.city.as_str(), s.region.district.as_deref().unwrap_or("")]
            .into_iter()
            .filter(|x| !x.trim().is_empty())
            .collect();
    html! {
        p.muted { "请逐项核对以下备案信息；如有错误请标出并告知经办人。核对无误后在页末签字（单位加盖公章）。" }
        h2 { "主体信息" }
        table.kv4 data-block="subject" {
            (kv4_cols())
            tr { th { "主办单位名称" } td.strong colspan="3" { (or_dash(&s.name)) } }
            tr {
                th { "备案类型" } td { (filing_type_label(sheet)) }
                th { "单位性质" } td { (s.nature.label_zh()) }
            }
            tr data-block="provider" {
                th { "接入商" }
                td colspan="3" {
                    (provider.meta.name_zh)
                    @if let Some(a) = doc.provider_account.as_deref().filter(|a| !a.trim().is_empty()) { " · 账号 " (a) }
                }
            }
            tr {
                th { "证件" }
                td colspan="3" { (s.cert_type.label_zh()) " " span.num { (or_dash(&s.cert_number)) } }
            }
            tr { th { "所在地" } td colspan="3" { (or_dash(&region.join(" "))) } }
            tr { th { "证件住所" } td colspan="3" { (or_dash(&s.cert_address)) } }
            tr { th { "通讯地址" } td colspan="3" { (or_dash(&s.mailing_address)) } }
            tr { th { "投资人或主管单位" } td colspan="3" { (or_dash(&s.investor)) } }
            @if let Some(n) = s.filed.icp_number.as_deref().filter(|n| !n.trim().is_empty()) {
                tr { th { "主体备案号" } td.num colspan="3" { (n) } }
            }
            @if !s.remark.trim().is_empty() { tr { th { "备注" } td colspan="3" { (s.remark) } } }
        }
        h2 { "主体负责人" }
        table.kv4 data-block="principal" { (kv4_cols()) (person_rows(&s.principal)) }
        @for (i, w) in doc.websites.iter().enumerate() {
            div.site data-block="website" {
                h2 { (w.service_type.label_zh()) " " (i + 1) "：" (or_dash(&w.name)) }
                table.kv4 {
                    (kv4_cols())
                    tr {
                        th { (w.service_type.label_zh()) "名称" } td.strong { (or_dash(&w.name)) }
                        th { "域名" } td { (or_dash(&w.domains.join("、"))) }
                    }
                    tr {
                        th { "首页 URL" } td { (or_dash(&w.homepage_url)) }
                        th { "服务类型" }
                        td {
                            (w.service_type.label_zh()) " · "
                            (tables::content_type(&w.content).map_or(w.content.as_str(), |c| c.label_zh.as_str()))
                        }
                    }
                    tr {
                        th { "语言" } td { (w.languages.iter().map(|l| language_zh(l)).collect::<Vec<_>>().join("、")) }
                        th { "接入产品" }
                        td {
                            // The provider's own name of the product and of its code.
                            (provider.product(w.product.kind).map_or(w.product.kind.label_zh(), |r| r.label_zh.as_str()))
                            @if let Some(id) = w.product.instance_id.as_deref().filter(|s| !s.trim().is_empty()) {
                                " " span.num { (id) }
                            }
                            @if let Some(n) = w.product.service_number.as_deref().filter(|s| !s.trim().is_empty()) {
                                " " (provider.code.label_zh) " " span.num { (n) }
                            }
                        }
                    }
                    @if !w.preapprovals.is_empty() {
                        tr {
                            th { "前置审批" }
                            td colspan="3" {
                                @for (j, p) in w.preapprovals.iter().enumerate() {
                                    @if j > 0 { "；" }
                                    (tables::preapproval_type(&p.kind).map_or(p.kind.as_str(), |t| t.label_zh.as_str()))
                                    " " span.num { (p.number) }
                                }
                            }
                        }
                    }
                    @match &w.principal {
                        None => tr { th { "网站负责人" } td colspan="3" { "同主体负责人" } },
                        Some(p) => {
                            tr.sub { th colspan="4" { "网站负责人" } }
                            (person_rows(p))
                        }
                    }
                    @if !w.remark.trim().is_empty() { tr { th { "备注" } td colspan="3" { (w.remark) } } }
                    @if let Some(app) = &w.app {
                        @for p in &app.platforms {
                            tr.sub data-block="app-platform" { th colspan="4" { "运行平台：" (p.platform.label_zh()) } }
                            tr {
                                th { "包名 / Bundle ID" } td.num { (or_dash(&p.package)) }
                                th { "签名指纹" } td.num { (or_dash(&fingerprint_shown(&p.fingerprint))) }
                            }
                            tr {
                                th { "公钥" } td.num { (or_dash(&key_shown(&p.public_key))) }
                                th { "使用域名" } td { (or_dash(&p.domains.join("、"))) }
                            }
                        }
                        @if !app.ips.is_empty() { tr { th { "接入IP" } td.num colspan="3" { (app.ips.join("、")) } } }
                        @if !app.sdks.is_empty() {
                            tr {
                                th { "SDK" }
                                td colspan="3" {
                                    @for (j, k) in app.sdks.iter().enumerate() {
                                        @if j > 0 { "；" }
                                        (k.vendor) " " (k.name) "（" (k.purpose) "）"
                                    }
                                }
                            }
                        }
                    }
                    @for h in [&w.mini_program, &w.quick_app].into_iter().flatten() {
                        tr {
                            th { "运行平台" } td { (or_dash(&h.platform)) }
                            th { "AppID" } td.num { (or_dash(&h.app_id)) }
                        }
                    }
                }
            }
        }
        div.confirm {
            h2 { "确认事项（备案流程 §5 信息确认）" }
            ul {
                li { "负责人姓名为真实的负责人姓名；审核过程中和备案成功后会联系负责人确认。" }
                li {
                    "联系方式1 为负责人本人真实有效的手机号码，审核期间保持畅通（审核人员来电："
                    span.nowrap { "95187" } " 或 " span.nowrap { "0571-88158388" } "）。"
                }
                li { "网站名称不少于三个汉字，且与主办单位名称有关联。" }
                li { "上传的证件资料清晰、正确，为现场拍摄的真实证件。" }
            }
            div.sign {
                div { "主办单位（盖章）" span.line {} }
                div { "负责人签字" span.line {} }
                div { "日期" span.line {} }
            }
            p.muted { "备案订单号 " span.num { (sheet.filing.order_no) } " · " (or_dash(&s.name)) }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 短信核验单

fn sms(sheet: &Sheet<'_>) -> Markup {
    let plan = &sheet.filing.plan.sms;
    let doc = &sheet.filing.document;
    html! {
        @if plan.required {
            p.strong { "本备案需要短信核验：" (plan.reason) }
        } @else {
            p.strong { "本备案无需短信核验：" (plan.reason) }
        }
        @if plan.required {
            div.deadline data-block="deadline" {
                @if let Some(due) = sheet.filing.sms_due {
                    "验证码须在 " span.num { (cst_minutes(due)) } "（北京时间）前填写完成"
                } @else {
                    "收到核验短信后须在 " (plan.valid_hours) " 小时内填写验证码，否则需重新发送"
                }
            }
            h2 { "谁来核验" }
            table data-block="verifiers" {
                tr { th { "核验人" } th { "身份" } th { "接收验证码的手机号码" } th { "证件号码后六位" } }
                @for v in &plan.verifiers {
                    tr {
                        td.strong { (or_dash(&v.name)) }
                        td {
                            (v.role_label)
                            @if !v.websites.is_empty() {
                                div.small {
                                    @for (k, w) in v.websites.iter().enumerate() {
                                        @if k > 0 { "、" }
                                        (doc.websites.get(*w as usize).and_then(|s| s.domains.first()).map_or("", String::as_str))
                                    }
                                }
                            }
                        }
                        td.num { (or_dash(&sheet.phone(&v.phone))) }
                        td {
                            span.last6.num { (v.last6.as_deref().unwrap_or("（无法得出）")) }
                            div.small { (v.last6_hint) }
                        }
                    }
                }
            }
            @if !plan.problems.is_empty() {
                div.warn {
                    "尚需补全："
                    ul { @for p in &plan.problems { li { (p.message) } } }
                }
            }
            h2 { "验证码发送号码（" (plan.code_digits) " 位数字）" }
            table data-block="senders" {
                tr { @for s in &plan.senders { th { (s.carrier_zh) } } }
                tr { @for s in &plan.senders { td.num { (s.number.as_deref().unwrap_or("无固定号码")) } } }
            }
            h2 { "核验步骤（备案流程 §8）" }
            ol {
                li { "收到工信部发送的验证码短信后，访问工信部备案管理系统，打开备案所在省管局网站。" }
                li { "在网站首页右下角单击“备案短信核验”。" }
                li { "填写短信验证码、手机号码、证件号码后六位，完成拼图验证，再单击提交。" }
                li { "订单中还有其他需验证的手机号码时，请每个号码分别核验。" }
            }
            h2 { "须知" }
            ul { @for line in &plan.instructions { li { (line) } } }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 手机拍照交接单

fn handoff(sheet: &Sheet<'_>, url: Option<&str>) -> Result<Markup, PrintError> {
    let qr = match url {
        Some(u) => Some(qr::svg(u).ok_or(PrintError::UrlTooLong(u.len()))?),
        None => None,
    };
    let basic: Vec<&MaterialItem> =
        sheet.filing.plan.materials.iter().filter(|m| m.kind == MaterialKind::Basic && m.required).collect();
    let principal = &sheet.doc.subject.principal;
    Ok(html! {
        p {
            "请 " span.strong { (or_dash(&principal.name)) } "（手机 " span.num { (or_dash(&principal.phone)) } "）"
            "用手机扫描下方二维码，按页面提示现场拍摄证件原件。"
        }
        @match (url, qr) {
            (Some(u), Some(svg)) => {
                div.qr.big data-block="handoff-qr" { (svg) }
                div.url data-block="handoff-url" { (u) }
            }
            _ => {
                div.placeholder data-block="handoff-qr" {
                    "手机上传链接尚未生成：在备案工作台生成链接后重新打印本页"
                }
            }
        }
        h2 { "需要拍摄的证件" }
        table data-block="items" {
            tr { th.tick { "已拍" } th { "证件" } }
            @for m in &basic {
                tr { td.tick { span.box {} } td { (m.name) } }
            }
            @if basic.is_empty() {
                tr { td.tick {} td { "本备案无需拍摄基本证件。" } }
            }
        }
        h2 { "拍摄要求（备案流程 §4）" }
        ol {
            li { "须用手机现场拍摄真实证件原件；不可翻拍存储在手机或电脑中的证件照片，也不支持从手机相册选择，否则将导致备案审核失败。" }
            li { "照片须清晰、完整、正确（彩色）；信息确认时会逐项核对上传的资料（§5）。" }
            li { "按页面提示分别上传基本资料和辅助资料，并完成真实性核验（人脸识别）。" }
            li { "完成后页面会提示提交成功，请告知经办人。" }
        }
        (authenticity_block(&sheet.filing.plan.provider))
    })
}

/// Where the provider's authenticity check (photo and face) is done, how long its QR code lives
/// and who must do it, as the provider's profile says; what no source confirms is marked so.
fn authenticity_block(p: &beian_core::plan::ProviderSummary) -> Markup {
    html! {
        h2 { "真实性核验（" (p.name) "）" }
        div data-block="authenticity" {
            @match &p.check_where {
                Some(place) => {
                    p { "请打开 " span.strong { (place) } " 完成真实性核验（人脸识别）。" }
                    @if let Some(min) = p.check_qr_minutes {
                        p { "核验二维码 " span.strong { (min) " 分钟" } "内有效，过期请经办人重新生成。" }
                    }
                    @if let Some(who) = &p.check_who { p { "须由" (who) "完成。" } }
                    @if let Some(how) = &p.check_how { p.muted { (how) } }
                }
                None => {
                    p { "真实性核验在" (p.name) "指定的应用中完成：请向经办人确认打开哪个应用及二维码有效期。" }
                }
            }
            @if !p.check_confirmed { p.muted { "（以上接入商信息未经接入商官方资料证实，请以其控制台提示为准。）" } }
        }
    }
}

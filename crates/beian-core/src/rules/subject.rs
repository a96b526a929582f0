//! §3 主体信息: required fields, region, certificate, addresses, investor, personal principal.

use super::Ctx;
use super::address::{city_of_address, has_door_number, remark_says_most_detailed};
use super::book::*;
use super::text::quote;
use crate::cert;
use crate::regions;
use crate::tables;

/// Provinces whose bureaus want the two addresses in the same city ([later]).
const SAME_CITY_PROVINCES: [&str; 3] = ["河北省", "河南省", "贵州省"];

pub fn check(ctx: &mut Ctx) {
    let s = &ctx.doc.subject;
    let personal = ctx.personal;

    // required
    let mut required = vec![
        ("name", &s.name, "主办单位或主办人名称（与域名持有者实名认证信息一致）"),
        ("cert_number", &s.cert_number, "主办单位证件号码（与证件上完全一致）"),
        ("cert_address", &s.cert_address, "主办单位证件住所（与证件上一致的地址）"),
        ("mailing_address", &s.mailing_address, "主办单位通讯地址（详细到门牌号）"),
    ];
    if !personal {
        required.push(("investor", &s.investor, "投资人或主管单位（法定代表人姓名或主办单位全称）"));
    }
    for (field, value, label) in required {
        if value.is_empty() {
            ctx.emit(SUBJ_REQUIRED, "required", format!("subject.{field}"), format!("请填写{label}。"));
        }
    }

    // region
    let district = s.region.district.as_deref();
    for issue in regions::check_region(&s.region.province, &s.region.city, district) {
        let code = if issue.message.starts_with("请选择") { "required" } else { "region" };
        ctx.emit(SUBJ_REGION, code, format!("subject.region.{}", issue.field), issue.message);
    }

    // name and certificate: reminders
    ctx.emit(
        SUBJ_NAME_REALNAME,
        "reminder",
        "subject.name",
        "请核对：主办单位名称须与域名持有者的实名认证信息一致（名称、证件类型、证件号码均需一致）。",
    );
    ctx.emit(SUBJ_CERT_EXACT, "reminder", "subject.cert_number", "请核对：证件号码须与主办单位证件上的号码完全一致。");
    ctx.emit(
        SUBJ_CERT_ADDRESS_EXACT,
        "reminder",
        "subject.cert_address",
        "请核对：证件住所须与主办单位证件上的地址一致。",
    );

    // certificate type for the nature
    if let Some(row) = tables::certificates_for(s.nature)
        && !row.allows(s.cert_type)
    {
        let allowed: Vec<&str> = row.allowed.iter().map(|t| t.label_zh()).collect();
        let recommended = row.recommended.map(|t| format!("建议选择{}；", t.label_zh())).unwrap_or_default();
        ctx.emit_full(
            SUBJ_CERT_TYPE_NATURE,
            None,
            "cert_type_nature",
            "subject.cert_type".into(),
            format!(
                "主办单位性质为{}，证件类型却为{}：{recommended}须为{}之一（备案系统只提供这些），并与域名持有者实名认证的证件类型一致。",
                s.nature.label_zh(),
                s.cert_type.label_zh(),
                allowed.join("、")
            ),
            Some(&row.source),
        );
    }

    // certificate number
    if !s.cert_number.is_empty() {
        let check = cert::check(s.cert_type, &s.cert_number, ctx.as_of);
        for issue in check.issues {
            ctx.emit_full(
                SUBJ_CERT_CHECK,
                Some(issue.severity),
                issue.code,
                "subject.cert_number".into(),
                issue.message,
                None,
            );
        }
    }

    // addresses
    if !s.mailing_address.is_empty() && !has_door_number(&s.mailing_address) && !remark_says_most_detailed(&s.remark) {
        ctx.emit(
            SUBJ_ADDRESS_DOOR,
            "door_number",
            "subject.mailing_address",
            format!(
                "通讯地址“{}”没有门牌号：请详细到门牌号；如确无门牌号，请在备注中说明“此地址已是最详细地址”。",
                quote(&s.mailing_address)
            ),
        );
    }
    if !s.cert_address.is_empty() && !s.mailing_address.is_empty() {
        check_same_place(ctx);
    }

    // investor
    if personal {
        if s.investor != s.name {
            let msg = if s.investor.is_empty() {
                format!("个人备案的投资人或主管单位即主办人本人：请填写“{}”（可自动填充）。", quote(&s.name))
            } else {
                format!(
                    "个人备案的投资人或主管单位应为主办人本人“{}”，而不是“{}”（可自动填充）。",
                    quote(&s.name),
                    quote(&s.investor)
                )
            };
            ctx.emit(SUBJ_INVESTOR_PERSONAL, "autofill_mismatch", "subject.investor", msg);
        }
    } else {
        ctx.emit(
            SUBJ_INVESTOR_UNIT,
            "reminder",
            "subject.investor",
            "请核对：单位备案的投资人或主管单位填写法定代表人姓名或主办单位全称。",
        );
    }

    // personal: the principal is the subject
    if personal {
        let p = &s.principal;
        if p.name != s.name {
            ctx.emit(
                SUBJ_PRINCIPAL_PERSONAL,
                "autofill_mismatch",
                "subject.principal.name",
                format!("个人备案的负责人即主办人：负责人姓名应为“{}”（可自动填充）。", quote(&s.name)),
            );
        }
        if p.cert_type != s.cert_type {
            ctx.emit(
                SUBJ_PRINCIPAL_PERSONAL,
                "autofill_mismatch",
                "subject.principal.cert_type",
                format!("个人备案的负责人即主办人：负责人证件类型应为{}（可自动填充）。", s.cert_type.label_zh()),
            );
        }
        if p.cert_number != s.cert_number {
            ctx.emit(
                SUBJ_PRINCIPAL_PERSONAL,
                "autofill_mismatch",
                "subject.principal.cert_number",
                "个人备案的负责人即主办人：负责人证件号码应与主办单位证件号码一致（可自动填充）。",
            );
        }
    }
}

fn check_same_place(ctx: &mut Ctx) {
    let s = &ctx.doc.subject;
    let cert_p = regions::province_of_address(&s.cert_address);
    let mail_p = regions::province_of_address(&s.mailing_address);
    match (cert_p, mail_p) {
        (Some(a), Some(b)) if a != b => {
            ctx.emit(
                SUBJ_ADDRESS_SAME_PROVINCE,
                "different_province",
                "subject.mailing_address",
                format!("证件住所在{a}，通讯地址在{b}：主办单位证件住所与通讯地址需在同一省份。"),
            );
            return;
        }
        (Some(_), Some(_)) => {}
        _ => {
            for (p, field, which) in
                [(cert_p, "subject.cert_address", "证件住所"), (mail_p, "subject.mailing_address", "通讯地址")]
            {
                if p.is_none() {
                    ctx.emit_full(
                        SUBJ_ADDRESS_SAME_PROVINCE,
                        Some(crate::Severity::Warning),
                        "province_unknown",
                        field.into(),
                        format!("无法从{which}看出所在省份：请以省份开头填写完整地址（如“浙江省杭州市…”），以便核对证件住所与通讯地址在同一省份。"),
                        None,
                    );
                }
            }
            return;
        }
    }
    let province = s.region.province.as_str();
    if !SAME_CITY_PROVINCES.contains(&province) || !ctx.in_force(SUBJ_ADDRESS_SAME_CITY) {
        return;
    }
    // both addresses are in one province; is it the subject's?
    if cert_p != Some(province) {
        return;
    }
    match (city_of_address(&s.cert_address, province), city_of_address(&s.mailing_address, province)) {
        (Some(a), Some(b)) if a != b => ctx.emit(
            SUBJ_ADDRESS_SAME_CITY,
            "different_city",
            "subject.mailing_address",
            format!("{province}管局要求证件住所与通讯地址在同一城市：证件住所在{a}，通讯地址在{b}。"),
        ),
        (Some(_), Some(_)) => {}
        (a, _) => {
            let (field, which) = if a.is_none() {
                ("subject.cert_address", "证件住所")
            } else {
                ("subject.mailing_address", "通讯地址")
            };
            ctx.emit_full(
                SUBJ_ADDRESS_SAME_CITY,
                Some(crate::Severity::Warning),
                "city_unknown",
                field.into(),
                format!("{province}管局要求证件住所与通讯地址在同一城市：无法从{which}看出所在城市，请写明城市（如“{province}某某市…”）。"),
                None,
            );
        }
    }
}

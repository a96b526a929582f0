//! §3 主体信息: required fields, region, certificate, addresses, investor, personal principal.

use super::Ctx;
use super::address::{city_of_address, has_door_number, remark_says_most_detailed};
use super::book::*;
use super::text::{or_list_en, quote};
use crate::cert;
use crate::regions;
use crate::tables;
use crate::text;

/// Provinces whose bureaus want the two addresses in the same city ([later]).
const SAME_CITY_PROVINCES: [&str; 3] = ["河北省", "河南省", "贵州省"];

pub fn check(ctx: &mut Ctx) {
    let s = &ctx.doc.subject;
    let personal = ctx.personal;

    // required
    let mut required = vec![
        (
            "name",
            &s.name,
            "主办单位或主办人名称（与域名持有者实名认证信息一致）",
            "the subject's name (as in the domain holder's real-name verification)",
        ),
        (
            "cert_number",
            &s.cert_number,
            "主办单位证件号码（与证件上完全一致）",
            "the subject's certificate number (exactly as on the certificate)",
        ),
        (
            "cert_address",
            &s.cert_address,
            "主办单位证件住所（与证件上一致的地址）",
            "the address on the subject's certificate (as printed on it)",
        ),
        (
            "mailing_address",
            &s.mailing_address,
            "主办单位通讯地址（详细到门牌号）",
            "the subject's mailing address (down to the door number)",
        ),
    ];
    if !personal {
        required.push((
            "investor",
            &s.investor,
            "投资人或主管单位（法定代表人姓名或主办单位全称）",
            "the investor or supervising body (the legal representative's name or the subject's full name)",
        ));
    }
    for (field, value, what_zh, what_en) in required {
        if value.is_empty() {
            ctx.emit(
                SUBJ_REQUIRED,
                "required",
                format!("subject.{field}"),
                text!(zh: "请填写{what_zh}。", en: "Fill in {what_en}."),
            );
        }
    }

    // region
    let district = s.region.district.as_deref();
    for issue in regions::check_region(&s.region.province, &s.region.city, district) {
        let code = if issue.message.starts_with("请选择") { "required" } else { "region" };
        ctx.emit(
            SUBJ_REGION,
            code,
            format!("subject.region.{}", issue.field),
            crate::Text::new(issue.message, issue.message_en),
        );
    }

    // name and certificate: reminders
    ctx.emit(
        SUBJ_NAME_REALNAME,
        "reminder",
        "subject.name",
        text!(
            zh: "请核对：主办单位名称须与域名持有者的实名认证信息一致（名称、证件类型、证件号码均需一致）。",
            en: "Check: the subject's name must match the domain holder's real-name verification (the same name, certificate type and certificate number).",
        ),
    );
    ctx.emit(
        SUBJ_CERT_EXACT,
        "reminder",
        "subject.cert_number",
        text!(
            zh: "请核对：证件号码须与主办单位证件上的号码完全一致。",
            en: "Check: the certificate number must be exactly the number on the subject's certificate.",
        ),
    );
    ctx.emit(
        SUBJ_CERT_ADDRESS_EXACT,
        "reminder",
        "subject.cert_address",
        text!(
            zh: "请核对：证件住所须与主办单位证件上的地址一致。",
            en: "Check: the address on the certificate must be the address printed on the subject's certificate.",
        ),
    );

    // certificate type for the nature
    if let Some(row) = tables::certificates_for(s.nature)
        && !row.allows(s.cert_type)
    {
        let allowed_zh = row.allowed.iter().map(|t| t.label_zh()).collect::<Vec<_>>().join("、");
        let allowed_en = or_list_en(row.allowed.iter().map(|t| t.label_en()));
        let recommended_zh = row.recommended.map(|t| format!("建议选择{}；", t.label_zh())).unwrap_or_default();
        let recommended_en = row.recommended.map(|t| format!(" Recommended: {}.", t.label_en())).unwrap_or_default();
        let (nature_zh, nature_en) = (s.nature.label_zh(), s.nature.label_en());
        let (cert_zh, cert_en) = (s.cert_type.label_zh(), s.cert_type.label_en());
        ctx.emit_full(
            SUBJ_CERT_TYPE_NATURE,
            None,
            "cert_type_nature",
            "subject.cert_type".into(),
            text!(
                zh: "主办单位性质为{nature_zh}，证件类型却为{cert_zh}：{recommended_zh}须为{allowed_zh}之一（备案系统只提供这些），并与域名持有者实名认证的证件类型一致。",
                en: "A subject of this nature ({nature_en}) cannot use this certificate type ({cert_en}): the type must be {allowed_en} (the filing system offers no other), and the same as in the domain holder's real-name verification.{recommended_en}",
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
                crate::Text::new(issue.message, issue.message_en),
                None,
            );
        }
    }

    // addresses
    if !s.mailing_address.is_empty() && !has_door_number(&s.mailing_address) && !remark_says_most_detailed(&s.remark) {
        let addr = quote(&s.mailing_address);
        ctx.emit(
            SUBJ_ADDRESS_DOOR,
            "door_number",
            "subject.mailing_address",
            text!(
                zh: "通讯地址“{addr}”没有门牌号：请详细到门牌号；如确无门牌号，请在备注中说明“此地址已是最详细地址”。",
                en: "The mailing address “{addr}” has no door number: give the address down to the door number. If there really is none, write “此地址已是最详细地址” (this address is already the most detailed) in the subject remark.",
            ),
        );
    }
    if !s.cert_address.is_empty() && !s.mailing_address.is_empty() {
        check_same_place(ctx);
    }

    // investor
    if personal {
        if s.investor != s.name {
            let name = quote(&s.name);
            let investor = quote(&s.investor);
            let msg = if s.investor.is_empty() {
                text!(
                    zh: "个人备案的投资人或主管单位即主办人本人：请填写“{name}”（可自动填充）。",
                    en: "In a personal filing the investor or supervising body is the subject in person: fill in “{name}” (autofill fills it in).",
                )
            } else {
                text!(
                    zh: "个人备案的投资人或主管单位应为主办人本人“{name}”，而不是“{investor}”（可自动填充）。",
                    en: "In a personal filing the investor or supervising body must be the subject in person, “{name}”, not “{investor}” (autofill can correct this).",
                )
            };
            ctx.emit(SUBJ_INVESTOR_PERSONAL, "autofill_mismatch", "subject.investor", msg);
        }
    } else {
        ctx.emit(
            SUBJ_INVESTOR_UNIT,
            "reminder",
            "subject.investor",
            text!(
                zh: "请核对：单位备案的投资人或主管单位填写法定代表人姓名或主办单位全称。",
                en: "Check: for a unit, the investor or supervising body is the legal representative's name or the unit's full name.",
            ),
        );
    }

    // personal: the principal is the subject
    if personal {
        let p = &s.principal;
        if p.name != s.name {
            let name = quote(&s.name);
            ctx.emit(
                SUBJ_PRINCIPAL_PERSONAL,
                "autofill_mismatch",
                "subject.principal.name",
                text!(
                    zh: "个人备案的负责人即主办人：负责人姓名应为“{name}”（可自动填充）。",
                    en: "In a personal filing the principal is the subject: the principal's name must be “{name}” (autofill can correct this).",
                ),
            );
        }
        if p.cert_type != s.cert_type {
            let (cert_zh, cert_en) = (s.cert_type.label_zh(), s.cert_type.label_en());
            ctx.emit(
                SUBJ_PRINCIPAL_PERSONAL,
                "autofill_mismatch",
                "subject.principal.cert_type",
                text!(
                    zh: "个人备案的负责人即主办人：负责人证件类型应为{cert_zh}（可自动填充）。",
                    en: "In a personal filing the principal is the subject: the principal's certificate type must be the subject's, {cert_en} (autofill can correct this).",
                ),
            );
        }
        if p.cert_number != s.cert_number {
            ctx.emit(
                SUBJ_PRINCIPAL_PERSONAL,
                "autofill_mismatch",
                "subject.principal.cert_number",
                text!(
                    zh: "个人备案的负责人即主办人：负责人证件号码应与主办单位证件号码一致（可自动填充）。",
                    en: "In a personal filing the principal is the subject: the principal's certificate number must be the subject's (autofill can correct this).",
                ),
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
                text!(
                    zh: "证件住所在{a}，通讯地址在{b}：主办单位证件住所与通讯地址需在同一省份。",
                    en: "The address on the certificate is in “{a}” but the mailing address is in “{b}”: both must be in the same province.",
                ),
            );
            return;
        }
        (Some(_), Some(_)) => {}
        _ => {
            for (p, field, which_zh, which_en) in [
                (cert_p, "subject.cert_address", "证件住所", "the address on the certificate"),
                (mail_p, "subject.mailing_address", "通讯地址", "the mailing address"),
            ] {
                if p.is_none() {
                    ctx.emit_full(
                        SUBJ_ADDRESS_SAME_PROVINCE,
                        Some(crate::Severity::Warning),
                        "province_unknown",
                        field.into(),
                        text!(
                            zh: "无法从{which_zh}看出所在省份：请以省份开头填写完整地址（如“浙江省杭州市…”），以便核对证件住所与通讯地址在同一省份。",
                            en: "The province cannot be read from {which_en}: write the full address starting with the province (e.g. “浙江省杭州市…”), so that the two addresses can be checked to be in the same province.",
                        ),
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
            text!(
                zh: "{province}管局要求证件住所与通讯地址在同一城市：证件住所在{a}，通讯地址在{b}。",
                en: "The bureau of “{province}” requires both addresses in the same city: the address on the certificate is in “{a}”, the mailing address in “{b}”.",
            ),
        ),
        (Some(_), Some(_)) => {}
        (a, _) => {
            let (field, which_zh, which_en) = if a.is_none() {
                ("subject.cert_address", "证件住所", "the address on the certificate")
            } else {
                ("subject.mailing_address", "通讯地址", "the mailing address")
            };
            ctx.emit_full(
                SUBJ_ADDRESS_SAME_CITY,
                Some(crate::Severity::Warning),
                "city_unknown",
                field.into(),
                text!(
                    zh: "{province}管局要求证件住所与通讯地址在同一城市：无法从{which_zh}看出所在城市，请写明城市（如“{province}某某市…”）。",
                    en: "The bureau of “{province}” requires both addresses in the same city, but the city cannot be read from {which_en}: name the city (e.g. “{province}某某市…”).",
                ),
                None,
            );
        }
    }
}

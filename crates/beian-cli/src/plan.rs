//! `plan [--json] FILE`: filing type, materials, SMS verification and expected dates of one filing
//! document. Where the data directory holds a store, the type is determined against its filings
//! (a domain filed here is found whether written with `www.` or not), as the window does; without
//! one, from the document and its `filed` declarations alone. Phone numbers are printed as the
//! document has them.

use beian_core::calendar::cst_now_date;
use beian_core::filing_type::Registry;
use beian_core::plan::{Plan, TypeSource};
use beian_core::schedule::format_cst;
use beian_core::tables::VerifierRole;

use crate::common::{Failure, Place, parse_file};
use crate::workdays::load_calendar;

pub fn plan(place: &Place, file: &str, json: bool) -> Result<u8, Failure> {
    let parsed = parse_file(file).map_err(|(f, _)| f)?;
    for w in &parsed.warnings {
        eprintln!("beian: {file}：{}", w.message);
    }
    let now = jiff::Timestamp::now();
    let existing = place.is_team()
        || beian_usecases::settings::data_dir(place.data_dir.clone())
            .is_some_and(|dir| dir.join(beian_store::paths::DB_FILE).is_file());
    let plan = match existing {
        true => beian_usecases::plan_document(&place.open()?, &parsed.document, now)?,
        false => {
            let calendar = load_calendar(place)?;
            beian_core::plan::plan(&parsed.document, &Registry::empty(), &calendar, cst_now_date(now))
        }
    };
    if json {
        let text = serde_json::to_string_pretty(&plan).map_err(|e| Failure::failed(e.to_string()))?;
        println!("{text}");
    } else {
        print_text(&plan);
    }
    Ok(0)
}

fn role_zh(role: VerifierRole) -> &'static str {
    let code = match role {
        VerifierRole::SubjectPrincipal => "subject_principal",
        VerifierRole::WebsitePrincipal => "website_principal",
    };
    beian_core::labels::zh(beian_core::labels::Group::VerifierRole, code)
}

fn print_text(p: &Plan) {
    let how = match p.filing_type_source {
        TypeSource::Document => "文档指定",
        TypeSource::Determined => "根据主体和域名判断",
    };
    match &p.filing_type_label {
        Some(label) => println!("备案类型：{label}（{how}）"),
        None => println!("备案类型：无法确定"),
    }
    println!("  理由：{}", p.type_check.reason);
    for b in &p.type_check.blockers {
        println!("  阻碍：{}", b.message);
    }
    for w in &p.type_check.warnings {
        println!("  提醒：{}", w.message);
    }
    println!("评估日期：{}", p.as_of);

    let sms = &p.sms;
    println!("短信核验：{}（{}）", if sms.required { "需要" } else { "不需要" }, sms.reason);
    for v in &sms.verifiers {
        let roles: Vec<&str> = v.roles.iter().map(|r| role_zh(*r)).collect();
        println!(
            "  {} {} 手机 {} 证件号码后六位 {}",
            roles.join("兼"),
            v.name,
            v.phone,
            v.last6.as_deref().unwrap_or("（无法得出）")
        );
    }
    for problem in &sms.problems {
        println!("  问题 {}：{}", problem.field, problem.message);
    }
    if sms.required {
        let senders: Vec<String> = sms
            .senders
            .iter()
            .map(|s| format!("{} {}", s.carrier_zh, s.number.as_deref().unwrap_or("无固定号码")))
            .collect();
        println!("  发送号码：{}", senders.join("，"));
        for line in &sms.instructions {
            println!("  · {line}");
        }
    }

    println!("备案资料：");
    if p.materials.is_empty() {
        println!("  （无）");
    }
    for m in &p.materials {
        let need = if m.required { "必需" } else { "按要求提供" };
        println!("  [{need}] {}（{}）", m.name, m.code);
    }

    let e = &p.expected;
    println!("预计时间（如于 {} 提交，工作日按中国法定节假日计）：", e.submitted);
    println!("  初审：{} 前", e.first_review_by);
    println!("  提交管局：{} 前", e.to_bureau_by);
    println!(
        "  管局审核：{} 至 {}（{}–{} 个工作日，{}）",
        e.bureau_earliest,
        e.bureau_latest,
        e.bureau_days.min_workdays,
        e.bureau_days.max_workdays,
        e.bureau_days.source
    );
    println!("  订单有效期至：{}（自提交当天起 45 天）", e.order_expires);
    if let Some(d) = e.sms_deadline {
        println!("  短信核验截止：{}", format_cst(d));
    } else if sms.required {
        println!("  短信核验：收到验证码后 {} 小时内完成", sms.valid_hours);
    }
    if e.estimated {
        println!("  注意：部分日期超出节假日数据范围，按周一至周五为工作日估算");
    }
}

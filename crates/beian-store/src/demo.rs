//! Realistic synthetic filings for demos, benchmarks and crash tests (`beian demo --count N`).
//!
//! Every generated filing is a plausible client: a real province/city/district, a certificate
//! number whose check character is right (resident ID or unified social credit code), mobile
//! numbers, domains, and a status reached along a legal path of the workflow, with its history.
//! Generation is deterministic for a seed.

use beian_core::model::{CertType, FilingDocument, Nature, Person, ProductType, Region, Subject, Website};
use beian_core::status::FilingStatus;
use beian_core::workflow::{self, Action, ActionKind};
use beian_core::{cert, regions};
use jiff::{SignedDuration, Timestamp};
use rusqlite::params;

use crate::db::SqliteStore;
use crate::engine::{DemoOps, FilingOps};
use crate::error::StoreError;
use crate::time::stamp;
use crate::workflow::refresh_due;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "晓东", "海燕",
];
const TRADES: &[&str] = &["科技", "信息技术", "网络科技", "文化传媒", "电子商务", "软件", "数据服务", "教育咨询"];
const TOPICS: &[&str] =
    &["摄影随笔", "读书笔记", "技术札记", "旅行见闻", "园艺心得", "书法练习", "跑步记录", "美食手记"];
const SYLLABLES: &[&str] = &[
    "an", "bai", "bao", "bei", "bin", "bo", "cai", "chang", "chen", "cheng", "chuan", "da", "dong", "fan", "fang",
    "feng", "fu", "gao", "guang", "hai", "han", "hao", "he", "hong", "hua", "hui", "jia", "jian", "jin", "jing", "kai",
    "lan", "le", "li", "lin", "long", "lu", "mei", "ming", "mu", "ning", "peng", "qi", "qian", "qing", "rui", "shan",
    "sheng", "shi", "shui", "tai", "tian", "tu", "wei", "wen", "xiang", "xin", "xing", "xu", "ya", "yang", "yi", "yu",
    "yuan", "yun", "ze", "zhi", "zhong", "zhou",
];
/// Characters shop names (字号) are made of; two of them make a name.
const NAME_CHARS: &[&str] = &[
    "云", "帆", "启", "明", "瀚", "海", "青", "禾", "星", "图", "蓝", "鲸", "若", "水", "北", "辰", "天", "枢", "知",
    "行", "匠", "心", "拾", "光", "锦", "程", "鸿", "途", "闻", "道", "嘉", "盛", "博", "睿", "泰", "恒", "信", "诚",
    "华", "宇", "卓", "越", "创", "新", "智", "汇", "联", "众", "腾", "达", "安", "和", "康", "源", "丰", "佳", "美",
    "润", "德", "隆",
];
const TLDS: &[&str] = &["com", "cn", "net", "com.cn", "top", "ltd"];

/// A small, fast, deterministic generator (SplitMix64).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

fn mobile(rng: &mut Rng) -> String {
    format!("1{}{}", rng.pick(&["3", "5", "7", "8", "9"]), rng.digits(9))
}

fn domain(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let label: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
    format!("{label}{}.{}", rng.below(1000), rng.pick(TLDS))
}

/// A place that exists: province, city, district and the district's code.
fn place(rng: &mut Rng) -> (String, String, String, String) {
    let provinces: Vec<&str> = regions::provinces()
        .into_iter()
        .filter(|p| !matches!(*p, "香港特别行政区" | "澳门特别行政区" | "台湾省"))
        .collect();
    for _ in 0..20 {
        let p = *rng.pick(&provinces);
        let cities = regions::cities(p);
        if cities.is_empty() {
            continue;
        }
        let c = *rng.pick(&cities);
        let ds = regions::districts(p, c);
        if ds.is_empty() {
            continue;
        }
        let d = *rng.pick(&ds);
        if let Some(code) = regions::district_code(p, c, d) {
            return (p.to_owned(), c.to_owned(), d.to_owned(), code.to_owned());
        }
    }
    ("浙江省".into(), "杭州市".into(), "西湖区".into(), "330106".into())
}

fn resident_id(rng: &mut Rng, area: &str) -> String {
    let year = 1960 + rng.below(45);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let body = format!("{area}{year:04}{month:02}{day:02}{}", rng.digits(3));
    let check = cert::gb11643_check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

fn credit_code(rng: &mut Rng, area: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let org_body: String = (0..8).map(|_| char::from(ALPHABET[rng.below(10)])).collect();
    let org_check = cert::org_code_check_char(&org_body).unwrap_or('0');
    let body = format!("91{area}{org_body}{org_check}");
    let check = cert::uscc_check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

fn person(rng: &mut Rng, name: &str, area: &str) -> Person {
    let phone = mobile(rng);
    Person {
        name: name.to_owned(),
        cert_type: CertType::ResidentId,
        cert_number: resident_id(rng, area),
        emergency_phone: mobile(rng),
        email: format!("contact{}@{}", rng.digits(4), domain(rng)),
        phone,
        phone2: None,
        hk_macau_id: None,
    }
}

/// One synthetic filing document.
pub fn synthetic_filing(rng_seed: u64) -> FilingDocument {
    let mut rng = Rng(rng_seed);
    let (province, city, district, area) = place(&mut rng);
    let personal = rng.below(3) == 0;
    let person_name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
    let address =
        format!("{province}{city}{district}{}{}路{}号", rng.pick(NAME_CHARS), rng.pick(NAME_CHARS), 1 + rng.below(300));
    let principal = person(&mut rng, &person_name, &area);
    let (name, nature, cert_type, cert_number, investor) = if personal {
        (
            person_name.clone(),
            Nature::Personal,
            CertType::ResidentId,
            principal.cert_number.clone(),
            person_name.clone(),
        )
    } else {
        let brand = format!("{}{}", rng.pick(NAME_CHARS), rng.pick(NAME_CHARS));
        let company = format!("{}{brand}{}有限公司", city.trim_end_matches('市'), rng.pick(TRADES));
        let mut p = principal.clone();
        p.phone2 = Some(mobile(&mut rng));
        (company.clone(), Nature::Enterprise, CertType::BusinessLicense, credit_code(&mut rng, &area), company)
    };
    let sites = if personal { 1 } else { 1 + rng.below(2) };
    let websites = (0..sites)
        .map(|_| {
            let d = domain(&mut rng);
            Website {
                name: if personal {
                    format!("{}{}", rng.pick(&["山水", "清风", "拾光", "半亩"]), rng.pick(TOPICS))
                } else {
                    format!("{}官网", name.trim_end_matches("有限公司"))
                },
                homepage_url: format!("http://www.{d}"),
                domains: vec![d],
                content: if personal { "other".into() } else { "unit_portal".into() },
                product: beian_core::model::Product {
                    kind: ProductType::Ecs,
                    instance_id: Some(format!("i-bp{}", rng.digits(12))),
                    service_number: None,
                },
                ..Website::default()
            }
        })
        .collect();
    let mut principal = principal;
    if !personal {
        principal.phone2 = Some(mobile(&mut rng));
    }
    // An agency files at several clouds, most at one, under a few accounts of its own (drawn last,
    // so the filings' other values do not depend on it).
    let provider = *rng.pick(&[
        "aliyun",
        "aliyun",
        "aliyun",
        "aliyun",
        "tencent",
        "tencent",
        "huawei",
        "baidu",
        "volcengine",
        "jdcloud",
    ]);
    let provider_account = Some(format!("agency-{provider}-{}", 1 + rng.below(3)));
    let mut websites: Vec<Website> = websites;
    if provider != beian_core::providers::DEFAULT_PROVIDER {
        let prefix = beian_core::providers::profile(provider)
            .and_then(|p| p.product(ProductType::Ecs))
            .and_then(|r| r.instance_prefix.clone())
            .unwrap_or_else(|| "ins-".to_owned());
        for w in &mut websites {
            let digits =
                w.product.instance_id.as_deref().and_then(|i| i.strip_prefix("i-bp")).unwrap_or("0").to_owned();
            w.product.instance_id = Some(format!("{prefix}{digits}"));
        }
    }
    FilingDocument {
        format: beian_core::model::FORMAT.to_owned(),
        filing_type: Some(beian_core::FilingType::FirstFiling),
        as_of: None,
        provider: provider.to_owned(),
        provider_account,
        subject: Subject {
            region: Region { province, city, district: Some(district) },
            nature,
            name,
            cert_type,
            cert_number,
            cert_address: address.clone(),
            mailing_address: address,
            investor,
            principal,
            remark: String::new(),
            filed: Default::default(),
        },
        websites,
    }
}

/// A legal path through the workflow, ending where this synthetic filing stands.
fn path(rng: &mut Rng) -> Vec<ActionKind> {
    use ActionKind as A;
    let through_review = [A::DataComplete, A::MaterialsDone, A::Submit, A::SmsSent, A::SmsVerified, A::SubmitToBureau];
    let roll = rng.below(100);
    let mut out = match roll {
        0..15 => vec![],
        15..22 => vec![A::DataComplete],
        22..28 => vec![A::DataComplete, A::MaterialsDone],
        28..40 => through_review[..3].to_vec(),
        40..48 => [&through_review[..3], &[A::RequestPapers][..]].concat(),
        48..58 => through_review[..4].to_vec(),
        58..66 => through_review[..5].to_vec(),
        66..80 => through_review.to_vec(),
        80..92 => [&through_review[..], &[A::Approve][..]].concat(),
        92..97 => [&through_review[..], &[A::Reject][..]].concat(),
        _ => [&through_review[..3], &[A::Withdraw][..]].concat(),
    };
    if out.is_empty() {
        out.shrink_to_fit();
    }
    out
}

fn action_for(kind: ActionKind) -> Action {
    match kind {
        ActionKind::Submit => Action::Submit { validation_errors: 0, confirmed: true },
        ActionKind::Reject => Action::Reject { reason: "网站名称与主体关联性不足".into() },
        k => Action::simple(k).unwrap_or(Action::Withdraw),
    }
}

/// Hours between a demo filing's steps, from one roll in 0..30: a 管局's review takes 4 to 25
/// calendar days and the provider's 初审 half a day to three days (the guide's ranges, so the
/// review-time figures of a demo store have something to show); staff's own steps 2 to 31 hours.
fn gap_hours(previous: Option<ActionKind>, kind: ActionKind, roll: i64) -> i64 {
    match (previous, kind) {
        (_, ActionKind::Approve | ActionKind::Reject) => 24 * (4 + roll * 22 / 30) + roll,
        (Some(ActionKind::Submit), _) => 12 + roll * 2,
        _ => 2 + roll,
    }
}

/// A demo filing's history after its creation: each status change with its time, and the status
/// reached and when (`None` for a filing left a draft).
pub(crate) type DemoHistory = (Vec<(Timestamp, workflow::Step)>, Option<(FilingStatus, Timestamp)>);

/// The history a demo filing made at `created_at` goes through after its creation: each status
/// change with its time, the status reached and when (`None` for a filing left a draft).
pub(crate) fn demo_history(rng: &mut Rng, created_at: Timestamp) -> Result<DemoHistory, StoreError> {
    let mut status = FilingStatus::Draft;
    let mut at = created_at;
    let mut steps = Vec::new();
    let mut previous = None;
    for kind in path(rng) {
        at += SignedDuration::from_hours(gap_hours(previous, kind, rng.below(30) as i64));
        previous = Some(kind);
        let step = workflow::apply(status, &action_for(kind), None)?;
        status = step.to;
        steps.push((at, step));
    }
    Ok((steps, (status != FilingStatus::Draft).then_some((status, at))))
}

/// One batch of demo filings: their documents and their creation time.
pub(crate) fn demo_batch(
    rng: &mut Rng,
    written: usize,
    n: usize,
    start: Timestamp,
) -> (Vec<FilingDocument>, Timestamp) {
    let docs: Vec<FilingDocument> = (0..n).map(|_| synthetic_filing(rng.next())).collect();
    (docs, demo_time(start, written))
}

/// When the demo filing after `written` others comes in: spread over the 50 days from `start`, as
/// an agency's orders come in. A golden-ratio step (44497 / 72000 of the span, coprime to it) lands
/// any run of batches, of any size, apart.
pub fn demo_time(start: Timestamp, written: usize) -> Timestamp {
    start + SignedDuration::from_mins((written as i64 % 72_000 * 44_497) % 72_000)
}

impl DemoOps for SqliteStore {
    fn write_demo(&mut self, count: usize, batch: usize, seed: u64, start: Timestamp) -> Result<Vec<i64>, StoreError> {
        let mut rng = Rng(seed);
        let mut ids = Vec::with_capacity(count);
        let mut written = 0;
        while written < count {
            let n = batch.max(1).min(count - written);
            let (docs, created_at) = demo_batch(&mut rng, written, n, start);
            let new_ids = self.create_filings(&docs, created_at, "created")?;
            let tx = crate::db::WriteTx::begin(&mut self.conn)?;
            for id in &new_ids {
                let (steps, reached) = demo_history(&mut rng, created_at)?;
                for (at, step) in steps {
                    tx.execute(
                        "INSERT INTO filing_events (filing_id, at, kind, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![id, stamp(at), step.action.code(), step.from.code(), step.to.code(), step.note],
                    )?;
                }
                if let Some((status, at)) = reached {
                    tx.execute(
                        "UPDATE filings SET status = ?2, updated_at = ?3 WHERE id = ?1",
                        params![id, status.code(), stamp(at)],
                    )?;
                    refresh_due(&tx, &self.calendar, *id, at)?;
                }
            }
            tx.commit()?;
            ids.extend(new_ids);
            written += n;
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn synthetic_filings_pass_the_certificate_and_region_checks() {
        let today = jiff::civil::date(2026, 11, 28);
        for seed in 0..200 {
            let doc = synthetic_filing(seed);
            let check = cert::check(doc.subject.cert_type, &doc.subject.cert_number, today);
            assert!(check.is_valid(), "{seed}: {} {:?}", doc.subject.cert_number, check.issues);
            let r = &doc.subject.region;
            assert!(regions::check_region(&r.province, &r.city, r.district.as_deref()).is_empty(), "{r:?}");
        }
    }

    #[test]
    fn demo_filings_land_with_legal_histories() {
        let mut store = Store::open_in_memory().unwrap();
        let ids = store.write_demo(60, 25, 7, "2026-10-01T01:00:00Z".parse().unwrap()).unwrap();
        assert_eq!(ids.len(), 60);
        let all = store.list_filings(&crate::ListQuery { limit: Some(1000), ..Default::default() }).unwrap();
        assert_eq!(all.total, 60);
        assert!(all.status_counts.len() >= 4, "statuses are spread: {:?}", all.status_counts);
        for id in ids {
            let rec = store.get_filing(id).unwrap();
            let last = store.filing_events(id).unwrap().into_iter().filter_map(|e| e.to_status).next_back();
            assert_eq!(last, Some(rec.status), "the history ends where the filing stands");
        }
    }
}

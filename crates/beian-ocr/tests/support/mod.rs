//! Certificate scans made for the tests and the benchmark: a resident ID card's front and an A4
//! business licence (副本), drawn by ImageMagick with the Noto CJK fonts in the real documents'
//! layouts, from data chosen by a seeded pseudo-random generator; then scanned clean, a few degrees
//! askew, or noisy (Gaussian noise, slight blur, low JPEG quality).
//!
//! Every number is built the way the real ones are: a resident ID from a real division code, a birth
//! date and a sequence number with its GB 11643 check character; a credit code from `91`, a real
//! division code and an organisation code with its GB 11714 check character, then the GB 32100 check
//! character. Shared by `tests/scans.rs` and `benches/ocr.rs`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use beian_core::cert::{gb11643_check_char, org_code_check_char, uscc_check_char};

// ---------------------------------------------------------------------------------------------
// Pseudo-random choice

/// SplitMix64: small, seeded, the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next_u64() as usize % items.len()]
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }
}

// ---------------------------------------------------------------------------------------------
// Data

/// A county-level division: its GB/T 2260 code, the address up to the district, and some streets.
pub struct Region {
    pub code: &'static str,
    pub prefix: &'static str,
    pub city: &'static str,
    pub district: &'static str,
    pub streets: &'static [&'static str],
}

pub const REGIONS: &[Region] = &[
    Region {
        code: "110105",
        prefix: "北京市朝阳区",
        city: "北京",
        district: "朝阳区",
        streets: &["建国路", "望京街", "酒仙桥路", "朝阳北路"],
    },
    Region {
        code: "110108",
        prefix: "北京市海淀区",
        city: "北京",
        district: "海淀区",
        streets: &["中关村大街", "学院路", "知春路", "上地十街"],
    },
    Region {
        code: "310115",
        prefix: "上海市浦东新区",
        city: "上海",
        district: "浦东新区",
        streets: &["张江路", "世纪大道", "碧波路", "祖冲之路"],
    },
    Region {
        code: "330106",
        prefix: "浙江省杭州市西湖区",
        city: "杭州",
        district: "西湖区",
        streets: &["文三路", "天目山路", "古墩路", "西溪路"],
    },
    Region {
        code: "440305",
        prefix: "广东省深圳市南山区",
        city: "深圳",
        district: "南山区",
        streets: &["科苑路", "高新南一道", "南海大道", "蛇口路"],
    },
    Region {
        code: "440106",
        prefix: "广东省广州市天河区",
        city: "广州",
        district: "天河区",
        streets: &["天河路", "体育西路", "中山大道", "黄埔大道"],
    },
    Region {
        code: "510107",
        prefix: "四川省成都市武侯区",
        city: "成都",
        district: "武侯区",
        streets: &["人民南路", "科华北路", "武侯祠大街", "长寿路"],
    },
    Region {
        code: "320102",
        prefix: "江苏省南京市玄武区",
        city: "南京",
        district: "玄武区",
        streets: &["中山路", "珠江路", "北京东路", "龙蟠路"],
    },
    Region {
        code: "420106",
        prefix: "湖北省武汉市武昌区",
        city: "武汉",
        district: "武昌区",
        streets: &["中南路", "武珞路", "友谊大道", "中北路"],
    },
    Region {
        code: "610113",
        prefix: "陕西省西安市雁塔区",
        city: "西安",
        district: "雁塔区",
        streets: &["科技路", "长安南路", "小寨东路", "雁塔西路"],
    },
    Region {
        code: "370202",
        prefix: "山东省青岛市市南区",
        city: "青岛",
        district: "市南区",
        streets: &["香港中路", "东海西路", "山东路", "延安三路"],
    },
    Region {
        code: "350203",
        prefix: "福建省厦门市思明区",
        city: "厦门",
        district: "思明区",
        streets: &["湖滨南路", "鹭江道", "厦禾路", "莲前西路"],
    },
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "邓", "曹", "彭", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "晓峰", "建国", "思远", "子涵", "雨桐", "浩然", "志强", "海燕", "文博", "欣怡",
    "国栋",
];
/// Ethnic groups as the card prints them (汉 most often).
const ETHNICITIES: &[&str] =
    &["汉", "汉", "汉", "汉", "汉", "回", "满", "壮", "蒙古", "土家", "苗", "维吾尔", "朝鲜", "彝"];
/// Transliterated names (with the middle dot) for the groups that write them so.
const UYGHUR_NAMES: &[&str] = &["阿依古丽·买买提", "艾合买提·吐尔逊", "古丽娜尔·艾力", "买买提·依明"];
const TRADE_NAMES: &[&str] =
    &["云帆", "星辰", "明德", "博远", "嘉禾", "青松", "瑞丰", "智联", "海纳", "天择", "启航", "恒信"];
const INDUSTRIES: &[&str] =
    &["网络科技", "信息技术", "文化传媒", "电子商务", "软件", "数据服务", "教育科技", "数字科技"];
const COMPANY_TYPES: &[&str] = &[
    "有限责任公司（自然人投资或控股）",
    "有限责任公司（自然人独资）",
    "其他有限责任公司",
    "股份有限公司（非上市、自然人投资或控股）",
];
const CAPITALS: &[&str] = &["壹佰万元整", "伍佰万元整", "叁拾万元整", "壹仟万元整", "贰佰万元整", "伍拾万元整"];
const SCOPE_ITEMS: &[&str] = &[
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "软件开发",
    "信息系统集成服务",
    "网络技术服务",
    "广告设计、代理",
    "广告制作",
    "会议及展览服务",
    "互联网销售（除销售需要许可的商品）",
    "计算机软硬件及辅助设备零售",
    "数据处理和存储支持服务",
    "组织文化艺术交流活动",
    "信息咨询服务（不含许可类信息咨询服务）",
];
const SCOPE_TAIL: &str = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）";

fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn street_address(rng: &mut Rng, region: &Region) -> String {
    let street = rng.pick(region.streets);
    match rng.range(0, 2) {
        0 => format!("{}{}{}号", region.prefix, street, rng.range(1, 999)),
        1 => format!(
            "{}{}{}号{}幢{}单元{}室",
            region.prefix,
            street,
            rng.range(1, 399),
            rng.range(1, 30),
            rng.range(1, 6),
            rng.range(101, 2804)
        ),
        _ => format!(
            "{}{}{}弄{}号{}室",
            region.prefix,
            street,
            rng.range(1, 999),
            rng.range(1, 60),
            rng.range(101, 1502)
        ),
    }
}

/// A company's registered address: a building, a floor or a room.
fn office_address(rng: &mut Rng, region: &Region) -> String {
    let street = rng.pick(region.streets);
    let n = rng.range(1, 999);
    match rng.range(0, 2) {
        0 => format!("{}{}{}号{}幢{}室", region.prefix, street, n, rng.range(1, 12), rng.range(101, 1808)),
        1 => format!(
            "{}{}{}号{}大厦{}层{}室",
            region.prefix,
            street,
            n,
            rng.pick(&["华星", "科技", "国际", "创业"]),
            rng.range(2, 30),
            rng.range(1, 20)
        ),
        _ => format!("{}{}{}号{}楼{}室", region.prefix, street, n, rng.range(1, 9), rng.range(101, 908)),
    }
}

/// What a resident ID card's front says.
#[derive(Debug, Clone)]
pub struct IdCard {
    pub name: String,
    pub sex: &'static str,
    pub ethnicity: String,
    pub birth: (u32, u32, u32),
    pub address: String,
    pub number: String,
}

impl IdCard {
    pub fn random(seed: u64) -> IdCard {
        let mut rng = Rng::new(seed);
        let region = rng.pick(REGIONS);
        let ethnicity = rng.pick(ETHNICITIES).to_string();
        let name = if ethnicity == "维吾尔" { rng.pick(UYGHUR_NAMES).to_string() } else { person_name(&mut rng) };
        let y = rng.range(1960, 2004);
        let m = rng.range(1, 12);
        let d = rng.range(1, days_in(y, m));
        let seq = rng.range(1, 999);
        let body = format!("{}{y:04}{m:02}{d:02}{seq:03}", region.code);
        let number = format!("{body}{}", gb11643_check_char(&body).unwrap());
        // the sequence number's last digit: odd for men, even for women
        let sex = if seq % 2 == 1 { "男" } else { "女" };
        IdCard { name, sex, ethnicity, birth: (y, m, d), address: street_address(&mut rng, region), number }
    }

    pub fn birth_date(&self) -> String {
        let (y, m, d) = self.birth;
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// What a business licence says.
#[derive(Debug, Clone)]
pub struct Licence {
    pub name: String,
    pub code: String,
    pub company_type: String,
    pub legal_representative: String,
    pub capital: String,
    pub founded: (u32, u32, u32),
    pub term_end: Option<(u32, u32, u32)>,
    pub scope: String,
    pub address: String,
    pub authority: String,
    pub issued: (u32, u32, u32),
}

/// An organisation code body as assigned since 2015 inside credit codes (`MA` + six characters of the
/// credit code alphabet) or an older all-digit one.
fn org_code(rng: &mut Rng) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let body: String = if rng.chance(60) {
        let tail: String = (0..6).map(|_| *rng.pick(CHARS) as char).collect();
        format!("MA{tail}")
    } else {
        (0..8).map(|_| char::from(b'0' + rng.range(0, 9) as u8)).collect()
    };
    format!("{body}{}", org_code_check_char(&body).unwrap())
}

impl Licence {
    pub fn random(seed: u64) -> Licence {
        let mut rng = Rng::new(seed);
        let region = rng.pick(REGIONS);
        // "杭州云帆网络科技有限公司" or, as many are registered, "深圳市云帆…"
        let city = if rng.chance(40) { format!("{}市", region.city) } else { region.city.to_string() };
        let name = format!("{city}{}{}有限公司", rng.pick(TRADE_NAMES), rng.pick(INDUSTRIES));
        let body = format!("91{}{}", region.code, org_code(&mut rng));
        let code = format!("{body}{}", uscc_check_char(&body).unwrap());
        let fy = rng.range(2010, 2023);
        let fm = rng.range(1, 12);
        let fd = rng.range(1, days_in(fy, fm));
        let term_end = rng.chance(50).then(|| {
            let (y, m, d) = (fy + 20, fm, fd);
            if d > 1 {
                (y, m, d - 1)
            } else if m > 1 {
                (y, m - 1, days_in(y, m - 1))
            } else {
                (y - 1, 12, 31)
            }
        });
        let mut items: Vec<&str> = SCOPE_ITEMS.to_vec();
        let keep = rng.range(4, 8) as usize;
        while items.len() > keep {
            let i = rng.range(1, items.len() as u32 - 1) as usize;
            items.remove(i);
        }
        let scope = format!("一般项目：{}。{SCOPE_TAIL}", items.join("；"));
        let iy = rng.range(fy.max(2019), 2024);
        Licence {
            name,
            code,
            company_type: rng.pick(COMPANY_TYPES).to_string(),
            legal_representative: person_name(&mut rng),
            capital: rng.pick(CAPITALS).to_string(),
            founded: (fy, fm, fd),
            term_end,
            scope,
            address: office_address(&mut rng, region),
            authority: format!("{}市{}市场监督管理局", region.city, region.district),
            issued: (iy, rng.range(1, 12), rng.range(1, 28)),
        }
    }
}

fn zh_date((y, m, d): (u32, u32, u32)) -> String {
    format!("{y}年{m:02}月{d:02}日")
}

// ---------------------------------------------------------------------------------------------
// Drawing

const SANS: &str = "Noto-Sans-CJK-SC";
const SANS_BOLD: &str = "Noto-Sans-CJK-SC-Bold";
const SERIF: &str = "Noto-Serif-CJK-SC";
const SERIF_BOLD: &str = "Noto-Serif-CJK-SC-Bold";
const MONO: &str = "Noto-Sans-Mono-CJK-SC";

/// An ImageMagick drawing, as `convert` arguments.
struct Canvas {
    args: Vec<String>,
    size: (u32, u32),
}

impl Canvas {
    fn new(w: u32, h: u32, background: &str) -> Canvas {
        let mut c = Canvas { args: Vec::new(), size: (w, h) };
        c.push(&["-size", &format!("{w}x{h}"), &format!("xc:{background}"), "-gravity", "NorthWest"]);
        c
    }
    fn push(&mut self, a: &[&str]) {
        self.args.extend(a.iter().map(|s| s.to_string()));
    }
    fn draw(&mut self, fill: &str, stroke: Option<(&str, f32)>, primitive: &str) {
        let (s, sw) = stroke.unwrap_or(("none", 0.0));
        self.push(&["-fill", fill, "-stroke", s, "-strokewidth", &format!("{sw}"), "-draw", primitive]);
        self.push(&["-stroke", "none"]);
    }
    /// Text with its em box's top-left corner at (x, y), `size` px.
    fn text(&mut self, x: f32, y: f32, font: &str, size: f32, fill: &str, text: &str) {
        self.push(&["-font", font, "-pointsize", &format!("{size:.1}"), "-fill", fill, "-kerning", "0"]);
        self.push(&["-annotate", &format!("+{:.0}+{:.0}", x, y), text]);
    }
    /// Characters spread evenly over `width` px (labels printed letter-spaced, `名　　称`).
    fn spread(&mut self, x: f32, y: f32, width: f32, (font, size, fill): (&str, f32, &str), text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let step = if chars.len() > 1 { (width - size) / (chars.len() - 1) as f32 } else { 0.0 };
        for (i, c) in chars.iter().enumerate() {
            self.text(x + step * i as f32, y, font, size, fill, &c.to_string());
        }
    }
    /// Faint wavy lines, as the security background of a certificate.
    fn guilloche(&mut self, rng: &mut Rng, w: u32, h: u32, colour: &str, count: u32) {
        for k in 0..count {
            let y0 = h as f32 * (k as f32 + 0.5) / count as f32;
            let amp = 4.0 + rng.range(0, 12) as f32;
            let period = 60.0 + rng.range(0, 140) as f32;
            let phase = rng.range(0, 628) as f32 / 100.0;
            let pts: Vec<String> = (0..=w / 8)
                .map(|i| {
                    let x = (i * 8) as f32;
                    format!("{x:.0},{:.1}", y0 + amp * (x / period * std::f32::consts::TAU + phase).sin())
                })
                .collect();
            self.draw("none", Some((colour, 1.0)), &format!("polyline {}", pts.join(" ")));
        }
    }
}

/// How many ems `s` takes in a CJK font (ASCII letters and digits about half an em).
fn ems(s: &str) -> f32 {
    s.chars().map(|c| if c.is_ascii() { 0.56 } else { 1.0 }).sum()
}

/// `s` broken into lines of at most `width` ems, where a printer would break it: anywhere, except
/// that closing punctuation never starts a line (it hangs at the end of the one before).
fn wrap(s: &str, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0.0;
    for c in s.chars() {
        let w = ems(&c.to_string());
        let hangs = "、，。；：）".contains(c);
        if used + w > width + 0.01 && !lines.last().unwrap().is_empty() && !hangs {
            lines.push(String::new());
            used = 0.0;
        }
        lines.last_mut().unwrap().push(c);
        used += w;
    }
    lines
}

/// The front (人像面) of a second-generation resident ID card, 85.6 × 54 mm at 300 dpi (1012 × 638):
/// blue-grey labels, black values, the address wrapped at the card's width, the 18-digit number at
/// the bottom, the photo on the right. `number` overrides the card's number (a misprint).
fn id_card_canvas(card: &IdCard, number: &str, seed: u64) -> Canvas {
    let (w, h) = (1012u32, 638u32);
    let mut rng = Rng::new(seed ^ 0xCA7D);
    let mut c = Canvas::new(w, h, "#f3efe4");
    c.guilloche(&mut rng, w, h, "#e6dfcc", 26);
    c.guilloche(&mut rng, w, h, "#dfe6ea", 9);
    // photo: a grey-blue field with a head and shoulders
    c.draw("#d5dde3", None, "rectangle 648,78 930,438");
    c.draw("#b9c3cb", None, "ellipse 789,218 70,90 0,360");
    c.draw("#b9c3cb", None, "ellipse 789,438 130,80 180,360");
    let label = "#4a7391";
    let (ls, vs) = (23.0, 31.0);
    let (lx, vx) = (92.0, 198.0);
    c.spread(lx, 104.0, 56.0, (SANS, ls, label), "姓名");
    c.text(vx, 98.0, SANS, vs, "black", &card.name);
    c.spread(lx, 184.0, 56.0, (SANS, ls, label), "性别");
    c.text(vx, 178.0, SANS, vs, "black", card.sex);
    c.spread(352.0, 184.0, 56.0, (SANS, ls, label), "民族");
    c.text(452.0, 178.0, SANS, vs, "black", &card.ethnicity);
    c.spread(lx, 264.0, 56.0, (SANS, ls, label), "出生");
    let (y, m, d) = card.birth;
    c.text(vx, 258.0, SANS, vs, "black", &y.to_string());
    c.text(290.0, 264.0, SANS, ls, label, "年");
    c.text(336.0, 258.0, SANS, vs, "black", &m.to_string());
    c.text(376.0, 264.0, SANS, ls, label, "月");
    c.text(418.0, 258.0, SANS, vs, "black", &d.to_string());
    c.text(458.0, 264.0, SANS, ls, label, "日");
    c.spread(lx, 344.0, 56.0, (SANS, ls, label), "住址");
    for (i, line) in wrap(&card.address, 13.5).iter().enumerate() {
        c.text(vx, 338.0 + 45.0 * i as f32, SANS, vs, "black", line);
    }
    c.text(lx, 534.0, SANS, ls, label, "公民身份号码");
    c.push(&["-font", MONO, "-pointsize", "37", "-fill", "black", "-kerning", "4", "-annotate", "+330+522", number]);
    c
}

/// A business licence's 副本 (A4 portrait) at `dpi`, in the 2019 layout: the emblem and 营业执照 at
/// the top, 统一社会信用代码 with the code under it at the top left and 证照编号 with the QR code at
/// the top right, two columns of fields (labels letter-spaced to four characters), the
/// registration authority, its seal and the date at the bottom, and the notes at the foot.
fn licence_canvas(lic: &Licence, dpi: f32, seed: u64) -> Canvas {
    let mm = |v: f32| v * dpi / 25.4;
    let (w, h) = (mm(210.0).round() as u32, mm(297.0).round() as u32);
    let mut rng = Rng::new(seed ^ 0x11CE);
    let mut c = Canvas::new(w, h, "#fbf8f1");
    c.guilloche(&mut rng, w, h, "#efe6d2", 60);
    // border: a wide patterned frame and a thin inner rule
    let frame = "#c9a86a";
    let rect =
        |a: f32, b: f32, x: f32, y: f32| format!("rectangle {:.0},{:.0} {:.0},{:.0}", mm(a), mm(b), mm(x), mm(y));
    c.draw("none", Some((frame, mm(2.2))), &rect(9.0, 9.0, 201.0, 288.0));
    c.draw("none", Some((frame, mm(0.4))), &rect(13.0, 13.0, 197.0, 284.0));
    // national emblem (a red disc with a gold ring), the title and 副本
    c.draw(
        "#c8322b",
        Some(("#d9b24c", mm(1.2))),
        &format!("circle {:.0},{:.0} {:.0},{:.0}", mm(105.0), mm(27.0), mm(105.0), mm(17.0)),
    );
    c.spread(mm(105.0) - mm(40.0), mm(40.0), mm(80.0), (SERIF_BOLD, mm(15.0), "black"), "营业执照");
    c.text(mm(105.0) - mm(12.0), mm(59.0), SERIF, mm(5.5), "black", "（副　本）");
    // top left, under the title's left end: the credit code; top right: licence number and QR code
    let small = mm(3.6);
    c.text(mm(22.0), mm(61.0), SANS_BOLD, small, "black", "统一社会信用代码");
    c.text(mm(22.0), mm(66.5), SANS, mm(4.4), "black", &lic.code);
    let (iy, im, id) = lic.issued;
    let serial = format!("{}00{iy:04}{im:02}{id:02}{:04}", &lic.code[2..8], rng.range(1, 9999));
    c.text(mm(143.0), mm(24.0), SANS, small * 0.85, "black", &format!("证照编号：{serial}"));
    let (qx, qy, cell) = (mm(158.0), mm(31.0), mm(1.25));
    c.draw(
        "white",
        None,
        &format!("rectangle {:.0},{:.0} {:.0},{:.0}", qx - cell, qy - cell, qx + 26.0 * cell, qy + 26.0 * cell),
    );
    for i in 0..25i32 {
        for j in 0..25i32 {
            // the three finder patterns: dark ring, light ring, dark 3×3 centre
            let finder =
                [(0, 0), (18, 0), (0, 18)].iter().find(|&&(x, y)| (x..x + 7).contains(&i) && (y..y + 7).contains(&j));
            let on = match finder {
                Some(&(x, y)) => {
                    let d = (i - x - 3).abs().max((j - y - 3).abs());
                    d == 3 || d <= 1
                }
                None => rng.chance(50),
            };
            if on {
                let (x, y) = (qx + i as f32 * cell, qy + j as f32 * cell);
                c.draw("black", None, &format!("rectangle {x:.0},{y:.0} {:.0},{:.0}", x + cell - 1.0, y + cell - 1.0));
            }
        }
    }
    c.text(mm(154.0), mm(64.5), SANS, small * 0.8, "black", "扫描市场主体身份码");
    c.text(mm(150.0), mm(68.5), SANS, small * 0.8, "black", "了解更多登记、备案、");
    c.text(mm(150.0), mm(72.5), SANS, small * 0.8, "black", "许可、监管信息");

    // the fields: labels in bold sans letter-spaced to four characters, values in serif
    let fs = mm(4.4);
    let pitch = mm(10.5);
    let line = mm(6.6);
    let column = |c: &mut Canvas, x: f32, value_x: f32, right_edge: f32, rows: &[(&str, String)]| {
        let mut y = mm(90.0);
        for (label, value) in rows {
            if label.chars().count() == 2 {
                c.spread(x, y, fs * 4.0, (SANS_BOLD, fs, "black"), label);
            } else {
                c.text(x, y, SANS_BOLD, fs, "black", label);
            }
            let lines = wrap(value, (right_edge - value_x) / fs);
            for (i, l) in lines.iter().enumerate() {
                c.text(value_x, y + line * i as f32, SERIF, fs, "black", l);
            }
            y += pitch + line * (lines.len() - 1) as f32;
        }
    };
    let term = match lic.term_end {
        Some(end) => format!("{}至{}", zh_date(lic.founded), zh_date(end)),
        None => format!("{}至长期", zh_date(lic.founded)),
    };
    let left = [
        ("名称", lic.name.clone()),
        ("类型", lic.company_type.clone()),
        ("法定代表人", lic.legal_representative.clone()),
        ("经营范围", lic.scope.clone()),
    ];
    let right = [
        ("注册资本", lic.capital.clone()),
        ("成立日期", zh_date(lic.founded)),
        ("营业期限", term),
        ("住所", lic.address.clone()),
    ];
    let (lx, rx) = (mm(24.0), mm(112.0));
    column(&mut c, lx, lx + fs * 5.8, mm(104.0), &left);
    column(&mut c, rx, rx + fs * 5.0, mm(190.0), &right);

    // registration authority, seal and date
    let (ax, ay) = (mm(118.0), mm(232.0));
    c.text(ax, ay, SANS_BOLD, mm(5.0), "black", "登记机关");
    let (sx, sy, sr) = (mm(165.0), mm(236.0), mm(20.0));
    c.draw("none", Some(("#e0403a", mm(1.1))), &format!("circle {sx:.0},{sy:.0} {sx:.0},{:.0}", sy - sr));
    let star: Vec<String> = (0..10)
        .map(|k| {
            let r = if k % 2 == 0 { mm(6.0) } else { mm(2.4) };
            let a = std::f32::consts::PI * (k as f32 / 5.0) - std::f32::consts::FRAC_PI_2;
            format!("{:.0},{:.0}", sx + r * a.cos(), sy + r * a.sin())
        })
        .collect();
    c.draw("#e0403a", None, &format!("polygon {}", star.join(" ")));
    c.text(sx - mm(16.0), sy + mm(8.0), SANS, mm(3.0), "#e0403a", &lic.authority);
    c.text(mm(142.0), mm(250.0), SERIF, fs, "black", &zh_date(lic.issued));
    // foot
    let note = mm(2.9);
    c.text(mm(22.0), mm(266.0), SANS, note, "black", "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn");
    c.text(
        mm(22.0),
        mm(271.0),
        SANS,
        note,
        "black",
        "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。",
    );
    c.text(mm(95.0), mm(278.0), SANS, note, "black", "国家市场监督管理总局监制");
    c
}

// ---------------------------------------------------------------------------------------------
// Scanning

/// How the scan was taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variant {
    /// As drawn, saved as a good JPEG.
    Clean,
    /// Turned by this many degrees (white where the page was not).
    Rotated(f32),
    /// Gaussian noise, slight blur, JPEG at quality 30.
    Noisy,
    /// A phone photo of the card on a desk (what the hand-off brings): on a brown background,
    /// seen at an angle (each corner moved by up to ~6% of the width), lit unevenly (a quarter
    /// darker on one side), JPEG at quality 80.
    Photo,
}

impl Variant {
    fn tag(self) -> String {
        match self {
            Variant::Clean => "clean".into(),
            Variant::Rotated(d) => format!("rot{d:+.1}"),
            Variant::Noisy => "noisy".into(),
            Variant::Photo => "photo".into(),
        }
    }
}

/// Where the scans are written (kept for looking at after a failure).
pub fn out_dir() -> PathBuf {
    let dir = option_env!("CARGO_TARGET_TMPDIR")
        .map_or_else(|| std::env::temp_dir().join("beian-ocr-scans"), PathBuf::from)
        .join("scans");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn render(canvas: Canvas, variant: Variant, seed: u64, out: &Path) {
    let (w, h) = canvas.size;
    let mut args = canvas.args;
    match variant {
        Variant::Clean => args.extend(["-quality", "92"].map(String::from)),
        Variant::Rotated(deg) => {
            args.extend(
                ["-background", "white", "-rotate", &format!("{deg}"), "+repage", "-quality", "90"].map(String::from),
            );
        }
        Variant::Noisy => args.extend(
            ["-seed", &seed.to_string(), "-attenuate", "0.7", "+noise", "Gaussian", "-blur", "0x0.7", "-quality", "30"]
                .map(String::from),
        ),
        Variant::Photo => {
            let border = w / 8;
            let (bw, bh) = (w + 2 * border, h + 2 * border);
            let mut rng = Rng::new(seed ^ 0xF070);
            let mut jitter = || (rng.next_u64() % u64::from(w / 16 + 1)) as i64;
            let corners = [(0, 0), (bw, 0), (bw, bh), (0, bh)];
            let inward = [(1, 1), (-1, 1), (-1, -1), (1, -1)];
            let mut spec = Vec::new();
            for ((x, y), (dx, dy)) in corners.into_iter().zip(inward) {
                let (mx, my) = (jitter() * dx + i64::from(x), jitter() * dy + i64::from(y));
                spec.push(format!("{x},{y} {mx},{my}"));
            }
            args.extend(
                [
                    "-bordercolor",
                    "#7d6e5c",
                    "-border",
                    &border.to_string(),
                    "-virtual-pixel",
                    "background",
                    "-background",
                    "#7d6e5c",
                    "-distort",
                    "Perspective",
                    &spec.join("  "),
                    "(",
                    "-size",
                    &format!("{bw}x{bh}"),
                    "gradient:#ffffff-#bcbcbc",
                    "-rotate",
                    "90",
                    "-resize",
                    &format!("{bw}x{bh}!"),
                    ")",
                    "-compose",
                    "multiply",
                    "-composite",
                    "-quality",
                    "80",
                ]
                .map(String::from),
            );
        }
    }
    args.push(out.display().to_string());
    let result = Command::new("convert").args(&args).output();
    match result {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("convert failed for {}: {}", out.display(), String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("ImageMagick's convert is needed to make the test scans (apt-get install imagemagick): {e}"),
    }
}

/// Scans an ID card front; returns the JPEG's path.
pub fn id_card_scan(card: &IdCard, seed: u64, variant: Variant) -> PathBuf {
    id_card_scan_with_number(card, &card.number, seed, variant)
}

/// Scans an ID card front on which `number` is printed.
pub fn id_card_scan_with_number(card: &IdCard, number: &str, seed: u64, variant: Variant) -> PathBuf {
    let out = out_dir().join(format!("id-{seed}-{}-{number}.jpg", variant.tag()));
    render(id_card_canvas(card, number, seed), variant, seed, &out);
    out
}

/// Scans a licence at `dpi`; returns the JPEG's path.
pub fn licence_scan(lic: &Licence, dpi: f32, seed: u64, variant: Variant) -> PathBuf {
    let out = out_dir().join(format!("licence-{seed}-{}dpi-{}.jpg", dpi as u32, variant.tag()));
    render(licence_canvas(lic, dpi, seed), variant, seed, &out);
    out
}

/// A blank A4 page at `dpi`, off-white with scanner noise.
pub fn blank_scan(dpi: f32) -> PathBuf {
    let (w, h) = ((210.0 * dpi / 25.4) as u32, (297.0 * dpi / 25.4) as u32);
    let out = out_dir().join(format!("blank-{}dpi.jpg", dpi as u32));
    let canvas = Canvas::new(w, h, "#fbfaf6");
    render(canvas, Variant::Noisy, 7, &out);
    out
}

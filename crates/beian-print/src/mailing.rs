//! Where papers are mailed when the reviewer asks for them: the recipient block of guide §7
//! (阿里云《ICP备案流程(PC端)》20190816 §7 邮寄资料; rules-digest.md §8), word for word.

/// 邮寄地址.
pub const ADDRESS: &str = "贵州省贵阳市观山湖区林城西路8号摩根中心A栋20层";
/// 收货人.
pub const RECIPIENT: &str = "阿里云信息认证部";
/// 联系电话 (not personal data: printed in full).
pub const PHONE: &str = "18586949808";
/// When the phone is answered.
pub const PHONE_HOURS: &str = "邮寄咨询时间为法定工作日 9:00-18:00";
/// 邮编.
pub const POSTCODE: &str = "550081";

/// The rules of guide §7, line by line, as the client reads them.
pub const RULES: [&str; 4] = [
    "仅在系统指示或审核人员要求邮寄资料时寄送；如果没有收到需邮寄资料的提示或信息，请忽略此步骤。",
    "邮寄不限快递公司，不支持到付，到付快递不签收。",
    "备案资料签收后，阿里云会在 1-2 个工作日录入处理，录入完成后备案系统会自动更新状态。",
    "邮寄资料驳回重寄：如果邮寄的资料内容有错误，需要重新提供正确的资料，再次邮寄至上述指定地点。",
];

/// Where these lines come from.
pub const SOURCE: &str = "阿里云《ICP备案流程(PC端)》20190816 §7 邮寄资料";

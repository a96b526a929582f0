//! `materials.toml`: the materials (备案资料) a filing may need, by filing type, subject kind, province,
//! date and condition.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Effective, Meta, SubjectKind, TABLES};
use crate::model::{FilingType, Nature};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MaterialKind {
    /// 基本资料: photographed live in the provider's app.
    Basic,
    /// 辅助资料.
    Auxiliary,
}

/// When a material is needed, beyond filing type, subject kind, province and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MaterialCondition {
    Always,
    /// A website names a principal other than the subject principal.
    WebsitePrincipalDiffers,
    /// A website has a 前置审批.
    HasPreapproval,
    /// The filing has an app, mini-program or quick app (`app-filing.md` §4).
    HasApp,
    /// Only when the reviewer or the 管局 asks for it.
    OnRequest,
}

/// What kind of file a material is, which decides how an attached file is processed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MaterialFile {
    /// A certificate scan or photo: normalised to a legible JPEG, or a PDF kept as it is.
    #[default]
    Scan,
    /// An app icon: an image of at most 100 KB (`app-filing.md` §2.2 APP图标), kept as it is when
    /// it fits, shrunk otherwise.
    Icon,
}

/// A material (备案资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub code: String,
    pub name_zh: String,
    /// The English name, for the window in English.
    pub name_en: String,
    pub kind: MaterialKind,
    pub filing_types: Vec<FilingType>,
    pub subject: SubjectKind,
    /// Empty: every province.
    #[serde(default)]
    pub provinces: Vec<String>,
    pub condition: MaterialCondition,
    /// What kind of file it is (default: a scan).
    #[serde(default)]
    pub file: MaterialFile,
    #[serde(default)]
    pub guide_text: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MaterialsFile {
    pub(super) meta: Meta,
    material: Vec<Material>,
}

/// Every material.
pub fn materials() -> &'static [Material] {
    &TABLES.materials.material
}

/// The materials that may be needed for a filing: those of its type, subject kind and province in
/// force on `date`. Each one's [`Material::condition`] says whether it is needed for this filing.
pub fn materials_for(
    filing_type: FilingType,
    nature: Nature,
    province: &str,
    date: Date,
) -> impl Iterator<Item = &'static Material> {
    let province = province.to_owned();
    materials().iter().filter(move |m| {
        m.filing_types.contains(&filing_type)
            && m.subject.matches(nature)
            && (m.provinces.is_empty() || m.provinces.contains(&province))
            && m.in_force(date)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FilingType as F;
    use jiff::civil::date;

    #[test]
    fn materials_by_case() {
        let codes = |t, n, p, d| -> Vec<&str> { materials_for(t, n, p, d).map(|m| m.code.as_str()).collect() };
        let personal = codes(F::FirstFiling, Nature::Personal, "浙江省", date(2022, 1, 1));
        assert!(personal.contains(&"subject_certificate"));
        assert!(!personal.contains(&"subject_principal_certificate"));
        assert!(!personal.contains(&"guangdong_commitment"));
        let unit = codes(F::FirstFiling, Nature::Enterprise, "浙江省", date(2022, 1, 1));
        assert!(unit.contains(&"subject_principal_certificate"));
        assert!(unit.contains(&"website_principal_certificate"));
        assert!(
            !codes(F::FirstFiling, Nature::Personal, "广东省", date(2021, 6, 20)).contains(&"guangdong_commitment")
        );
        assert!(codes(F::FirstFiling, Nature::Personal, "广东省", date(2021, 6, 21)).contains(&"guangdong_commitment"));
        assert!(codes(F::CancelAccess, Nature::Enterprise, "广东省", date(2022, 1, 1)).is_empty());
        assert!(codes(F::DeregisterSite, Nature::Enterprise, "广东省", date(2022, 1, 1)).is_empty());
        for m in materials() {
            assert!(!m.filing_types.is_empty(), "{}", m.code);
            if m.kind == MaterialKind::Basic {
                assert!(m.guide_text.is_some(), "{}: basic materials are the guide's", m.code);
            }
        }
    }
}

//! The filing's provider (`provider`, `provider_account`): a known provider code, and an account
//! that is a name or login, never a password. What the provider offers (its products, its code's
//! format) is checked with the product (`product.rs`), against the provider's profile.

use super::Ctx;
use super::book::*;
use super::text::quote;
use crate::{providers, text};

/// The longest account name kept (a login or an e-mail address).
const MAX_ACCOUNT: usize = 100;

pub fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let code = doc.provider.trim();
    if providers::profile(code).is_none() {
        let known = providers::codes().collect::<Vec<_>>();
        let (known_zh, known_en) = (known.join("、"), known.join(", "));
        let q = quote(code);
        ctx.emit(
            PROVIDER_KNOWN,
            "unknown_provider",
            "provider",
            text!(
                zh: "接入商“{q}”不是已知的接入商代码（{known_zh}）：请选择接入商；其他接入商请选 other。",
                en: "The provider “{q}” is not a known provider code ({known_en}): choose the provider, or other for one not listed.",
            ),
        );
    }
    let Some(account) = doc.provider_account.as_deref().map(str::trim).filter(|a| !a.is_empty()) else {
        return;
    };
    let n = account.chars().count();
    if n > MAX_ACCOUNT || account.chars().any(char::is_control) {
        ctx.emit(
            PROVIDER_KNOWN,
            "account_form",
            "provider_account",
            text!(
                zh: "接入商账号应为账号名称或登录名（最多{MAX_ACCOUNT}个字符，不含换行）。",
                en: "The provider account is the account's name or login (at most {MAX_ACCOUNT} characters, no line breaks).",
            ),
        );
    } else if looks_like_secret(account) {
        ctx.emit(
            PROVIDER_KNOWN,
            "account_secret",
            "provider_account",
            text!(
                zh: "接入商账号处只填账号名称或登录名，不要填写密码或密钥：本程序不保存任何密码。",
                en: "Enter only the account's name or login here, never a password or key: this program keeps no passwords.",
            ),
        );
    }
}

/// A password or key typed where the account's name goes: `name:password`, `password=…`, or an
/// AccessKey pair.
pub fn looks_like_secret(account: &str) -> bool {
    let lower = account.to_lowercase();
    ["password", "passwd", "pwd=", "pwd:", "密码", "accesskey", "secret"].iter().any(|w| lower.contains(w))
        || (account.contains(':') && !account.contains('@') && account.split(':').nth(1).is_some_and(|p| p.len() >= 6))
}

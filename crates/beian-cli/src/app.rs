//! `app inspect [--json] FILE`: reads an app's package (`.apk`, `.ipa`, `.hap`/`.app`) and prints
//! what its filing needs — package, name, version, the signing certificate's subject and
//! fingerprints, the public key, the launcher icon (base64, under 100 KB) — through the same use
//! case as the window's 读取安装包 button. Exit 0 read, 1 not a package, unsigned or unreadable.

use beian_usecases::package::{self, PackageReading};

use crate::common::Failure;

pub fn inspect(file: &str, json: bool) -> Result<u8, Failure> {
    let r: PackageReading = package::inspect_package(file).map_err(|e| Failure::failed(e.message))?;
    if json {
        let text = serde_json::to_string_pretty(&r).map_err(|e| Failure::failed(e.to_string()))?;
        println!("{text}");
        return Ok(0);
    }
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    println!("平台：{}", r.platform.label_zh());
    println!("包名：{}", r.package);
    println!("名称：{}", or_dash(&r.name));
    println!("版本：{}", or_dash(&r.version));
    println!("证书主题：{}", r.certificate.subject);
    println!("MD5：{}", r.certificate.md5);
    println!("SHA-1：{}", r.certificate.sha1);
    println!("SHA-256：{}", r.certificate.sha256);
    println!("备案填写的签名值（{}）：{}", r.fingerprint_kind.label(), r.fingerprint);
    println!("公钥：{}", r.public_key);
    match &r.icon {
        Some(i) if i.shrunk => println!(
            "图标：{}×{}，{}（原图 {} 字节，已缩小到 100 KB 以内）",
            i.width, i.height, i.path, i.original_bytes
        ),
        Some(i) => println!("图标：{}×{}，{}", i.width, i.height, i.path),
        None => println!("图标：未找到可用的位图图标"),
    }
    println!("签名方案：{}", r.signature_schemes.join("、"));
    if r.debug_certificate {
        eprintln!("beian: 注意：这是调试证书（Android Debug），备案需要发布证书的签名值");
    }
    Ok(0)
}

//! The phone's pages: Chinese, mobile-first, self-contained (inline CSS, one small inline script,
//! no fonts, images or scripts from anywhere). Everything works as plain HTML forms — the in-app
//! browsers clients scan with (WeChat, Alipay, DingTalk) and browsers without JavaScript post the
//! form and get the page back; where JavaScript runs, each photo is sent on its own as soon as it
//! is chosen, with a progress bar, and the result appears in its slot.
//!
//! The Content-Security-Policy allows exactly this page's style and script (by hash), forms and
//! requests to this server only, and nothing else.

use std::fmt::Write as _;
use std::sync::LazyLock;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::session::{Review, SessionView};

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f3f5f7}
main{max-width:560px;margin:0 auto;padding:12px}
h1{font-size:20px;margin:4px 0}
h2{font-size:17px;margin:0 0 6px}
.muted{color:#59636e;font-size:14px;margin:2px 0}
.note{padding:10px 12px;border-radius:8px;margin:10px 0}
.ok{background:#e6f4ea;color:#116329}
.bad{background:#ffebe9;color:#a40e26}
.tips{font-size:14px;padding-left:20px;margin:8px 0}
.slot{background:#fff;border-radius:10px;padding:12px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.tag{font-size:12px;font-weight:normal;padding:1px 6px;border-radius:4px;background:#fff1e0;color:#9a4b00;vertical-align:middle}
.files{list-style:none;padding:0;margin:6px 0;font-size:14px}
.files li{padding:4px 8px;border-radius:6px;margin:4px 0;background:#f6f8fa;word-break:break-all}
.files li.accepted{background:#e6f4ea;color:#116329}
.files li.rejected,.files li.bad{background:#ffebe9;color:#a40e26}
progress{width:100%;height:8px}
label.pick{position:relative;display:block;margin:8px 0;padding:12px;border:2px dashed #0969da;border-radius:8px;color:#0969da;font-weight:600;text-align:center}
label.pick.alt{border-style:solid;border-width:1px;font-weight:normal;padding:8px}
label.pick input{display:block;width:100%;margin-top:6px;font-size:14px;color:#1f2328}
.js label.pick input{position:absolute;width:1px;height:1px;opacity:0}
.js .send{display:none}
button{font:inherit;width:100%;padding:12px;border:0;border-radius:8px;background:#0969da;color:#fff;font-weight:600}
.done{background:#1a7f37;margin-top:8px}
.err{color:#a40e26;font-size:14px;margin:4px 0}
.err:empty{display:none}
.center{text-align:center;padding-top:40px}
.big{font-size:48px;line-height:1}
a{color:#0969da}
"#;

/// Sends each chosen photo on its own (progress bar, result in its slot). Constant text: the CSP
/// names it by hash. Written for old WebViews (no arrow functions, no fetch upload progress).
const SCRIPT: &str = r#"(function(){
var d=document,max=+d.body.getAttribute('data-max');d.documentElement.className='js';
function each(l,f){Array.prototype.forEach.call(l,f)}
each(d.querySelectorAll('form.up'),function(f){each(f.querySelectorAll('input[type=file]'),function(i){
i.addEventListener('change',function(){if(i.files&&i.files.length)send(f,i)})})});
function send(f,i){var file=i.files[0],s=f.parentNode,li=d.createElement('li'),bar=d.createElement('progress');
s.querySelector('.err').textContent='';li.textContent=file.name+' ';bar.max=100;bar.value=0;li.appendChild(bar);
s.querySelector('.files').appendChild(li);i.value='';
function end(ok,m){li.className=ok?'pending':'bad';li.textContent=(ok?'✓ ':'✗ ')+file.name+' — '+m}
if(file.size>max){end(false,'文件过大（上限 '+Math.round(max/1048576)+' MB）');return}
var fd=new FormData();fd.append('material',f.querySelector('[name=material]').value);fd.append('photo',file,file.name);
var x=new XMLHttpRequest();x.open('POST',f.action);x.setRequestHeader('X-Handoff','js');
x.upload.onprogress=function(e){if(e.lengthComputable)bar.value=e.loaded*100/e.total};
x.upload.onload=function(){bar.removeAttribute('value');li.firstChild.nodeValue=file.name+' 处理中… '};
x.onload=function(){var r={};try{r=JSON.parse(x.responseText)}catch(e){}
end(x.status==200,r.message||('上传失败（'+x.status+'）'))};
x.onerror=function(){end(false,'网络中断：请确认手机和电脑在同一网络后重试')};x.send(fd)}
})();"#;

fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// The Content-Security-Policy of every page.
pub static CSP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; connect-src 'self'; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    )
});

/// HTML-escapes text for element content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shell(title: &str, body_attrs: &str, body: &str, script: bool) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 400);
    out.push_str("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    out.push_str(
        "<meta name=\"referrer\" content=\"no-referrer\"><meta name=\"format-detection\" content=\"telephone=no\">",
    );
    out.push_str("<link rel=\"icon\" href=\"data:,\">");
    let _ = write!(out, "<title>{}</title><style>{STYLE}</style></head><body{body_attrs}><main>", esc(title));
    out.push_str(body);
    out.push_str("</main>");
    if script {
        let _ = write!(out, "<script>{SCRIPT}</script>");
    }
    out.push_str("</body></html>");
    out
}

/// A message shown above the slots (after a post without JavaScript).
pub enum Banner<'a> {
    None,
    Ok(&'a str),
    Error { material: Option<&'a str>, message: &'a str },
}

fn review_label(r: Review) -> &'static str {
    match r {
        Review::Pending => "已上传，等待工作人员确认",
        Review::Accepted => "工作人员已接受",
        Review::Rejected => "已退回，请重新拍摄",
    }
}

/// The upload page of a session.
pub fn upload_page(v: &SessionView, banner: Banner<'_>) -> String {
    let base = format!("/h/{}", v.token);
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>拍照上传备案资料</h1><p class=\"muted\">订单 {} · {}</p><p class=\"muted\">链接 {} 前有效，仅限本次使用</p>",
        esc(&v.order_no),
        esc(&v.subject_hint),
        esc(&v.expires_clock)
    );
    match &banner {
        Banner::Ok(m) => {
            let _ = write!(b, "<p class=\"note ok\" role=\"status\">✓ {}</p>", esc(m));
        }
        // A message for no slot of this page goes on top.
        Banner::Error { material, message } if material.is_none_or(|m| v.slots.iter().all(|s| s.code != m)) => {
            let _ = write!(b, "<p class=\"note bad\" role=\"alert\">{}</p>", esc(message));
        }
        Banner::Error { .. } | Banner::None => {}
    }
    let _ = write!(
        b,
        "<ol class=\"tips\"><li>拍摄证件<b>原件</b>，四角完整、文字清晰。</li><li>避免反光和阴影；不要翻拍屏幕，不要用复印件。</li>\
         <li>一项资料可上传多张（如身份证正反面），每张不超过 {} MB。</li></ol>",
        v.max_file_bytes / (1024 * 1024)
    );
    for slot in &v.slots {
        let code = esc(&slot.code);
        let tag = if slot.required { "<span class=\"tag\">必需</span>" } else { "" };
        let _ = write!(
            b,
            "<section class=\"slot\" id=\"m-{code}\" data-slot=\"{code}\"><h2>{} {tag}</h2>",
            esc(&slot.name)
        );
        if slot.attached > 0 {
            let _ = write!(b, "<p class=\"muted\">电脑上已有 {} 个文件，可补拍更清晰的照片</p>", slot.attached);
        }
        b.push_str("<ul class=\"files\">");
        for r in v.received.iter().filter(|r| r.material_code == slot.code) {
            let class = match r.review {
                Review::Pending => "pending",
                Review::Accepted => "accepted",
                Review::Rejected => "rejected",
            };
            let mark = if r.review == Review::Rejected { "✗" } else { "✓" };
            let _ =
                write!(b, "<li class=\"{class}\">{mark} {} — {}</li>", esc(&r.original_name), review_label(r.review));
        }
        b.push_str("</ul>");
        let _ = write!(
            b,
            "<form class=\"up\" method=\"post\" action=\"{base}/upload\" enctype=\"multipart/form-data\">\
             <input type=\"hidden\" name=\"material\" value=\"{code}\">\
             <label class=\"pick\">拍照<input type=\"file\" name=\"photo\" accept=\"image/*\" capture=\"environment\"></label>\
             <label class=\"pick alt\">从相册选择<input type=\"file\" name=\"photo\" accept=\"image/*\"></label>\
             <button type=\"submit\" class=\"send\">上传</button></form>"
        );
        let err = match &banner {
            Banner::Error { material: Some(m), message } if *m == slot.code => esc(message),
            _ => String::new(),
        };
        let _ = write!(b, "<p class=\"err\" role=\"alert\">{err}</p></section>");
    }
    let _ = write!(
        b,
        "<form method=\"get\" action=\"{base}/done\"><button type=\"submit\" class=\"done\">全部拍完，完成</button></form>"
    );
    shell("拍照上传备案资料", &format!(" data-max=\"{}\"", v.max_file_bytes), &b, true)
}

/// The done screen.
pub fn done_page(v: &SessionView) -> String {
    let sent = v.received.iter().filter(|r| r.review != Review::Rejected).count();
    let body = format!(
        "<div class=\"center\"><p class=\"big\">✓</p><h1>已完成</h1><p>本次共上传 {sent} 张照片。</p>\
         <p class=\"muted\">工作人员会在电脑上逐张核对；如有照片被退回，请返回重新拍摄。现在可以关闭此页面。</p>\
         <p><a href=\"/h/{}\">返回继续上传</a></p></div>",
        v.token
    );
    shell("已完成", "", &body, false)
}

/// A page that only says something (an expired link, a wrong address …).
pub fn message_page(title: &str, message: &str) -> String {
    let body = format!("<div class=\"center\"><h1>{}</h1><p>{}</p></div>", esc(title), esc(message));
    shell(title, "", &body, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_page_escapes_and_names_its_script_in_the_csp() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert!(CSP.contains("script-src 'sha256-"), "{}", *CSP);
        assert!(!CSP.contains("unsafe"), "{}", *CSP);
        let page = message_page("<b>", "x");
        assert!(page.contains("&lt;b&gt;") && !page.contains("<b>"));
        assert!(page.starts_with("<!doctype html>") && page.contains("<meta charset=\"utf-8\">"));
    }
}

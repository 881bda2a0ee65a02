//! Snapshots of what people and clients read: the frame, the sign-in form, an error page,
//! a problem+json body and the list of API operations. Reviewed like code.

use caunoi_domain::Role;
use caunoi_testkit::{Data, TestApp, texts};

fn main_text(html: &str) -> String {
    texts(html, "main").join("\n")
}

#[tokio::test]
async fn what_people_read() {
    let t = TestApp::sqlite(Data::Demo).await;
    let c = t.client();
    let home = c.get(t.at("/")).send().await.unwrap().text().await.unwrap();
    let header = format!(
        "{}\n{}\n{}",
        texts(&home, ".brand").join(""),
        texts(&home, "nav.site-nav a").join(" | "),
        texts(&home, ".site-footer").join("")
    );
    // The weekday line changes daily; everything else in the header is fixed.
    let header = header.replace(
        &caunoi_domain::vntime::format_long_date(time::OffsetDateTime::now_utc()),
        "[hôm nay]",
    );
    insta::assert_snapshot!("frame", header);

    let sign_in = c
        .get(t.at("/dang-nhap"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    insta::assert_snapshot!("sign_in_form", main_text(&sign_in));
    let labels = texts(&sign_in, "main label").join(" | ");
    insta::assert_snapshot!("sign_in_labels_en", {
        let en = c
            .get(t.at("/dang-nhap?lang=en"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        format!("{labels}\n{}", texts(&en, "main label").join(" | "))
    });

    let missing = c
        .get(t.at("/khong-co"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let missing = main_text(&missing);
    let rid = missing
        .split("Mã yêu cầu: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    insta::assert_snapshot!("not_found_page", missing.replace(&rid, "[request-id]"));

    let delegates = c
        .get(t.at("/dai-bieu"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    insta::assert_snapshot!("delegates", texts(&delegates, ".person").join("\n"));
}

#[tokio::test]
async fn what_clients_read() {
    let t = TestApp::sqlite(Data::Units).await;
    let token = t.token(Role::CouncilAdmin).await;
    let r = t
        .client()
        .post(t.at("/api/v1/users"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"email": "x", "name": "", "role": "editor", "unit": "01", "password": "ngan"}))
        .send()
        .await
        .unwrap();
    let mut p: serde_json::Value = r.json().await.unwrap();
    p["request_id"] = "[request-id]".into();
    insta::assert_snapshot!("problem_json", serde_json::to_string_pretty(&p).unwrap());

    let doc: serde_json::Value = t
        .client()
        .get(t.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut ops = Vec::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let codes: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            ops.push(format!("{} {path} -> {codes:?}", method.to_uppercase()));
        }
    }
    ops.sort();
    insta::assert_snapshot!("api_operations", ops.join("\n"));
}

/// An imported article (fixed publication time, text written for this test) as readers and
/// feed readers get it.
#[tokio::test]
async fn what_readers_of_an_article_read() {
    let t = TestApp::sqlite(Data::Demo).await;
    let export = "08:30 | 05/03/2024\n\nKỳ họp\n\nHĐND xã thông qua kế hoạch làm đường liên thôn\n\n\
                  Sáng 5/3, HĐND xã họp chuyên đề, thông qua kế hoạch làm mới 3 km đường liên thôn.\n\n\
                  Các đại biểu đề nghị công khai tiến độ và nguồn vốn để cử tri cùng giám sát.\n\n\
                  Nguồn: Văn phòng HĐND xã\n";
    let id = match caunoi_app::articles::legacy::import(
        &t.app,
        &caunoi_app::Ctx::operator(),
        None,
        export.as_bytes(),
    )
    .await
    .unwrap()
    {
        caunoi_app::articles::legacy::Outcome::Created(id) => id,
        other => panic!("{other:?}"),
    };
    let c = t.client();
    let path = format!("/tin-tuc/ky-hop/hdnd-xa-thong-qua-ke-hoach-lam-duong-lien-thon-{id}");
    let page = c
        .get(t.at(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let article = texts(&page, "article.article")
        .join("\n")
        .replace(&t.url, "[site]");
    insta::assert_snapshot!("article_page", article);
    let atom = c
        .get(t.at("/feeds/ky-hop/atom.xml"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let entry = atom
        .split("<entry>")
        .find(|e| e.contains("làm đường liên thôn"))
        .unwrap()
        .split("</entry>")
        .next()
        .unwrap()
        .replace(&t.url, "[site]");
    // The entry's <updated> is the import time; everything else is fixed.
    let entry: String = entry
        .lines()
        .map(|l| {
            if l.starts_with("<updated>") {
                "<updated>[import time]</updated>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("article_atom_entry", entry);
}

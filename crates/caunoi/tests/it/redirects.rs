//! Redirects to a target the request names (`next`): only paths on this site, whatever a
//! browser would make of the text, and a bad target never spoils the action itself.

use caunoi_domain::Role;
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines};

/// Targets a browser would turn into another site, or that cannot go in a header at all.
const HOSTILE: [&str; 12] = [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "%09//evil.example",
    "%20//evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%00/evil.example",
    "/%7F",
    "/quan-tri%0D%0ASet-Cookie:%20x=1",
    "https://evil.example",
    "//evil.example",
];

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

both_engines!(
    language_switch_never_leaves_the_site,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        for next in HOSTILE {
            let r = c
                .get(t.at(&format!("/ngon-ngu?lang=en&next={next}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "next={next}");
            assert_eq!(location(&r), "/", "next={next}");
            assert!(
                r.headers()["set-cookie"]
                    .to_str()
                    .unwrap()
                    .starts_with("lang=en"),
                "the language is still switched for next={next}"
            );
        }
        // A local path with Vietnamese letters and a query comes back encoded, intact.
        let r = c
            .get(t.at("/ngon-ngu?lang=en&next=/tin-t%E1%BB%A9c%3Fpage%3D2"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/tin-t%E1%BB%A9c?page=2");
    }
);

both_engines!(
    sign_in_with_a_hostile_next_still_signs_in_and_stays_home,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        for next in HOSTILE {
            // The form carries `next` as typed: decode it as the browser would have sent it.
            let decoded = percent_decode(next);
            let c = t.client();
            let r = c
                .post(t.at("/dang-nhap"))
                .form(&[
                    ("email", email.as_str()),
                    ("password", PASSWORD),
                    ("next", decoded.as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "next={next:?}");
            assert_eq!(location(&r), "/quan-tri", "next={next:?}");
            assert!(
                r.headers().contains_key("set-cookie"),
                "signed in despite next={next:?}"
            );
            // Already signed in, the sign-in page sends the person on, again only locally.
            let r = c
                .get(t.at(&format!("/dang-nhap?next={next}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "next={next:?}");
            assert_eq!(location(&r), "/quan-tri", "next={next:?}");
        }
        // A good target is followed.
        let c = t.client();
        let r = c
            .post(t.at("/dang-nhap"))
            .form(&[
                ("email", email.as_str()),
                ("password", PASSWORD),
                ("next", "/quan-tri/tin-bai"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/quan-tri/tin-bai");
    }
);

both_engines!(
    sign_in_page_never_echoes_a_hostile_next_into_its_form,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        for next in HOSTILE {
            let r = c
                .get(t.at(&format!("/dang-nhap?next={next}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "next={next:?}");
            let html = r.text().await.unwrap();
            assert!(!html.contains("evil.example"), "next={next:?}: {html}");
        }
    }
);

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

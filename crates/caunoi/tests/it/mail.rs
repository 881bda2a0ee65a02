//! Notification e-mail through an SMTP relay: `caunoi serve --smtp-url` hands the petitioner's
//! acknowledgement to a relay (here a scripted one in the test) instead of writing a file.

use crate::durability::{data_dir, serve_with};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Accepts one connection and returns the whole conversation the relay heard.
async fn relay(listener: tokio::net::TcpListener, refuse_rcpt: bool) -> Vec<String> {
    let (stream, _) = listener.accept().await.unwrap();
    converse(stream, refuse_rcpt).await
}

async fn converse(stream: tokio::net::TcpStream, refuse_rcpt: bool) -> Vec<String> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut heard = Vec::new();
    write.write_all(b"220 relay.test ESMTP\r\n").await.unwrap();
    let mut in_data = false;
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await.unwrap() == 0 {
            break;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        heard.push(line.clone());
        let reply: &[u8] = if in_data {
            if line != "." {
                continue;
            }
            in_data = false;
            b"250 2.0.0 queued\r\n"
        } else if line.starts_with("EHLO") {
            b"250-relay.test\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n"
        } else if line.starts_with("RCPT") && refuse_rcpt {
            b"550 5.1.1 no such user\r\n"
        } else if line == "DATA" {
            in_data = true;
            b"354 go ahead\r\n"
        } else if line == "QUIT" {
            write.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            b"250 ok\r\n"
        };
        write.write_all(reply).await.unwrap();
    }
    heard
}

#[tokio::test]
async fn the_acknowledgement_goes_through_the_smtp_relay() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_addr = listener.local_addr().unwrap();
    // The demo's own petitioners are told too; every conversation is passed on.
    let (send, mut conversations) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = send.send(converse(stream, false).await);
        }
    });
    let data = data_dir("smtp");
    let url = format!("smtp://{relay_addr}");
    let (mut server, base) = serve_with(
        &data,
        true,
        &["--smtp-url", &url, "--mail-from", "hdnd@hanoi.example.vn"],
    );
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/petitions"))
        .json(&serde_json::json!({
            "title": "Đèn chiếu sáng ngõ 12 hỏng nhiều tháng",
            "body": "Đèn chiếu sáng trong ngõ không hoạt động đã lâu, đề nghị sớm sửa chữa.",
            "field": "xay-dung-do-thi",
            "commune": "00004",
            "name": "Người gửi thử",
            "email": "cu.tri@example.vn",
            "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let code = r.json::<serde_json::Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let wanted = format!("Mã theo dõi của bạn: {code}");
    let heard = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let heard = conversations.recv().await.unwrap();
            if heard.iter().any(|l| l.contains(&wanted)) {
                break heard;
            }
        }
    })
    .await
    .expect("the relay did not get the acknowledgement within 30 s");
    let _ = server.kill();
    let _ = server.wait();
    let mail_dir = data.join("mail");
    let files = std::fs::read_dir(&mail_dir).map(|d| d.count()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&data);
    assert_eq!(heard[0], "EHLO caunoi");
    assert_eq!(heard[1], "MAIL FROM:<hdnd@hanoi.example.vn>");
    assert_eq!(heard[2], "RCPT TO:<cu.tri@example.vn>");
    assert_eq!(heard[3], "DATA");
    let text = heard.join("\n");
    assert!(text.contains("To: <cu.tri@example.vn>"), "{text}");
    assert_eq!(heard.last().unwrap(), "QUIT");
    assert_eq!(
        files, 0,
        "nothing is written to the mail folder when a relay is set"
    );
}

#[test]
fn a_bad_relay_address_is_named() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_caunoi"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--smtp-url",
            "smtps://mail.example.vn",
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("setting `smtp-url` (from command line): 'smtps://mail.example.vn' is not a relay address"),
        "{err}"
    );
}

#[tokio::test]
async fn a_refused_recipient_fails_the_job_so_it_is_retried() {
    use caunoi_testkit::{Data, TestApp};
    let t = TestApp::sqlite(Data::Demo).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_addr = listener.local_addr().unwrap();
    let heard = tokio::spawn(relay(listener, true));
    let r = t
        .client()
        .post(t.at("/api/v1/petitions"))
        .json(&serde_json::json!({
            "title": "Đèn chiếu sáng ngõ 12 hỏng nhiều tháng",
            "body": "Đèn chiếu sáng trong ngõ không hoạt động đã lâu, đề nghị sớm sửa chữa.",
            "field": "xay-dung-do-thi",
            "commune": "00004",
            "name": "Người gửi thử",
            "email": "khong.co@example.vn",
            "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let mut app = t.app.clone();
    app.settings.smtp =
        Some(caunoi_app::mail::SmtpRelay::parse(&format!("smtp://{relay_addr}")).unwrap());
    let err = caunoi_app::petitions::notify::deliver(
        &app,
        &serde_json::json!({ "petition_id": id, "step": "received" }),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("550 5.1.1 no such user"), "{err}");
    let heard = heard.await.unwrap();
    assert!(!heard.iter().any(|l| l == "DATA"), "{heard:?}");
}

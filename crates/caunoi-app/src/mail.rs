//! Outgoing e-mail: the transport behind the notification jobs.
//!
//! Two transports. The default writes each message as an `.eml` file into `DATA_DIR/mail`
//! (development, tests, and a relay that picks files up). With `smtp_url` set, messages go to
//! an SMTP relay over plain SMTP (RFC 5321): the council's own mail server or a local Postfix,
//! which does TLS and authentication towards the outside world. Speaking only to a relay keeps
//! TLS libraries out of this program and keeps delivery retries where mail servers do them well.
//!
//! A failed delivery is an error of the job, which the job runner retries with a back-off.

use crate::{App, AppError, AppResult};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where the relay is: `smtp://host[:port]` (port 25 unless given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpRelay {
    pub host: String,
    pub port: u16,
}

impl SmtpRelay {
    /// Reads `smtp://host[:port]`; the error says what the form is.
    pub fn parse(url: &str) -> Result<SmtpRelay, String> {
        let bad = || format!("'{url}' is not a relay address like smtp://127.0.0.1:25");
        let rest = url.trim().strip_prefix("smtp://").ok_or_else(bad)?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') => (h, p.parse::<u16>().map_err(|_| bad())?),
            _ => (rest, 25),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() || host.contains(['/', '@', ' ']) || port == 0 {
            return Err(bad());
        }
        Ok(SmtpRelay {
            host: host.to_owned(),
            port,
        })
    }
}

/// One message ready to go: the envelope and the whole text with its headers (CRLF lines).
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub from: String,
    pub to: String,
    /// A name for the file transport (no path separators).
    pub file_name: String,
    pub message: String,
}

/// Sends `m` through the configured transport.
pub async fn send(app: &App, m: &Outgoing) -> AppResult<()> {
    match &app.settings.smtp {
        Some(relay) => smtp_send(relay, m)
            .await
            .map_err(|e| AppError::Internal(format!("smtp://{}:{}: {e}", relay.host, relay.port))),
        None => write_file(&app.settings.mail_dir, m).await,
    }
}

async fn write_file(dir: &std::path::Path, m: &Outgoing) -> AppResult<()> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| AppError::Internal(format!("mail folder: {e}")))?;
    // Written aside and renamed, so a relay picking files up never reads half a message.
    let tmp = dir.join(format!(".{}.tmp", m.file_name));
    tokio::fs::write(&tmp, m.message.as_bytes())
        .await
        .map_err(|e| AppError::Internal(format!("writing mail: {e}")))?;
    tokio::fs::rename(&tmp, dir.join(&m.file_name))
        .await
        .map_err(|e| AppError::Internal(format!("writing mail: {e}")))?;
    Ok(())
}

/// Each reply must come within this; a relay that hangs fails the job, which is retried.
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);

struct Session {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Session {
    /// Reads one (possibly multi-line) reply and checks its code class.
    async fn expect(&mut self, class: u8, after: &str) -> Result<(), String> {
        let last = loop {
            let mut line = String::new();
            let n = tokio::time::timeout(REPLY_TIMEOUT, self.reader.read_line(&mut line))
                .await
                .map_err(|_| format!("no reply after {after}"))?
                .map_err(|e| e.to_string())?;
            if n == 0 {
                return Err(format!("connection closed after {after}"));
            }
            let line = line.trim_end();
            let bytes = line.as_bytes();
            if bytes.len() < 3 || !bytes[..3].iter().all(u8::is_ascii_digit) {
                return Err(format!("not an SMTP reply after {after}: {line}"));
            }
            // "250-…" continues, "250 …" (or a bare code) ends the reply.
            if bytes.get(3) != Some(&b'-') {
                break line.to_owned();
            }
        };
        if last.as_bytes()[0] == b'0' + class {
            Ok(())
        } else {
            Err(format!("refused after {after}: {last}"))
        }
    }

    async fn command(&mut self, line: &str, class: u8) -> Result<(), String> {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let verb = line.split([' ', ':']).next().unwrap_or(line);
        self.expect(class, verb).await
    }
}

/// Addresses in the envelope must not carry anything that would end the command.
fn envelope(addr: &str) -> Result<&str, String> {
    if addr.is_empty() || addr.contains(['\r', '\n', '<', '>', ' ']) {
        Err(format!("'{addr}' cannot be used as an envelope address"))
    } else {
        Ok(addr)
    }
}

async fn smtp_send(relay: &SmtpRelay, m: &Outgoing) -> Result<(), String> {
    let from = envelope(&m.from)?;
    let to = envelope(&m.to)?;
    let stream = tokio::time::timeout(
        REPLY_TIMEOUT,
        TcpStream::connect((relay.host.as_str(), relay.port)),
    )
    .await
    .map_err(|_| "no connection".to_owned())?
    .map_err(|e| e.to_string())?;
    let (read, writer) = stream.into_split();
    let mut s = Session {
        reader: BufReader::new(read),
        writer,
    };
    s.expect(2, "connecting").await?;
    s.command("EHLO caunoi", 2).await?;
    s.command(&format!("MAIL FROM:<{from}>"), 2).await?;
    s.command(&format!("RCPT TO:<{to}>"), 2).await?;
    s.command("DATA", 3).await?;
    // Dot-stuffing (RFC 5321 §4.5.2): a line starting with "." gets one more.
    let mut data = String::with_capacity(m.message.len() + 16);
    for line in m.message.split("\r\n") {
        if line.starts_with('.') {
            data.push('.');
        }
        data.push_str(line);
        data.push_str("\r\n");
    }
    data.push_str(".\r\n");
    s.writer
        .write_all(data.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    s.expect(2, "the message").await?;
    // The message is accepted; a relay that drops the line before answering QUIT changes nothing.
    let _ = s.command("QUIT", 2).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_addresses() {
        assert_eq!(
            SmtpRelay::parse("smtp://127.0.0.1:2525").unwrap(),
            SmtpRelay {
                host: "127.0.0.1".into(),
                port: 2525
            }
        );
        assert_eq!(SmtpRelay::parse("smtp://mail.hdnd.vn").unwrap().port, 25);
        assert_eq!(SmtpRelay::parse("smtp://[::1]:25").unwrap().host, "::1");
        for bad in [
            "smtps://x",
            "mail.hdnd.vn",
            "smtp://",
            "smtp://x:0",
            "smtp://u@x",
        ] {
            assert!(SmtpRelay::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn envelope_addresses_cannot_inject_commands() {
        assert!(envelope("a@b.vn").is_ok());
        assert!(envelope("a@b.vn>\r\nRCPT TO:<x@y").is_err());
    }
}

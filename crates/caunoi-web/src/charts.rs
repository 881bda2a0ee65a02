//! Bar charts as server-rendered SVG: no JavaScript, scaled to the screen by their viewBox,
//! announced as one image (`role="img"`) with a `<title>` and `<desc>`; the page puts the
//! same figures in a table after each chart for those who cannot see it.

/// Escapes text for SVG (XML) content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One bar: its label, its value (what its length shows) and the text printed beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

fn head(id: &str, title: &str, desc: &str, w: u32, h: u32) -> String {
    format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" preserveAspectRatio=\"xMinYMin meet\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    )
}

/// Vertical bars (a time series: one bar per month, oldest on the left).
pub fn columns(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let (slot, top, bottom, plot) = (40u32, 24u32, 28u32, 180u32);
    let w = (slot * bars.len().max(1) as u32).max(320);
    let h = top + plot + bottom;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut s = head(id, title, desc, w, h);
    s.push_str(&format!(
        "<line x1=\"0\" y1=\"{y}\" x2=\"{w}\" y2=\"{y}\" class=\"chart-axis\"/>",
        y = top + plot
    ));
    for (i, b) in bars.iter().enumerate() {
        let len = if max > 0.0 {
            (b.value / max * plot as f64).round() as u32
        } else {
            0
        };
        let x = i as u32 * slot;
        let y = top + plot - len;
        s.push_str(&format!(
            "<rect class=\"chart-bar\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{len}\"/>",
            x + 6,
            slot - 12
        ));
        s.push_str(&format!(
            "<text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + slot / 2,
            y.saturating_sub(4).max(12),
            esc(&b.text)
        ));
        s.push_str(&format!(
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + slot / 2,
            top + plot + 18,
            esc(&b.label)
        ));
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars (categories: fields, agencies), the label above each bar so long
/// Vietnamese names stay readable on a phone. `max` is the value of a full-width bar.
pub fn rows(id: &str, title: &str, desc: &str, bars: &[Bar], max: f64) -> String {
    let (w, row, label_h, bar_h, full) = (600u32, 46u32, 18u32, 18u32, 480.0_f64);
    let h = (row * bars.len().max(1) as u32) + 6;
    let mut s = head(id, title, desc, w, h);
    for (i, b) in bars.iter().enumerate() {
        let y = i as u32 * row;
        let len = if max > 0.0 {
            (b.value.max(0.0) / max * full).round().min(full) as u32
        } else {
            0
        };
        s.push_str(&format!(
            "<text class=\"chart-label\" x=\"0\" y=\"{}\">{}</text>",
            y + label_h - 4,
            esc(&b.label)
        ));
        s.push_str(&format!(
            "<rect class=\"chart-bar\" x=\"0\" y=\"{}\" width=\"{len}\" height=\"{bar_h}\"/>",
            y + label_h
        ));
        s.push_str(&format!(
            "<text class=\"chart-value\" x=\"{}\" y=\"{}\">{}</text>",
            len + 6,
            y + label_h + bar_h - 4,
            esc(&b.text)
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_the_chart_is_an_image() {
        let bars = [
            Bar {
                label: "Giao thông <& đô thị>".into(),
                value: 3.0,
                text: "3".into(),
            },
            Bar {
                label: "Y tế".into(),
                value: 0.0,
                text: "0".into(),
            },
        ];
        let svg = rows("f", "Theo lĩnh vực", "Mô tả", &bars, 3.0);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"f-t\">Theo lĩnh vực</title>"));
        assert!(svg.contains("Giao thông &lt;&amp; đô thị&gt;"));
        assert!(
            svg.contains("width=\"480\""),
            "the largest bar is full width"
        );
        let c = columns("m", "Theo tháng", "Mô tả", &bars);
        assert!(c.contains("height=\"180\"") && c.contains("height=\"0\""));
    }
}

//! `dedup-bench`: measures near-duplicate grouping of petitions ([`caunoi_search::similar`])
//! against two baselines in the same run: grouping by exact folded title (what a naive system
//! does) and, on a smaller set, the same similarity over all pairs (what the MinHash + LSH
//! candidate search loses). It reports pairwise precision and recall (and B-cubed), time and
//! peak memory.
//!
//! ```text
//! cargo run --release -p caunoi-bench --bin dedup-bench -- [--count 100000] [--seed 42]
//!     [--reference 5000] [--hashes 128] [--bands 32] [--threshold 0.44] [--cohesion 0.04]
//!     [--unweighted] [--sweep] [--out FILE]
//! ```
//!
//! **How the labels arise.** Precision and recall need to know which petitions raise the same
//! matter; no public data set of Vietnamese voters' petitions carries that, so the labels are
//! built three ways, each stated in the report:
//! 1. *Hand-written sample* (`bench/dedup/sample.tsv`): petitions written and labelled by hand,
//!    one `matter` per row; same matter = the office would answer them once. Many are deliberate
//!    near misses (the same road in another commune, the same school with another problem).
//! 2. *Expanded sample*: every hand-written petition copied [`EXPANSION`] times through the
//!    generator's noise (accents dropped, lower case, punctuation lost, typos, a formula
//!    prefixed, a closing sentence added); a copy keeps the label of its original. The
//!    paraphrases are the hand-written ones; the noise is how people type.
//! 3. *Generated set*: each matter is a kind of petition × a commune × a named object (e.g.
//!    road repair × xã Tân Lập × đường liên thôn Đông – Đoài); the generator writes it several
//!    times in different words (synonyms, sentence shapes, word order, filler, extra sentences,
//!    the place left out, accents dropped, one-letter typos), and a petition's label is the
//!    matter it was written from. Matters that differ only in the commune or the object are the
//!    hard negatives; policy kinds (the same wherever raised) are one matter per object across
//!    communes. Cluster sizes are skewed: most matters once, some 2–5 times, a few 20–200 times.
//!
//! The generated labels are only as hard as the generator's vocabulary; the hand-written sample
//! is the check that the method does not merely learn the generator.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use caunoi_bench::generate::Rng;
use caunoi_bench::system::{self, mib};
use caunoi_search::similar::{Dedup, Params};

struct Args {
    count: usize,
    seed: u64,
    reference: usize,
    params: Params,
    sweep: bool,
    out: Option<PathBuf>,
}

impl Args {
    fn parse() -> anyhow::Result<Self> {
        let mut a = Args {
            count: 100_000,
            seed: 42,
            reference: 5_000,
            params: Params::default(),
            sweep: false,
            out: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--count" => a.count = value()?.parse()?,
                "--seed" => a.seed = value()?.parse()?,
                "--reference" => a.reference = value()?.parse()?,
                "--hashes" => a.params.hashes = value()?.parse()?,
                "--bands" => a.params.bands = value()?.parse()?,
                "--threshold" => a.params.threshold = value()?.parse()?,
                "--cohesion" => a.params.cohesion = value()?.parse()?,
                "--unweighted" => a.params.weighted = false,
                "--sweep" => a.sweep = true,
                "--out" => a.out = Some(value()?.into()),
                "-h" | "--help" => {
                    println!(
                        "dedup-bench [--count N] [--seed N] [--reference N] [--hashes N] \
                         [--bands N] [--threshold F] [--cohesion F] [--unweighted] [--sweep] [--out FILE]"
                    );
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other}"),
            }
        }
        Ok(a)
    }
}

// ---- Generator ---------------------------------------------------------------------------

/// One kind of petition. Fields are `|`-separated alternatives; a petition reads
/// "{action} {object} {detail} {place}" and "{object} {detail} {issue}, {effect}".
struct Kind {
    action: &'static str,
    object: &'static str,
    /// Named objects: each one, in each commune, is a separate matter.
    detail: &'static str,
    issue: &'static str,
    effect: &'static str,
    authority: &'static str,
    /// A policy matter: the same wherever it is raised, so the commune is not part of it.
    general: bool,
}

const KINDS: &[Kind] = &[
    Kind {
        action: "sửa chữa|khắc phục|nâng cấp|cải tạo|tu sửa",
        object: "tuyến đường|đường|con đường|đường giao thông",
        detail: "liên thôn Đông – Đoài|trục chính thôn Trung|vào Trường Tiểu học Kim Đồng|ven đê Tả Đáy|nội đồng khu Cửa Đình|từ trụ sở UBND ra tỉnh lộ 419|qua khu dân cư Gò Mả|liên xóm Bãi Sậy",
        issue: "xuống cấp nghiêm trọng|hư hỏng nặng, nhiều ổ gà, ổ voi|bị lún, nứt, bong tróc mặt đường|sụt lún, đọng nước sau mỗi trận mưa",
        effect: "gây mất an toàn giao thông|đi lại rất khó khăn, nhất là mùa mưa|ảnh hưởng đến việc đi lại và sản xuất của nhân dân|học sinh đi học rất vất vả",
        authority: "UBND huyện|Sở Giao thông vận tải|UBND xã|Ban Quản lý dự án huyện",
        general: false,
    },
    Kind {
        action: "lắp đặt|bổ sung|đầu tư lắp|sửa chữa",
        object: "hệ thống đèn chiếu sáng|đèn đường|đèn chiếu sáng công cộng|cột đèn chiếu sáng",
        detail: "trên tuyến đường liên thôn Đông – Đoài|khu tái định cư Đồng Mới|đoạn qua cầu Mới|ngõ 12 đường Chùa|đường ven hồ Đầm Trũng|khu vực chợ Chiều|đường vào nghĩa trang Gò Chè|trục đường thôn Thượng",
        issue: "bị hỏng nhiều tháng nay|chưa có|thiếu, nhiều đoạn tối om|hư hỏng nhưng không được thay thế",
        effect: "buổi tối rất nguy hiểm cho người đi đường|tiềm ẩn nguy cơ mất an ninh trật tự|đã xảy ra nhiều vụ tai nạn|học sinh đi học thêm về muộn rất lo ngại",
        authority: "UBND huyện|Công ty Chiếu sáng đô thị|UBND xã",
        general: false,
    },
    Kind {
        action: "nạo vét|khơi thông|cải tạo|đầu tư xây mới",
        object: "hệ thống thoát nước|cống thoát nước|rãnh thoát nước|mương thoát nước",
        detail: "khu dân cư tổ 5|ngõ 35 phố Chợ|khu tập thể Cơ khí|dọc đường Lê Lai|khu vực chợ Đầm|cạnh Trường Mầm non Hoa Sen|sau nhà văn hóa thôn Bắc|ra sông Nhuệ",
        issue: "bị tắc, bốc mùi hôi thối|quá nhỏ, không đủ tiêu thoát|bị lấn chiếm, sụt vỡ|đầy rác, nước không thoát được",
        effect: "mỗi khi mưa lớn lại ngập sâu|gây ô nhiễm môi trường|ảnh hưởng sức khỏe người dân|nước tràn vào nhà dân",
        authority: "UBND quận|Công ty Thoát nước|UBND phường",
        general: false,
    },
    Kind {
        action: "kiên cố hóa|nạo vét|tu bổ|nâng cấp",
        object: "kênh mương nội đồng|mương tưới tiêu|hệ thống kênh mương|kênh tưới",
        detail: "cánh đồng Mả Lọ|khu Đồng Sau|xứ đồng Cửa Đình|khu Bờ Sông|tuyến kênh T3|đoạn qua thôn Hạ|trạm bơm Đồng Quan|khu Ao Cả",
        issue: "bị bồi lắng, sạt lở|đã hư hỏng nhiều năm|không dẫn được nước|bị vỡ nhiều đoạn",
        effect: "hàng chục héc-ta lúa thiếu nước|bà con không thể gieo cấy đúng thời vụ|ảnh hưởng năng suất cây trồng|nhiều diện tích phải bỏ hoang",
        authority: "UBND huyện|Công ty Thủy lợi|Sở Nông nghiệp và Phát triển nông thôn",
        general: false,
    },
    Kind {
        action: "cấp|đẩy nhanh tiến độ cấp|giải quyết cấp|hoàn thiện hồ sơ cấp",
        object: "giấy chứng nhận quyền sử dụng đất|sổ đỏ|giấy chứng nhận QSDĐ|bìa đỏ",
        detail: "cho các hộ dân khu giãn dân Đồng Mới|cho các hộ tái định cư dự án Vành đai 4|cho đất ở xen kẹt khu Gò Mả|cho các hộ được giao đất trái thẩm quyền năm 1995|cho khu đất dịch vụ 10%|cho các hộ dân xóm Trại|cho khu tập thể Nông trường|cho đất vườn liền kề khu Ao Cá",
        issue: "chậm được giải quyết|đã nộp hồ sơ nhiều năm nhưng chưa được cấp|bị trả hồ sơ nhiều lần|kéo dài hơn 10 năm chưa xong",
        effect: "người dân không thể thế chấp vay vốn|gây bức xúc trong nhân dân|không thực hiện được giao dịch|ảnh hưởng quyền lợi chính đáng của người dân",
        authority: "UBND huyện|Văn phòng Đăng ký đất đai|Sở Tài nguyên và Môi trường",
        general: false,
    },
    Kind {
        action: "giải quyết|xem xét lại|chi trả|điều chỉnh",
        object: "tiền bồi thường giải phóng mặt bằng|đơn giá bồi thường|tiền hỗ trợ tái định cư|phương án bồi thường",
        detail: "dự án đường Vành đai 4|dự án khu công nghiệp Phú Nghĩa|dự án mở rộng quốc lộ 6|dự án khu đô thị Thanh Hà|dự án trạm xử lý nước thải|dự án cụm công nghiệp Đồng Quang|dự án đường trục phía Nam|dự án trường THPT mới",
        issue: "quá thấp so với giá thị trường|chưa được chi trả dù đã bàn giao mặt bằng|chưa thỏa đáng|áp giá không đúng loại đất",
        effect: "nhiều hộ chưa đồng thuận|người dân khiếu kiện kéo dài|các hộ không có chỗ ở ổn định|gây mất ổn định tình hình địa phương",
        authority: "UBND huyện|Hội đồng bồi thường huyện|Ban Quản lý dự án",
        general: false,
    },
    Kind {
        action: "sửa chữa|cải tạo|xây mới|nâng cấp",
        object: "phòng học|dãy nhà lớp học|khu lớp học|cơ sở vật chất",
        detail: "Trường Tiểu học Kim Đồng|Trường Mầm non Hoa Sen|Trường THCS Lê Quý Đôn|điểm trường thôn Bắc|Trường Tiểu học Nguyễn Bá Ngọc|Trường Mầm non Họa Mi|Trường THCS Chu Văn An|điểm trường lẻ xóm Trại",
        issue: "đã xuống cấp, tường nứt, mái dột|xây từ những năm 1980, nay hư hỏng nặng|thấm dột mỗi khi mưa|không bảo đảm an toàn",
        effect: "ảnh hưởng việc dạy và học|phụ huynh rất lo lắng cho an toàn của học sinh|học sinh phải học nhờ|không đạt chuẩn quốc gia",
        authority: "UBND huyện|Phòng Giáo dục và Đào tạo|Sở Giáo dục và Đào tạo",
        general: false,
    },
    Kind {
        action: "bổ sung|đầu tư xây thêm|bố trí thêm",
        object: "phòng học|lớp học|phòng học mới",
        detail: "cho Trường Tiểu học Đoàn Kết|cho Trường THCS Nguyễn Trãi|cho Trường Mầm non Sơn Ca|cho Trường Tiểu học Thăng Long|cho Trường THCS Trần Phú|cho điểm trường khu tái định cư|cho Trường Mầm non Tuổi Thơ|cho Trường Tiểu học Hòa Bình",
        issue: "quá tải, mỗi lớp trên 50 học sinh|thiếu nghiêm trọng|không đáp ứng được số học sinh tăng nhanh|phải học hai ca",
        effect: "nhiều trẻ không được nhận vào học|chất lượng giáo dục bị ảnh hưởng|phụ huynh phải đưa con đi học xa|giáo viên quá vất vả",
        authority: "Phòng Giáo dục và Đào tạo|UBND huyện|Sở Giáo dục và Đào tạo",
        general: false,
    },
    Kind {
        action: "đầu tư|bổ sung|nâng cấp|cải tạo",
        object: "trang thiết bị y tế|cơ sở vật chất|nhà trạm|máy móc, thiết bị",
        detail: "Trạm y tế xã|Trạm y tế thôn Đông|phòng khám đa khoa khu vực Vân Đình|Trạm y tế phường|khoa khám bệnh Bệnh viện huyện|phòng khám khu vực Hòa Lạc|Trung tâm y tế huyện|điểm tiêm chủng thôn Bắc",
        issue: "còn thiếu thốn, lạc hậu|đã xuống cấp|thiếu bác sĩ và thuốc|không đáp ứng nhu cầu khám chữa bệnh",
        effect: "người dân phải lên tuyến trên khám bệnh|người bệnh phải chờ đợi lâu|ảnh hưởng chất lượng khám chữa bệnh ban đầu|người già, trẻ em đi lại vất vả",
        authority: "Sở Y tế|UBND huyện|Trung tâm Y tế huyện",
        general: false,
    },
    Kind {
        action: "tăng tần suất thu gom|thu gom|xử lý dứt điểm|bố trí điểm tập kết",
        object: "rác thải sinh hoạt|rác thải|rác",
        detail: "tại thôn Đông|dọc đường ven sông Đáy|khu chợ Chiều|tại các ngõ xóm Trại|khu tái định cư Đồng Mới|quanh khu công nghiệp Phú Nghĩa|tại bờ kênh T3|khu vực cầu Mới",
        issue: "tồn đọng nhiều ngày|bị đổ trộm bừa bãi|không được thu gom thường xuyên|bốc mùi hôi thối",
        effect: "gây ô nhiễm môi trường|ruồi muỗi phát sinh, nguy cơ dịch bệnh|mất mỹ quan|người dân rất bức xúc",
        authority: "UBND xã|Công ty Môi trường đô thị|UBND huyện",
        general: false,
    },
    Kind {
        action: "di dời|đóng cửa|xử lý ô nhiễm|cải tạo",
        object: "bãi rác|khu xử lý rác|lò đốt rác|bãi chôn lấp rác",
        detail: "Đồng Ké|Nam Sơn|khu Gò Chè|thôn Hạ|Xuân Sơn|cạnh sông Tích|khu Đồng Sau|Bãi Sậy",
        issue: "quá tải, gây mùi hôi thối|nước rỉ rác chảy ra ruộng|khói đốt rác bay vào khu dân cư|không bảo đảm vệ sinh môi trường",
        effect: "ảnh hưởng nghiêm trọng sức khỏe người dân|nhiều hộ mắc bệnh hô hấp|nguồn nước giếng bị ô nhiễm|người dân nhiều lần chặn xe rác",
        authority: "UBND thành phố|Sở Tài nguyên và Môi trường|UBND huyện",
        general: false,
    },
    Kind {
        action: "đầu tư|mở rộng|sớm cung cấp|đẩy nhanh tiến độ lắp đặt",
        object: "hệ thống nước sạch|đường ống cấp nước sạch|nước sạch|mạng lưới cấp nước",
        detail: "về thôn Đông|cho khu dân cư Gò Mả|cho các hộ dân xóm Trại|cho khu tái định cư Đồng Mới|cho thôn Thượng|cho các hộ ven đê Tả Đáy|về xóm Bãi Sậy|cho khu Ao Cả",
        issue: "chưa có, người dân vẫn dùng nước giếng khoan|thường xuyên bị mất nước|có mùi, nhiều cặn bẩn|áp lực yếu, các hộ cuối nguồn không có nước",
        effect: "ảnh hưởng sức khỏe của nhân dân|sinh hoạt rất khó khăn|nhiều hộ phải mua nước bình|nguồn nước ngầm bị nhiễm asen",
        authority: "Công ty Nước sạch|UBND huyện|Sở Xây dựng",
        general: false,
    },
    Kind {
        action: "xử lý|chấn chỉnh|kiểm tra, xử lý|chấm dứt",
        object: "tình trạng hát karaoke gây ồn|tiếng ồn|hoạt động gây tiếng ồn|tình trạng gây ồn ào",
        detail: "của quán karaoke Hoàng Gia|tại quán Bia Hơi Tuấn|từ xưởng mộc ông Tâm|của cơ sở xay xát thôn Bắc|tại khu vui chơi ven hồ Đầm Trũng|từ công trường chung cư Sông Hồng|của quán nhậu Hải Sản Biển Đông|từ xưởng cơ khí ngõ 12",
        issue: "kéo dài đến nửa đêm|diễn ra thường xuyên|vượt quá mức cho phép|xảy ra nhiều tháng nay",
        effect: "ảnh hưởng giấc ngủ của người dân|người già, trẻ nhỏ không thể nghỉ ngơi|gây mất trật tự khu dân cư|học sinh không thể học bài",
        authority: "Công an xã|UBND xã|Công an huyện",
        general: false,
    },
    Kind {
        action: "có giải pháp chống|xử lý tình trạng|khắc phục|chống",
        object: "ngập úng|ngập lụt|úng ngập",
        detail: "khu dân cư thôn Hạ|đường Lê Lai|khu tập thể Cơ khí|trước cổng chợ Đầm|ngõ 35 phố Chợ|khu vực ga Văn Điển|khu đô thị Thanh Hà|cánh đồng Mả Lọ",
        issue: "kéo dài mỗi khi mưa lớn|ngập sâu nửa mét|xảy ra nhiều năm chưa được xử lý|ngày càng nghiêm trọng",
        effect: "nước tràn vào nhà dân|xe cộ không thể đi lại|hoa màu bị thiệt hại|người dân phải kê cao đồ đạc",
        authority: "UBND quận|Công ty Thoát nước|UBND huyện",
        general: false,
    },
    Kind {
        action: "gia cố|xây kè chống sạt lở|khắc phục sạt lở|xử lý sạt lở",
        object: "bờ sông|tuyến đê|đê|bờ kè",
        detail: "sông Đáy đoạn qua thôn Hạ|sông Hồng khu vực bãi Tự Nhiên|sông Tích đoạn cầu Mới|Tả Đáy đoạn xóm Trại|sông Nhuệ khu Đồng Sau|sông Cầu Bây|sông Đuống đoạn bến Đò Lo|sông Bùi đoạn Ao Cả",
        issue: "bị sạt lở nghiêm trọng|sạt lở ăn sâu vào đất ở|có nhiều vết nứt|bị sạt lở sau mùa mưa lũ",
        effect: "đe dọa nhà cửa của nhiều hộ dân|nguy cơ mất an toàn khi mùa lũ đến|đất canh tác bị mất dần|người dân sống trong lo âu",
        authority: "Sở Nông nghiệp và Phát triển nông thôn|Chi cục Thủy lợi|UBND huyện",
        general: false,
    },
    Kind {
        action: "xây mới|sửa chữa|gia cố|nâng cấp",
        object: "cầu|cây cầu|cầu dân sinh",
        detail: "Đồng Bến|Mới|qua kênh T3|Chợ Chiều|Gò Chè|treo bản Phố|tạm qua sông Tích|Đò Lo",
        issue: "đã xuống cấp, lan can bị gãy|yếu, chỉ cho xe dưới 3 tấn qua|mặt cầu bị thủng nhiều chỗ|quá hẹp, hai xe không tránh được nhau",
        effect: "học sinh qua lại rất nguy hiểm|xe chở nông sản không qua được|tiềm ẩn nguy cơ tai nạn|người dân phải đi vòng rất xa",
        authority: "Sở Giao thông vận tải|UBND huyện|Ban Quản lý dự án huyện",
        general: false,
    },
    Kind {
        action: "lắp đặt|bổ sung|xây dựng",
        object: "gờ giảm tốc|biển báo giao thông|đèn tín hiệu giao thông|gương cầu lồi",
        detail: "tại ngã ba chợ Chiều|trước cổng Trường Tiểu học Kim Đồng|tại nút giao tỉnh lộ 419 với đường vào thôn Đông|tại khúc cua đầu cầu Mới|tại ngã tư Phùng|trước Trạm y tế xã|tại điểm giao cắt đường sắt thôn Hạ|trên đoạn dốc đê Tả Đáy",
        issue: "chưa có|đã bị hỏng|bị che khuất",
        effect: "thường xuyên xảy ra tai nạn|xe chạy tốc độ cao rất nguy hiểm|học sinh tan trường rất dễ gặp tai nạn|tháng trước đã có người tử vong",
        authority: "Sở Giao thông vận tải|Ban An toàn giao thông huyện|UBND huyện",
        general: false,
    },
    Kind {
        action: "xử lý|ngăn chặn|kiểm tra, xử lý|cấm",
        object: "xe tải quá tải|xe chở vật liệu quá tải|xe ben chở đất|xe quá khổ, quá tải",
        detail: "chạy trên đường liên thôn Đông – Đoài|lưu thông qua cầu Đồng Bến|chạy qua khu dân cư Gò Mả|trên đê Tả Đáy|đi qua cổng Trường THCS Lê Quý Đôn|ra vào mỏ cát Vân Cốc|chở đất từ dự án Vành đai 4|trên tỉnh lộ 419",
        issue: "chạy suốt ngày đêm|làm hư hỏng mặt đường|rơi vãi đất cát, bụi mù mịt|chạy với tốc độ cao",
        effect: "đường mới làm đã xuống cấp|gây ô nhiễm và mất an toàn giao thông|nhà dân hai bên đường bị nứt|người dân rất bức xúc",
        authority: "Thanh tra giao thông|Công an huyện|UBND huyện",
        general: false,
    },
    Kind {
        action: "xử lý|lập lại trật tự|giải tỏa|chấn chỉnh",
        object: "tình trạng lấn chiếm vỉa hè|việc lấn chiếm vỉa hè, lòng đường|hàng quán lấn chiếm vỉa hè|tình trạng buôn bán lấn chiếm vỉa hè",
        detail: "trên phố Chợ|trước cổng chợ Đầm|dọc đường Lê Lai|khu vực ga Văn Điển|trên đường Nguyễn Trãi|tại ngã tư Phùng|trước cổng Bệnh viện huyện|dọc đường ven hồ Đầm Trũng",
        issue: "diễn ra tràn lan|kéo dài nhiều năm|tái diễn sau mỗi đợt ra quân",
        effect: "người đi bộ phải đi xuống lòng đường|gây ùn tắc giao thông|mất mỹ quan đô thị|rất dễ xảy ra tai nạn",
        authority: "UBND phường|Công an phường|UBND quận",
        general: false,
    },
    Kind {
        action: "xử lý|kiểm tra, xử lý|cưỡng chế|ngăn chặn",
        object: "công trình xây dựng trái phép|việc xây dựng không phép|công trình vi phạm trật tự xây dựng|nhà xây trái phép",
        detail: "trên đất nông nghiệp khu Đồng Sau|tại bãi sông Hồng khu Tự Nhiên|trên hành lang đê Tả Đáy|trên đất công khu Ao Cả|tại khu đất dịch vụ 10%|lấn chiếm kênh T3|trên đất lúa cánh đồng Mả Lọ|tại khu đất giáp nghĩa trang Gò Chè",
        issue: "vẫn tồn tại dù đã có quyết định xử lý|ngày càng nhiều|chưa được xử lý dứt điểm",
        effect: "gây bức xúc trong nhân dân|làm mất tính nghiêm minh của pháp luật|ảnh hưởng quy hoạch chung|vi phạm hành lang an toàn",
        authority: "UBND huyện|Thanh tra xây dựng|UBND xã",
        general: false,
    },
    Kind {
        action: "xử lý|di dời|kiểm tra, xử lý|yêu cầu khắc phục ô nhiễm của",
        object: "trang trại chăn nuôi lợn|cơ sở chăn nuôi|trại gà|trại lợn",
        detail: "của hộ ông Nguyễn Văn Hải thôn Đông|khu Đồng Sau|sát khu dân cư xóm Trại|cạnh Trường Mầm non Hoa Sen|khu Bãi Sậy|ven sông Tích|thôn Thượng|khu Gò Chè",
        issue: "xả thải trực tiếp ra môi trường|gây mùi hôi thối nồng nặc|để nước thải chảy ra kênh tưới",
        effect: "ảnh hưởng sức khỏe người dân|ruồi muỗi phát sinh nhiều|nguồn nước bị ô nhiễm|người dân không thể sinh hoạt bình thường",
        authority: "UBND xã|Phòng Tài nguyên và Môi trường|UBND huyện",
        general: false,
    },
    Kind {
        action: "kiểm tra, xử lý|xử lý|yêu cầu khắc phục ô nhiễm tại|di dời",
        object: "nhà máy|cơ sở sản xuất|xưởng|doanh nghiệp",
        detail: "gạch tuynel Đồng Quang|tái chế nhựa thôn Hạ|sản xuất bê tông Vân Cốc|luyện thép khu công nghiệp Phú Nghĩa|giặt mài quần bò xóm Trại|chế biến gỗ Gò Chè|sản xuất giấy ven sông Đáy|đúc đồng thôn Bắc",
        issue: "xả khói bụi, gây ô nhiễm|xả nước thải chưa qua xử lý|gây tiếng ồn và bụi|thải khí có mùi khét",
        effect: "ảnh hưởng nghiêm trọng sức khỏe người dân|cây trồng bị chết|nhiều người mắc bệnh về hô hấp|môi trường sống bị hủy hoại",
        authority: "Sở Tài nguyên và Môi trường|UBND huyện|Cảnh sát môi trường",
        general: false,
    },
    Kind {
        action: "nâng cấp|cải tạo|bổ sung|sửa chữa",
        object: "lưới điện|trạm biến áp|đường dây điện|hệ thống điện",
        detail: "thôn Đông|khu tái định cư Đồng Mới|xóm Trại|khu Bãi Sậy|thôn Thượng|khu Gò Mả|khu dân cư ven đê Tả Đáy|xóm Ao Cả",
        issue: "yếu, thường xuyên mất điện|quá tải vào mùa hè|có cột nghiêng, dây điện võng thấp|cũ nát, chắp vá",
        effect: "ảnh hưởng sinh hoạt và sản xuất|thiết bị điện trong gia đình bị hỏng|nguy cơ mất an toàn điện|nhiều hộ không dùng được máy bơm",
        authority: "Công ty Điện lực|Điện lực huyện|UBND huyện",
        general: false,
    },
    Kind {
        action: "xây mới|sửa chữa|nâng cấp|cải tạo",
        object: "nhà văn hóa|hội trường|nhà sinh hoạt cộng đồng",
        detail: "thôn Đông|tổ dân phố số 5|xóm Trại|thôn Thượng|khu tái định cư Đồng Mới|thôn Bắc|khu Gò Mả|xóm Bãi Sậy",
        issue: "đã xuống cấp, mái dột|quá chật, không đủ chỗ|chưa có, phải họp nhờ nhà dân",
        effect: "không có nơi sinh hoạt, hội họp|các đoàn thể không có chỗ hoạt động|ảnh hưởng phong trào văn hóa, văn nghệ",
        authority: "UBND xã|UBND huyện|Phòng Văn hóa và Thông tin",
        general: false,
    },
    Kind {
        action: "quy hoạch|mở rộng|cải tạo|quản lý chặt chẽ",
        object: "nghĩa trang|khu nghĩa địa|nghĩa trang nhân dân",
        detail: "Gò Chè|Đồng Ké|thôn Hạ|Mả Lọ|Bãi Sậy|xóm Trại|Đồng Sau|Gò Mả",
        issue: "đã hết đất|nằm sát khu dân cư|không có quy hoạch, chôn cất lộn xộn",
        effect: "người dân không có chỗ an táng|gây ô nhiễm nguồn nước|mất vệ sinh môi trường",
        authority: "UBND huyện|UBND xã|Sở Xây dựng",
        general: false,
    },
    Kind {
        action: "cải tạo|xây mới|nâng cấp|sửa chữa",
        object: "chợ|nhà chợ|khu chợ",
        detail: "Chiều|Đầm|Mới|Phùng|Gạch|Cầu|Đình|Bến",
        issue: "xuống cấp, mái tôn thủng|lầy lội khi mưa|quá chật, các hộ kinh doanh tràn ra đường",
        effect: "ảnh hưởng việc buôn bán của tiểu thương|không bảo đảm phòng cháy chữa cháy|mất vệ sinh an toàn thực phẩm",
        authority: "UBND xã|UBND huyện|Ban Quản lý chợ",
        general: false,
    },
    Kind {
        action: "xem xét giải quyết|giải quyết|rà soát|công nhận",
        object: "chế độ|chính sách|trợ cấp",
        detail: "cho người có công với cách mạng|cho thanh niên xung phong|cho người bị nhiễm chất độc da cam|cho cán bộ không chuyên trách thôn|cho người cao tuổi từ 75 tuổi|cho hộ cận nghèo|cho bệnh binh|cho dân quân tự vệ",
        issue: "chưa được hưởng|bị cắt mà không rõ lý do|đã nộp hồ sơ lâu nhưng chưa có kết quả|có mức hỗ trợ quá thấp",
        effect: "đời sống nhiều gia đình khó khăn|gây thiệt thòi cho các đối tượng|người dân đi lại nhiều lần",
        authority: "Sở Lao động – Thương binh và Xã hội|UBND huyện|Phòng Lao động – Thương binh và Xã hội",
        general: true,
    },
    Kind {
        action: "giải quyết|điều chỉnh|bảo đảm|cải cách thủ tục",
        object: "thẻ bảo hiểm y tế|quyền lợi bảo hiểm y tế|thủ tục khám bảo hiểm y tế",
        detail: "cho học sinh|cho người dân tộc thiểu số|cho hộ gia đình làm nông|tại Bệnh viện huyện|cho người cao tuổi|khi chuyển tuyến|tại Trạm y tế xã|cho hộ cận nghèo",
        issue: "còn nhiều bất cập|chậm được cấp|bị từ chối thanh toán|rườm rà, mất nhiều thời gian",
        effect: "người bệnh phải tự chi trả|gây phiền hà cho người dân|ảnh hưởng quyền lợi người tham gia bảo hiểm",
        authority: "Bảo hiểm xã hội huyện|Sở Y tế|Bảo hiểm xã hội tỉnh",
        general: true,
    },
    Kind {
        action: "xử lý|thu hồi|đẩy nhanh tiến độ|công khai thông tin",
        object: "dự án treo|dự án chậm triển khai|dự án",
        detail: "khu đô thị Thanh Hà|khu nhà ở Đồng Mới|cụm công nghiệp Đồng Quang|sân golf Vân Cốc|khu du lịch sinh thái Đầm Trũng|trung tâm thương mại Phùng|khu tái định cư Gò Mả|chợ đầu mối nông sản",
        issue: "bỏ hoang nhiều năm|chậm tiến độ hơn 10 năm|đã thu hồi đất nhưng không triển khai",
        effect: "đất đai bỏ hoang, lãng phí|người dân mất đất sản xuất|cỏ mọc um tùm, thành nơi tụ tập tệ nạn",
        authority: "UBND tỉnh|Sở Kế hoạch và Đầu tư|UBND huyện",
        general: false,
    },
    Kind {
        action: "xử lý|ngăn chặn|chấm dứt|kiểm tra, xử lý",
        object: "tình trạng khai thác cát trái phép|hoạt động hút cát trái phép|tàu hút cát|việc khai thác cát",
        detail: "trên sông Hồng đoạn bãi Tự Nhiên|trên sông Đáy đoạn qua thôn Hạ|tại bến Đò Lo|trên sông Đuống|tại bãi Vân Cốc|trên sông Tích|khu vực cầu Đồng Bến|tại bãi bồi xóm Trại",
        issue: "diễn ra ban đêm|tái diễn nhiều lần|diễn ra công khai",
        effect: "gây sạt lở bờ sông|đe dọa an toàn đê điều|mất đất canh tác ven sông",
        authority: "Công an huyện|UBND huyện|Sở Tài nguyên và Môi trường",
        general: false,
    },
    Kind {
        action: "tăng cường tuần tra|xử lý|ngăn chặn|lắp camera phòng chống",
        object: "tình trạng trộm cắp|trộm cắp tài sản|nạn trộm cắp|các vụ trộm cắp",
        detail: "tại thôn Đông|khu tái định cư Đồng Mới|trong khu tập thể Cơ khí|ở xóm Trại|tại chợ Chiều|quanh khu công nghiệp Phú Nghĩa|ở thôn Thượng|tại khu Gò Mả",
        issue: "diễn ra thường xuyên|ngày càng phức tạp|xảy ra nhiều vụ trong thời gian gần đây",
        effect: "người dân rất lo lắng|gây mất an ninh trật tự|tài sản của nhân dân bị thiệt hại",
        authority: "Công an huyện|Công an xã|UBND xã",
        general: false,
    },
    Kind {
        action: "lắp đặt|bổ sung|nâng cấp",
        object: "trạm phát sóng điện thoại|trạm BTS|sóng di động|hạ tầng viễn thông",
        detail: "thôn Thượng|xóm Bãi Sậy|khu Gò Chè|bản Phố|khu Đồng Sau|xóm Ao Cả|thôn Hạ|khu tái định cư Đồng Mới",
        issue: "sóng yếu, thường xuyên mất sóng|chưa phủ sóng|không vào được mạng internet",
        effect: "học sinh không học trực tuyến được|liên lạc rất khó khăn|ảnh hưởng chuyển đổi số",
        authority: "Sở Thông tin và Truyền thông|Viettel|VNPT",
        general: false,
    },
    Kind {
        action: "xây dựng|bố trí|dành quỹ đất xây dựng",
        object: "sân chơi cho trẻ em|khu vui chơi thiếu nhi|sân thể thao|điểm vui chơi",
        detail: "tại khu tái định cư Đồng Mới|ở thôn Đông|tại khu đô thị Thanh Hà|ở tổ dân phố số 5|cạnh nhà văn hóa thôn Bắc|tại khu đất trống Ao Cả|ở xóm Trại|tại khu tập thể Cơ khí",
        issue: "chưa có|đã bị chiếm làm bãi xe|thiếu, trẻ em phải chơi dưới lòng đường",
        effect: "trẻ em không có chỗ vui chơi|nguy cơ đuối nước vào mùa hè|trẻ chơi ở lòng đường rất nguy hiểm",
        authority: "UBND phường|UBND quận|UBND xã",
        general: false,
    },
    Kind {
        action: "cắt tỉa|chặt hạ|thay thế|kiểm tra",
        object: "cây xanh|cây cổ thụ|hàng cây",
        detail: "trên đường Lê Lai|trong sân Trường Tiểu học Kim Đồng|dọc phố Chợ|trước cổng chợ Đầm|ở ngõ 35 phố Chợ|trên đường Nguyễn Trãi|trong khu tập thể Cơ khí|ven hồ Đầm Trũng",
        issue: "mục ruỗng, có nguy cơ gãy đổ|vươn cành vào đường dây điện|bị nghiêng sau bão",
        effect: "rất nguy hiểm khi mưa bão|đã có cành rơi trúng người đi đường|người dân đi qua rất lo sợ",
        authority: "Công ty Công viên cây xanh|UBND phường|UBND quận",
        general: false,
    },
    Kind {
        action: "xử lý|tuyên truyền chấm dứt|ngăn chặn|có biện pháp xử lý",
        object: "tình trạng đốt rơm rạ|việc đốt rơm rạ sau thu hoạch|khói đốt rơm rạ|đốt rác, rơm rạ",
        detail: "trên cánh đồng Mả Lọ|ở khu Đồng Sau|dọc đê Tả Đáy|tại xứ đồng Cửa Đình|cạnh khu đô thị Thanh Hà|gần đường cao tốc Pháp Vân|ở khu Bãi Sậy|gần Trường Tiểu học Kim Đồng",
        issue: "diễn ra mỗi mùa gặt|gây khói mù mịt|vẫn tiếp diễn",
        effect: "ảnh hưởng sức khỏe người dân|che khuất tầm nhìn, gây tai nạn giao thông|gây ô nhiễm không khí",
        authority: "UBND xã|Phòng Nông nghiệp|UBND huyện",
        general: false,
    },
    Kind {
        action: "cải tạo|nạo vét|xử lý ô nhiễm|kè bờ",
        object: "ao|hồ|đầm",
        detail: "Đầm Trũng|Ao Cả|làng thôn Hạ|Đình thôn Bắc|xóm Trại|Giải Phóng|Văn Quán|sau chợ Đầm",
        issue: "bị ô nhiễm nặng, nước đen kịt|bị lấp dần, rác thải tràn lan|có cá chết hàng loạt|bốc mùi hôi thối",
        effect: "ảnh hưởng sức khỏe người dân xung quanh|mất mỹ quan|ruồi muỗi phát sinh",
        authority: "UBND phường|UBND quận|Sở Tài nguyên và Môi trường",
        general: false,
    },
    Kind {
        action: "cải cách|rút ngắn thời gian giải quyết|công khai|đơn giản hóa",
        object: "thủ tục hành chính|thủ tục|quy trình",
        detail: "cấp phép xây dựng|đăng ký khai sinh, hộ tịch|chứng thực tại bộ phận một cửa|chuyển mục đích sử dụng đất|tách thửa đất|đăng ký kinh doanh hộ gia đình|cấp đổi căn cước|đăng ký thường trú",
        issue: "còn rườm rà, phải đi lại nhiều lần|trễ hẹn nhiều|thiếu công khai, minh bạch",
        effect: "gây phiền hà cho người dân và doanh nghiệp|mất nhiều thời gian, công sức|tạo cơ hội cho tiêu cực",
        authority: "UBND huyện|UBND xã|Sở Nội vụ",
        general: true,
    },
    Kind {
        action: "mở|bố trí|tăng chuyến|điều chỉnh lộ trình",
        object: "tuyến xe buýt|xe buýt|tuyến buýt",
        detail: "đi qua thôn Đông|nối khu tái định cư Đồng Mới với trung tâm|về trung tâm huyện|qua Bệnh viện huyện|đến khu công nghiệp Phú Nghĩa|qua ga Văn Điển|đến Trường THPT Chúc Động|dọc tỉnh lộ 419",
        issue: "chưa có|quá ít chuyến|bị cắt giảm",
        effect: "người dân, học sinh đi lại khó khăn|công nhân phải đi xe ôm tốn kém|người già không có phương tiện đi khám bệnh",
        authority: "Sở Giao thông vận tải|Trung tâm Quản lý giao thông công cộng|UBND huyện",
        general: false,
    },
    Kind {
        action: "hỗ trợ|có chính sách hỗ trợ|hỗ trợ kịp thời",
        object: "các hộ chăn nuôi|bà con nông dân|các hộ sản xuất",
        detail: "có lợn mắc dịch tả châu Phi|có lúa bị sâu cuốn lá|trồng bưởi Diễn ở vùng trũng|nuôi cá lồng trên sông Đáy|trồng rau an toàn Vân Nội|trồng hoa đào Nhật Tân|nuôi gà đồi|trồng nhãn chín muộn",
        issue: "bị thiệt hại nặng nề|chưa nhận được hỗ trợ|được hỗ trợ mức còn thấp",
        effect: "đời sống gặp nhiều khó khăn|không có vốn tái sản xuất|nhiều hộ phải vay nợ",
        authority: "Sở Nông nghiệp và Phát triển nông thôn|UBND huyện|Phòng Kinh tế",
        general: true,
    },
    Kind {
        action: "kiểm tra|tăng cường kiểm tra|xử lý vi phạm|siết chặt quản lý",
        object: "an toàn thực phẩm|vệ sinh an toàn thực phẩm|bếp ăn",
        detail: "tại các quán ăn trước cổng Trường THCS Lê Quý Đôn|tại chợ Chiều|ở các cơ sở giết mổ gia súc thôn Hạ|tại bếp ăn tập thể khu công nghiệp Phú Nghĩa|của các cơ sở làm bún xóm Trại|tại các bếp ăn bán trú Trường Mầm non Hoa Sen|tại khu chợ Đầm|ở các cơ sở sản xuất giò chả thôn Bắc",
        issue: "chưa được bảo đảm|còn nhiều vi phạm|không được kiểm soát",
        effect: "có nguy cơ ngộ độc thực phẩm|ảnh hưởng sức khỏe người tiêu dùng|phụ huynh rất lo lắng",
        authority: "Sở Y tế|Chi cục An toàn vệ sinh thực phẩm|UBND huyện",
        general: false,
    },
];

/// Communes and wards; the first 30 are wards (phường).
const COMMUNES: &[&str] = &[
    "Quang Trung",
    "Nguyễn Trãi",
    "Phúc La",
    "Vạn Phúc",
    "Yết Kiêu",
    "Hà Cầu",
    "Văn Quán",
    "Mộ Lao",
    "La Khê",
    "Dương Nội",
    "Yên Nghĩa",
    "Kiến Hưng",
    "Phú Lãm",
    "Phú Lương",
    "Đồng Mai",
    "Biên Giang",
    "Mỹ Đình",
    "Mễ Trì",
    "Trung Văn",
    "Đại Mỗ",
    "Tây Mỗ",
    "Xuân Phương",
    "Phú Diễn",
    "Cổ Nhuế",
    "Xuân Đỉnh",
    "Đông Ngạc",
    "Thượng Cát",
    "Tây Tựu",
    "Liên Mạc",
    "Minh Khai",
    "Tân Lập",
    "Phú Minh",
    "An Khánh",
    "Vân Canh",
    "Kim Chung",
    "Đại Mạch",
    "Thụy Lâm",
    "Liên Hà",
    "Việt Hùng",
    "Uy Nỗ",
    "Cổ Loa",
    "Xuân Nộn",
    "Nam Hồng",
    "Bắc Hồng",
    "Vĩnh Ngọc",
    "Hải Bối",
    "Tiên Dương",
    "Dục Tú",
    "Mai Lâm",
    "Đông Hội",
    "Xuân Canh",
    "Võng La",
    "Nguyên Khê",
    "Cự Khê",
    "Bích Hòa",
    "Thanh Thùy",
    "Tam Hưng",
    "Mỹ Hưng",
    "Kim An",
    "Đỗ Động",
    "Dân Hòa",
    "Tân Ước",
    "Liên Châu",
    "Phương Trung",
    "Thanh Cao",
    "Cao Viên",
    "Bình Minh",
    "Tam Hiệp",
    "Ngọc Hồi",
    "Vĩnh Quỳnh",
    "Tả Thanh Oai",
    "Hữu Hòa",
    "Đông Mỹ",
    "Liên Ninh",
    "Yên Mỹ",
    "Duyên Hà",
    "Tứ Hiệp",
    "Ninh Hiệp",
    "Phù Đổng",
    "Trung Mầu",
    "Lệ Chi",
    "Kim Sơn",
    "Phú Thị",
    "Dương Quang",
    "Đặng Xá",
    "Kiêu Kỵ",
    "Bát Tràng",
    "Đa Tốn",
    "Văn Đức",
    "Đông Dư",
    "Cổ Bi",
    "Dương Xá",
    "Yên Thường",
    "Yên Viên",
    "Đình Xuyên",
    "Phù Lỗ",
    "Phú Cường",
    "Mai Đình",
    "Thanh Xuân",
    "Nam Sơn",
    "Bắc Sơn",
    "Hồng Kỳ",
    "Minh Phú",
    "Minh Trí",
    "Hiền Ninh",
    "Quang Tiến",
    "Tân Minh",
    "Trung Giã",
    "Bắc Phú",
    "Xuân Giang",
    "Tiên Dược",
    "Đông Xuân",
    "Sài Sơn",
    "Phượng Cách",
    "Ngọc Liệp",
    "Đồng Quang",
    "Cấn Hữu",
    "Liệp Tuyết",
    "Tuyết Nghĩa",
    "Cộng Hòa",
    "Nghĩa Hương",
    "Phùng Xá",
    "Hương Ngải",
    "Thạch Xá",
    "Bình Yên",
    "Hạ Bằng",
    "Tân Xã",
    "Đồng Trúc",
    "Phú Kim",
    "Canh Nậu",
    "Dị Nậu",
    "Hữu Bằng",
    "Chàng Sơn",
    "Kim Quan",
    "Vạn Thắng",
    "Phú Sơn",
    "Cẩm Lĩnh",
    "Thụy An",
    "Tòng Bạt",
    "Vân Hòa",
    "Yên Bài",
    "Ba Trại",
    "Minh Quang",
    "Khánh Thượng",
    "Đông Quang",
    "Sơn Đà",
    "Tản Lĩnh",
    "Thái Hòa",
    "Châu Sơn",
];

const REQUEST: &[&str] = &[
    "Đề nghị",
    "Kiến nghị",
    "Đề nghị xem xét",
    "Yêu cầu",
    "Cử tri đề nghị",
    "Đề xuất",
    "Đề nghị sớm",
];
const PREFIX: &[&str] = &[
    "Cử tri {place} phản ánh",
    "Cử tri phản ánh",
    "Nhân dân {place} phản ánh:",
    "Nhiều hộ dân cho biết",
    "Tại buổi tiếp xúc cử tri, nhiều ý kiến phản ánh",
    "Theo phản ánh của cử tri,",
];
const EXTRA: &[&str] = &[
    "Cử tri đã nhiều lần kiến nghị nhưng chưa được giải quyết.",
    "Đề nghị các cơ quan chức năng sớm vào cuộc.",
    "Mong được trả lời bằng văn bản.",
    "Việc này đã được nêu tại kỳ họp trước.",
    "Đề nghị có lộ trình và thời gian thực hiện cụ thể.",
    "Cử tri mong sớm nhận được câu trả lời.",
    "Đây là vấn đề bức xúc kéo dài nhiều năm.",
    "Đề nghị công khai kết quả giải quyết để nhân dân được biết.",
];

fn split(field: &'static str) -> Vec<&'static str> {
    field.split('|').collect()
}

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

/// A matter: what every petition of one true cluster is about.
#[derive(Clone, Copy)]
struct Matter {
    kind: usize,
    commune: usize,
    detail: usize,
    /// The issue and effect most of its petitions mention.
    issue: usize,
    effect: usize,
}

/// One petition with its true matter.
struct Petition {
    id: i64,
    matter: u32,
    /// A policy matter (the same wherever raised).
    policy: bool,
    /// The unit the petition was received from, as the portal records it ("" if unknown).
    unit: String,
    title: String,
    body: String,
}

impl Petition {
    /// What the portal passes to `Dedup::add`: title and body, and with `unit` where the
    /// petition was received, the way meeting minutes put it ("Cử tri xã X."), so a text
    /// that never names its place still has one (as a name, not as a requirement).
    fn text(&self, unit: bool) -> String {
        if unit && !self.unit.is_empty() {
            format!("{}. {} Cử tri {}.", self.title, self.body, self.unit)
        } else {
            format!("{}. {}", self.title, self.body)
        }
    }
}

/// Parsed vocabulary of one kind.
struct Vocab {
    action: Vec<&'static str>,
    object: Vec<&'static str>,
    detail: Vec<&'static str>,
    issue: Vec<&'static str>,
    effect: Vec<&'static str>,
    authority: Vec<&'static str>,
}

fn vocab() -> Vec<Vocab> {
    KINDS
        .iter()
        .map(|k| Vocab {
            action: split(k.action),
            object: split(k.object),
            detail: split(k.detail),
            issue: split(k.issue),
            effect: split(k.effect),
            authority: split(k.authority),
        })
        .collect()
}

fn commune_name(i: usize) -> String {
    let unit = if i < 30 { "phường" } else { "xã" };
    format!("{unit} {}", COMMUNES[i])
}

/// Cluster sizes: 55 % once, 30 % 2–5, 12 % 6–19, 3 % 20–200 (log-uniform).
fn cluster_size(rng: &mut Rng) -> usize {
    let u = rng.below(100);
    if u < 55 {
        1
    } else if u < 85 {
        rng.between(2, 5)
    } else if u < 97 {
        rng.between(6, 19)
    } else {
        let x = rng.below(1_000_000) as f64 / 1_000_000.0;
        (20.0 * 10f64.powf(x)).round() as usize
    }
}

fn generate(count: usize, seed: u64) -> anyhow::Result<Vec<Petition>> {
    let vocab = vocab();
    let mut rng = Rng::new(seed);
    // Every (kind, commune, detail), shuffled: matters are drawn without repetition.
    let mut combos: Vec<(usize, usize, usize)> = Vec::new();
    for (k, v) in vocab.iter().enumerate() {
        // A policy matter is one per detail, raised from any commune.
        let communes = if KINDS[k].general { 1 } else { COMMUNES.len() };
        for c in 0..communes {
            for d in 0..v.detail.len() {
                combos.push((k, c, d));
            }
        }
    }
    shuffle(&mut rng, &mut combos);
    let mut petitions = Vec::with_capacity(count);
    let mut matter_id = 0u32;
    while petitions.len() < count {
        let Some(&(kind, commune, detail)) = combos.get(matter_id as usize) else {
            bail!(
                "{count} petitions need more matters than the {} combinations",
                combos.len()
            );
        };
        let v = &vocab[kind];
        let matter = Matter {
            kind,
            commune,
            detail,
            issue: rng.below(v.issue.len()),
            effect: rng.below(v.effect.len()),
        };
        let size = cluster_size(&mut rng).min(count - petitions.len());
        for _ in 0..size {
            let (title, body, unit) = write_petition(&mut rng, &vocab, &matter);
            petitions.push(Petition {
                id: 0,
                matter: matter_id,
                policy: KINDS[kind].general,
                unit,
                title,
                body,
            });
        }
        matter_id += 1;
    }
    shuffle(&mut rng, &mut petitions);
    for (i, p) in petitions.iter_mut().enumerate() {
        p.id = i as i64 + 1;
    }
    Ok(petitions)
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// One petition about `m`, written the way one voter or one meeting's minutes would.
fn write_petition(rng: &mut Rng, vocab: &[Vocab], m: &Matter) -> (String, String, String) {
    let v = &vocab[m.kind];
    let action = pick(rng, &v.action);
    let object = pick(rng, &v.object);
    let detail = v.detail[m.detail];
    // Most petitions of a matter describe the same problem; some another aspect of it.
    let issue = if rng.below(100) < 60 {
        v.issue[m.issue]
    } else {
        pick(rng, &v.issue)
    };
    let effect = if rng.below(100) < 60 {
        v.effect[m.effect]
    } else {
        pick(rng, &v.effect)
    };
    let authority = pick(rng, &v.authority);
    // A policy petition names the commune it came from, if any; a local one its matter's.
    let general = KINDS[m.kind].general;
    let c = if general {
        rng.below(COMMUNES.len())
    } else {
        m.commune
    };
    let commune = commune_name(c);
    let bare = COMMUNES[c];
    // One local petition in ten never names its commune (it was raised at that commune's
    // meeting); most policy petitions do not.
    let named = rng.below(100) >= if general { 60 } else { 10 };
    let place = |rng: &mut Rng| -> String {
        if !named {
            return String::new();
        }
        match rng.below(5) {
            0 => format!("tại {commune}"),
            1 => format!("thuộc {commune}"),
            2 => format!("ở {bare}"),
            3 => bare.to_owned(),
            _ => commune.clone(),
        }
    };
    let req = pick(rng, REQUEST);
    let title = match rng.below(5) {
        0 => format!("{req} {action} {object} {detail} {}", place(rng)),
        1 => format!("{} {detail}, {} {issue}", upper(object), place(rng)),
        2 => format!("Về việc {action} {object} {detail}"),
        3 => format!(
            "{req} {authority} {action} {object} {detail} {}",
            place(rng)
        ),
        _ => format!("Kiến nghị về {object} {detail} {}", place(rng)),
    };
    let prefix = pick(rng, PREFIX).replace("{place}", &place(rng));
    let req = pick(rng, REQUEST);
    let mut body = match rng.below(4) {
        0 => format!(
            "{prefix} {object} {detail} {} {issue}, {effect}. {req} {authority} {action} {object} này.",
            place(rng)
        ),
        1 => format!(
            "{req} {action} {object} {detail} {} vì {issue}, {effect}.",
            place(rng)
        ),
        2 => format!(
            "Hiện nay, {object} {detail} {} {issue}. Việc này {effect}. {req} {action}.",
            place(rng)
        ),
        _ => format!(
            "{prefix} thời gian qua {object} {detail} {issue}; {effect}. Cử tri đề nghị {authority} sớm {action} {object} {detail} {}.",
            place(rng)
        ),
    };
    for _ in 0..[0, 0, 0, 1, 1, 2][rng.below(6)] {
        body.push(' ');
        body.push_str(pick(rng, EXTRA));
    }
    let mut title = tidy(&title);
    let mut body = tidy(&body);
    // How people type: without accents, all lower case, no punctuation, typos.
    if rng.below(100) < 15 {
        title = strip_accents(&title);
        body = strip_accents(&body);
    }
    if rng.below(100) < 8 {
        title = title.to_lowercase();
        body = body.to_lowercase();
    }
    if rng.below(100) < 5 {
        title = title.to_uppercase();
    }
    if rng.below(100) < 20 {
        body = body.replace([',', ';', ':'], "");
    }
    for _ in 0..[0, 0, 0, 0, 0, 0, 1, 1, 1, 2][rng.below(10)] {
        if rng.below(4) == 0 {
            title = typo(rng, &title);
        } else {
            body = typo(rng, &body);
        }
    }
    (title, body, commune_name(c))
}

/// Collapses the spaces left by empty places and before punctuation.
fn tidy(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(" ;", ";")
        .replace(" :", ":")
        .replace(",,", ",")
}

fn upper(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Drops accents but keeps case, as typed on a keyboard without a Vietnamese input method.
fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| {
            let f = vntext::fold(&c.to_string());
            if c.is_uppercase() {
                f.to_uppercase()
            } else {
                f
            }
        })
        .collect()
}

/// One typo in a random word of three letters or more: a letter dropped, doubled, swapped
/// with its neighbour or replaced by a neighbouring key.
fn typo(rng: &mut Rng, s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    if long.is_empty() {
        return s.to_owned();
    }
    let w = long[rng.below(long.len())];
    let mut chars: Vec<char> = words[w].chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    let i = letters[rng.below(letters.len())];
    match rng.below(4) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        2 if i + 1 < chars.len() && chars[i + 1].is_alphabetic() => chars.swap(i, i + 1),
        _ => {
            const KEYS: &str = "qwertyuiopasdfghjklzxcvbnm";
            let k: Vec<char> = KEYS.chars().collect();
            chars[i] = k[rng.below(k.len())];
        }
    }
    let typed: String = chars.into_iter().collect();
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    out[w] = typed;
    out.join(" ")
}

// ---- Hand-written sample ---------------------------------------------------------------

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("dedup/sample.tsv")
}

/// `bench/dedup/sample.tsv`: `id`, `matter`, `title`, `body`, tab-separated; `#` comments.
fn load_sample(path: &Path) -> anyhow::Result<Vec<Petition>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut matters: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [id, matter, title, body] = f[..] else {
            bail!(
                "{}:{}: expected 4 tab-separated fields",
                path.display(),
                n + 1
            );
        };
        let next = matters.len() as u32;
        out.push(Petition {
            id: id
                .parse()
                .with_context(|| format!("{}:{}", path.display(), n + 1))?,
            matter: *matters.entry(matter.to_owned()).or_insert(next),
            policy: false,
            unit: String::new(),
            title: title.to_owned(),
            body: body.to_owned(),
        });
    }
    Ok(out)
}

/// Copies per hand-written petition in the expanded sample (the original is kept too).
const EXPANSION: usize = 4;

/// The hand-written sample with [`EXPANSION`] noisy copies of each petition, labelled as
/// their original (see the module documentation).
fn expand(sample: &[Petition], seed: u64) -> Vec<Petition> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(sample.len() * (EXPANSION + 1));
    for p in sample {
        out.push(Petition {
            id: 0,
            matter: p.matter,
            policy: p.policy,
            unit: p.unit.clone(),
            title: p.title.clone(),
            body: p.body.clone(),
        });
        for _ in 0..EXPANSION {
            let (mut title, mut body) = (p.title.clone(), p.body.clone());
            if rng.below(100) < 30 {
                body = format!("{} {body}", pick(&mut rng, REQUEST));
            }
            if rng.below(100) < 40 {
                body.push(' ');
                body.push_str(pick(&mut rng, EXTRA));
            }
            if rng.below(100) < 25 {
                title = strip_accents(&title);
                body = strip_accents(&body);
            }
            if rng.below(100) < 15 {
                title = title.to_lowercase();
                body = body.to_lowercase();
            }
            if rng.below(100) < 25 {
                body = body.replace([',', ';', ':'], "");
            }
            for _ in 0..rng.below(3) {
                if rng.below(4) == 0 {
                    title = typo(&mut rng, &title);
                } else {
                    body = typo(&mut rng, &body);
                }
            }
            out.push(Petition {
                id: 0,
                matter: p.matter,
                policy: p.policy,
                unit: p.unit.clone(),
                title,
                body,
            });
        }
    }
    shuffle(&mut rng, &mut out);
    for (i, p) in out.iter_mut().enumerate() {
        p.id = i as i64 + 1;
    }
    out
}

// ---- Measures ------------------------------------------------------------------------

/// Pairwise and per-item (B-cubed) quality of predicted groups against true matters.
#[derive(Clone, Copy, Default)]
struct Quality {
    precision: f64,
    recall: f64,
    bcubed_precision: f64,
    bcubed_recall: f64,
    /// Predicted groups of two or more.
    groups: usize,
    /// Items in those groups.
    grouped: usize,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// From cluster-size combinatorics: a pair is predicted if both items share a group, true
/// if they share a matter, and correct if both.
fn quality(petitions: &[Petition], groups: &[Vec<i64>]) -> Quality {
    let mut group_of: HashMap<i64, usize> = HashMap::new();
    for (g, ids) in groups.iter().enumerate() {
        for &id in ids {
            group_of.insert(id, g);
        }
    }
    let mut true_size: HashMap<u32, u64> = HashMap::new();
    let mut cell: HashMap<(usize, u32), u64> = HashMap::new();
    let mut pred_size: HashMap<usize, u64> = HashMap::new();
    for (i, p) in petitions.iter().enumerate() {
        *true_size.entry(p.matter).or_default() += 1;
        // Ungrouped items are groups of their own.
        let g = group_of.get(&p.id).copied().unwrap_or(groups.len() + i);
        *pred_size.entry(g).or_default() += 1;
        *cell.entry((g, p.matter)).or_default() += 1;
    }
    let correct: u64 = cell.values().map(|&n| pairs(n)).sum();
    let predicted: u64 = pred_size.values().map(|&n| pairs(n)).sum();
    let actual: u64 = true_size.values().map(|&n| pairs(n)).sum();
    let n = petitions.len().max(1) as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(g, m), &c) in &cell {
        let c = c as f64;
        bp += c * c / pred_size[&g] as f64;
        br += c * c / true_size[&m] as f64;
    }
    Quality {
        precision: if predicted == 0 {
            1.0
        } else {
            correct as f64 / predicted as f64
        },
        recall: if actual == 0 {
            1.0
        } else {
            correct as f64 / actual as f64
        },
        bcubed_precision: bp / n,
        bcubed_recall: br / n,
        groups: groups.len(),
        grouped: groups.iter().map(Vec::len).sum(),
    }
}

/// What a naive system does: petitions with the same folded title (punctuation and spaces
/// normalised) are one group.
fn by_title(petitions: &[Petition]) -> Vec<Vec<i64>> {
    let mut map: HashMap<String, Vec<i64>> = HashMap::new();
    for p in petitions {
        let key = vntext::fold(&p.title)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        map.entry(key).or_default().push(p.id);
    }
    map.into_values().filter(|g| g.len() > 1).collect()
}

struct Run {
    quality: Quality,
    /// Shingling every text (`Dedup::extend`).
    add: Duration,
    /// Weights, signatures and bands (built by the first look-up: what the portal's
    /// per-process index pays once after petitions change).
    build: Duration,
    /// Candidate pairs, exact similarities and clustering.
    groups: Duration,
    /// After the groups, one petition edited (its id added again with another text) and the
    /// next look-up: what the office's next page pays after a petition changes (the edit
    /// joins the built index in place in a large collection).
    edit: Duration,
    /// CPU time of the process over the three, in seconds: with other builds on the machine,
    /// wall time depends on the load; this does less.
    cpu: f64,
}

fn run_dedup(petitions: &[Petition], params: Params, exhaustive: bool) -> Run {
    // As the portal does: title, body and the unit the petition was received from.
    let items: Vec<(i64, String)> = petitions.iter().map(|p| (p.id, p.text(true))).collect();
    let cpu = system::cpu_seconds();
    let t = Instant::now();
    let mut dedup = Dedup::new(params);
    dedup.extend(&items);
    let add = t.elapsed();
    let t = Instant::now();
    // Any look-up builds the index; a text of no content words looks nothing up.
    let _ = dedup.similar("index", 1);
    let build = t.elapsed();
    let t = Instant::now();
    let groups = if exhaustive {
        dedup.groups_exhaustive()
    } else {
        dedup.groups()
    };
    let groups_time = t.elapsed();
    let cpu = system::cpu_seconds() - cpu;
    let t = Instant::now();
    if let Some((id, text)) = items.first() {
        dedup.add(*id, &format!("{text} Đã kiến nghị nhiều lần."));
        let _ = dedup.similar(text, 8);
    }
    let edit = t.elapsed();
    Run {
        quality: quality(petitions, &groups),
        add,
        build,
        groups: groups_time,
        edit,
        cpu,
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn row(md: &mut String, name: &str, q: &Quality, time: &str) {
    let _ = writeln!(
        md,
        "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {} | {} | {time} |",
        q.precision, q.recall, q.bcubed_precision, q.bcubed_recall, q.groups, q.grouped
    );
}

const HEADER: &str = "| method | pair precision | pair recall | B³ precision | B³ recall | groups (≥ 2) | grouped items | time |\n|---|---|---|---|---|---|---|---|";

fn describe(set: &[Petition]) -> String {
    let mut sizes: HashMap<u32, usize> = HashMap::new();
    for p in set {
        *sizes.entry(p.matter).or_default() += 1;
    }
    let single = sizes.values().filter(|&&s| s == 1).count();
    let big = sizes.values().filter(|&&s| s >= 20).count();
    let largest = sizes.values().copied().max().unwrap_or(0);
    let true_pairs: u64 = sizes.values().map(|&s| pairs(s as u64)).sum();
    format!(
        "{} petitions, {} matters ({single} raised once, {big} raised 20 times or more, largest {largest}), {true_pairs} true pairs",
        set.len(),
        sizes.len()
    )
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse()?;
    let load_start = system::load_average();
    let params = args.params;
    let mut md = String::new();
    let command = format!(
        "cargo run --release -p caunoi-bench --bin dedup-bench -- {}",
        std::env::args().skip(1).collect::<Vec<_>>().join(" ")
    );
    let _ = writeln!(md, "# Near-duplicate petitions benchmark\n");
    let _ = writeln!(md, "Command: `{}`\n", command.trim_end());
    let _ = writeln!(
        md,
        "Machine: {} logical CPUs (`nproc`), {}; load average at start {load_start}.\n",
        system::nproc(),
        system::cpu_model()
    );
    let _ = writeln!(
        md,
        "Parameters: {} hashes, {} bands of {} rows, weighted Jaccard threshold {}, group cohesion {}, IDF weighting {}.\n",
        params.hashes,
        params.bands,
        params.hashes / params.bands.max(1),
        params.threshold,
        params.cohesion,
        if params.weighted { "on" } else { "off" }
    );

    // ---- Hand-written sample --------------------------------------------------------------
    let sample = load_sample(&sample_path())?;
    let sample_run = run_dedup(&sample, params, false);
    let sample_title = quality(&sample, &by_title(&sample));
    let _ = writeln!(
        md,
        "## Hand-written sample (`bench/dedup/sample.tsv`: {})\n",
        describe(&sample)
    );
    let _ = writeln!(md, "{HEADER}");
    row(&mut md, "similar::Dedup", &sample_run.quality, "");
    row(&mut md, "exact folded title", &sample_title, "");
    let expanded = expand(&sample, args.seed);
    let expanded_run = run_dedup(&expanded, params, false);
    let expanded_all = run_dedup(&expanded, params, true);
    let _ = writeln!(
        md,
        "\n## Expanded sample (each hand-written petition and {EXPANSION} noisy copies: {})\n",
        describe(&expanded)
    );
    let _ = writeln!(md, "{HEADER}");
    row(&mut md, "similar::Dedup", &expanded_run.quality, "");
    row(
        &mut md,
        "all pairs, exact weighted Jaccard",
        &expanded_all.quality,
        "",
    );
    row(
        &mut md,
        "exact folded title",
        &quality(&expanded, &by_title(&expanded)),
        "",
    );
    eprintln!("sample done");

    // ---- Generated set ------------------------------------------------------------------
    let t = Instant::now();
    let petitions = generate(args.count, args.seed)?;
    eprintln!(
        "generated {} petitions in {:.1} s",
        petitions.len(),
        t.elapsed().as_secs_f64()
    );
    let text_bytes: usize = petitions.iter().map(|p| p.title.len() + p.body.len()).sum();
    let rss_before = system::rss();
    let peak_before = system::peak_rss();
    let run = run_dedup(&petitions, params, false);
    let peak_after = system::peak_rss();
    eprintln!(
        "dedup: add {} build {} groups {} precision {:.3} recall {:.3}",
        secs(run.add),
        secs(run.build),
        secs(run.groups),
        run.quality.precision,
        run.quality.recall
    );
    let t = Instant::now();
    let title_groups = by_title(&petitions);
    let title_time = t.elapsed();
    let title_q = quality(&petitions, &title_groups);
    let _ = writeln!(
        md,
        "\n## Generated petitions (seed {}: {})\n",
        args.seed,
        describe(&petitions)
    );
    let _ = writeln!(
        md,
        "Average petition {:.0} bytes (title and body).\n",
        text_bytes as f64 / petitions.len().max(1) as f64
    );
    let _ = writeln!(md, "{HEADER}");
    row(
        &mut md,
        "similar::Dedup",
        &run.quality,
        &format!(
            "{} ({} shingling + {} index build + {} grouping; {:.2} s CPU); then one petition edited and looked up: {:.1} ms",
            secs(run.add + run.build + run.groups),
            secs(run.add),
            secs(run.build),
            secs(run.groups),
            run.cpu,
            run.edit.as_secs_f64() * 1e3
        ),
    );
    row(&mut md, "exact folded title", &title_q, &secs(title_time));
    // Baseline: the same candidate search over plain (unweighted) Jaccard of the shingle sets.
    let plain = run_dedup(
        &petitions,
        Params {
            weighted: false,
            ..params
        },
        false,
    );
    row(
        &mut md,
        "plain Jaccard (no weights, no unit rule)",
        &plain.quality,
        &secs(plain.add + plain.build + plain.groups),
    );
    let _ = writeln!(
        md,
        "\nMemory (VmHWM, this process): {} before grouping (generated texts in memory, VmRSS {}), {} after; the grouping itself added at most {}.",
        mib(peak_before),
        mib(rss_before),
        mib(peak_after),
        mib(peak_after.saturating_sub(peak_before))
    );

    // ---- All-pairs reference -----------------------------------------------------------
    if args.reference > 0 {
        let small = generate(args.reference, args.seed ^ 0x5A5A)?;
        let lsh = run_dedup(&small, params, false);
        let all = run_dedup(&small, params, true);
        let title = quality(&small, &by_title(&small));
        let _ = writeln!(
            md,
            "\n## All-pairs reference (seed {}: {})\n",
            args.seed ^ 0x5A5A,
            describe(&small)
        );
        let _ = writeln!(
            md,
            "The same similarity and threshold, every pair compared instead of MinHash candidates: what the candidate search loses.\n"
        );
        let _ = writeln!(md, "{HEADER}");
        row(
            &mut md,
            "similar::Dedup (MinHash + LSH)",
            &lsh.quality,
            &secs(lsh.add + lsh.build + lsh.groups),
        );
        row(
            &mut md,
            "all pairs, exact weighted Jaccard",
            &all.quality,
            &secs(all.add + all.build + all.groups),
        );
        row(&mut md, "exact folded title", &title, "");
        eprintln!("reference done");
    }

    // ---- Parameter sweep --------------------------------------------------------------------
    if args.sweep {
        let _ = writeln!(
            md,
            "\n## Parameter sweep (the generated set above)\n\n| hashes | bands | threshold | IDF | pair precision | pair recall | B³ precision | B³ recall | time |\n|---|---|---|---|---|---|---|---|---|"
        );
        let mut grid = Vec::new();
        for weighted in [true, false] {
            for threshold in [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7] {
                grid.push(Params {
                    threshold,
                    weighted,
                    ..params
                });
            }
        }
        for (hashes, bands) in [(64, 16), (128, 16), (128, 42), (128, 64)] {
            grid.push(Params {
                hashes,
                bands,
                ..params
            });
        }
        for p in grid {
            let r = run_dedup(&petitions, p, false);
            let q = r.quality;
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
                p.hashes,
                p.bands,
                p.threshold,
                if p.weighted { "on" } else { "off" },
                q.precision,
                q.recall,
                q.bcubed_precision,
                q.bcubed_recall,
                secs(r.add + r.build + r.groups)
            );
            eprintln!("sweep {p:?}: {:.3} {:.3}", q.precision, q.recall);
        }
    }
    let _ = writeln!(md, "\nLoad average at end: {}.", system::load_average());

    println!("{md}");
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("results/dedup.md"));
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, md)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}
